"""Closed registration (the default outside development): an organisation's domain or its link."""

import pytest
import sqlalchemy as sa

from tests.conftest import delivered, post_form
from training.accounts.models import User
from training.config import build_config
from training.extensions import db
from training.organisations import service as organisations

PASSWORD = "koffie met de buurvrouw"
REFUSAL = "Met dit e-mailadres kun je je hier niet zelf aanmelden."


@pytest.fixture
def closed(app, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN_REGISTRATION", False)


@pytest.fixture
def hvo():
    org = organisations.create_organisation("HVO-Querido", ["hvo.nl"])
    db.session.commit()
    return org


def register(client, email: str):
    return post_form(
        client,
        "/register",
        {
            "name": "Sanne de Vries",
            "email": email,
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )


def accounts() -> list[User]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(User)))


def test_registration_is_closed_unless_the_environment_opens_it(monkeypatch, tmp_path):
    monkeypatch.delenv("OPEN_REGISTRATION", raising=False)
    assert build_config(str(tmp_path))["OPEN_REGISTRATION"] is False
    monkeypatch.setenv("OPEN_REGISTRATION", "1")
    assert build_config(str(tmp_path))["OPEN_REGISTRATION"] is True


def test_the_closed_page_explains_how_to_join(client, closed):
    html = client.get("/register").get_data(as_text=True)
    assert "Je sluit je aan via je organisatie." in html
    assert "met de uitnodigingslink die je van de beheerder van je organisatie kreeg" in html
    assert "met het e-mailadres van je organisatie" in html


def test_the_open_page_does_not_talk_about_organisations(client):
    assert "Je sluit je aan via je organisatie." not in client.get("/register").get_data(
        as_text=True
    )


def test_closed_registration_refuses_an_address_no_organisation_claims(client, closed, mail_server):
    response = register(client, "sanne@gmail.com")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert REFUSAL in html
    assert "uitnodigingslink van je organisatie" in html
    assert accounts() == []
    assert delivered(mail_server) == []


def test_closed_registration_takes_an_address_of_an_organisation_that_allows_its_domain(
    client, closed, hvo, mail_server
):
    response = register(client, "Sanne@HVO.nl")
    assert response.headers["Location"].endswith("/account/controleer-je-e-mail")
    [user] = accounts()
    assert (user.email, user.organisation_id, user.role) == ("sanne@hvo.nl", hvo.id, "learner")
    assert user.email_verified_at is None
    [(recipients, _)] = delivered(mail_server)
    assert recipients == ["sanne@hvo.nl"]


def test_closed_registration_refuses_the_domain_of_an_organisation_that_does_not_allow_it(
    client, closed, hvo
):
    organisations.update_settings(hvo, domain_registration=False)
    db.session.commit()
    assert REFUSAL in register(client, "sanne@hvo.nl").get_data(as_text=True)
    assert accounts() == []


def test_open_registration_respects_an_organisation_that_does_not_allow_its_domain(client, hvo):
    """Open registration never puts someone in an organisation against its setting."""
    organisations.update_settings(hvo, domain_registration=False)
    db.session.commit()
    assert REFUSAL in register(client, "sanne@hvo.nl").get_data(as_text=True)
    assert accounts() == []


def test_open_registration_puts_an_unclaimed_address_in_the_default_organisation(client, hvo):
    register(client, "sanne@gmail.com")
    [user] = accounts()
    assert user.org.slug == organisations.DEFAULT_SLUG


def test_the_refusal_is_the_same_for_an_address_with_an_account(client, closed, make_user):
    make_user(email="sanne@gmail.com")
    html = register(client, "sanne@gmail.com").get_data(as_text=True)
    assert REFUSAL in html
    assert len(accounts()) == 1
