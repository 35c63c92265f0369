"""A populated world for the hostile-input tests: the demo's people, groups and reflections."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.conftest import DEFAULT_PASSWORD, log_in
from training.accounts import service as accounts
from training.demo import service as demo
from training.extensions import db

LEARNER = "leerling@netwerkwijs.test"
TRAINER = "trainer@netwerkwijs.test"
ADMIN = "beheer@netwerkwijs.test"
BEHEERDER = "beheerder@netwerkwijs.test"


@pytest.fixture
def world(app, synced_content):
    """The demo seed (two organisations, an intervision group with a thread, reflections,
    competence evidence) with known passwords, and a logged-in client per role."""
    demo.seed_demo_accounts()
    demo.seed_demo_activity()
    demo.seed_demo_intervision()
    demo.seed_demo_competence()
    for email in (LEARNER, TRAINER, ADMIN, BEHEERDER):
        accounts.set_password(accounts.find_user_by_email(email), DEFAULT_PASSWORD)
    db.session.commit()
    clients = {}
    for role, email in (
        ("learner", LEARNER),
        ("trainer", TRAINER),
        ("admin", ADMIN),
        ("beheerder", BEHEERDER),
    ):
        client = app.test_client()
        response = log_in(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        clients[role] = client
    return SimpleNamespace(
        clients=clients,
        users={
            role: accounts.find_user_by_email(email)
            for role, email in (("learner", LEARNER), ("trainer", TRAINER), ("admin", ADMIN))
        },
    )
