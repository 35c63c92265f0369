"""Fixtures for learning records: two organisations, a real LRS (Ralph) and a relay to it."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.xapi.ralph import TENANTS, Relay, start_ralph
from training.clock import utcnow
from training.extensions import db
from training.organisations.service import create_organisation
from training.xapi import outbox, service, vocabulary
from training.xapi.models import OutboxStatement

BASE = "http://127.0.0.1:5000"  # the test app's PUBLIC_BASE_URL


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    """One Ralph per xdist worker, for every test of the worker that needs an LRS."""
    with start_ralph(tmp_path_factory.mktemp("ralph")) as server:
        yield server


@pytest.fixture
def lrs(ralph):
    """Ralph, holding nothing yet."""
    ralph.clear()
    return ralph


@pytest.fixture
def relay(lrs):
    """A relay to Ralph that cuts the answers it is told to (an outage mid-batch)."""
    port = int(lrs.url.rsplit(":", 1)[1])
    between = Relay(port)
    yield between
    between.close()


@pytest.fixture
def noord():
    organisation = create_organisation("Opvang Noord", ["noord.nl"])
    db.session.commit()
    return organisation


@pytest.fixture
def zuid():
    organisation = create_organisation("Kenter Zuid", ["zuid.nl"])
    db.session.commit()
    return organisation


def connect(organisation, url: str, tenant: str = "noord", *, password: str | None = None,
            enabled: bool = True):  # fmt: skip
    """Give the organisation an LRS (committed)."""
    connection = service.save_connection(
        organisation,
        enabled=enabled,
        endpoint=url,
        username=tenant,
        password=TENANTS[tenant] if password is None else password,
    )
    db.session.commit()
    return connection


_numbers = itertools.count(1)


def statement(user, verb: str = "experienced") -> dict:
    """A small valid statement about `user`, with an id of its own."""
    number = next(_numbers)
    return vocabulary.statement(
        f"test/{number}/{utcnow().isoformat()}",
        vocabulary.actor(BASE, user.id, user.name),
        verb,
        vocabulary.activity(f"{BASE}/xapi/test/{number}", "meeting", f"Test {number}"),
        utcnow(),
    )


def queue(user, count: int) -> list[str]:
    """`count` statements about `user` in the outbox of their organisation (committed)."""
    made = [statement(user) for _ in range(count)]
    assert outbox.add(user.organisation_id, user.id, made) == count
    db.session.commit()
    return [s["id"] for s in made]


def rows(organisation=None) -> list[OutboxStatement]:
    query = sa.select(OutboxStatement).order_by(OutboxStatement.id)
    if organisation is not None:
        query = query.where(OutboxStatement.organisation_id == organisation.id)
    db.session.expire_all()
    return list(db.session.scalars(query))


def later(minutes: float = 0, hours: float = 0):
    return utcnow() + timedelta(minutes=minutes, hours=hours)
