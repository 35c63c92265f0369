import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from training.accounts.models import User
from training.extensions import db

VALID = {
    "name": "Fatima el Amrani",
    "email": "Fatima@Opvang.nl",
    "organisation": "Nachtopvang West",
    "password": "koffie met de buurvrouw",
    "password_confirm": "koffie met de buurvrouw",
}


def user_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def test_registration_creates_an_unconfirmed_learner_and_asks_to_confirm_the_address(client):
    response = post_form(client, "/register", VALID)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/controleer-je-e-mail")
    user = db.session.scalar(sa.select(User))
    assert (user.email, user.role, user.organisation) == (
        "fatima@opvang.nl",
        "learner",
        "Nachtopvang West",
    )
    assert user.password_hash.startswith("$argon2id$")
    assert user.email_verified_at is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Open de link in die e-mail" in page
    # not logged in until the address is confirmed
    assert client.get("/dashboard").status_code == 302


def test_registration_refuses_a_too_short_password(client):
    data = {**VALID, "password": "kort12345", "password_confirm": "kort12345"}
    response = post_form(client, "/register", data)
    assert response.status_code == 200
    assert "Kies een wachtwoord van minstens 10 tekens." in response.get_data(as_text=True)
    assert user_count() == 0


def test_registration_refuses_a_common_password(client):
    data = {**VALID, "password": "1234567890", "password_confirm": "1234567890"}
    response = post_form(client, "/register", data)
    assert "veelgebruikte wachtwoorden" in response.get_data(as_text=True)
    assert user_count() == 0


def test_registering_a_taken_email_whatever_its_case_makes_no_second_account(client, make_user):
    owner = make_user(email="fatima@opvang.nl", name="Fatima")
    response = post_form(client, "/register", VALID)
    assert response.headers["Location"].endswith("/account/controleer-je-e-mail")
    assert user_count() == 1
    db.session.refresh(owner)
    assert owner.name == "Fatima"  # the existing account is left as it was


def test_registration_refuses_an_invalid_email(client):
    response = post_form(client, "/register", {**VALID, "email": "geen-adres"})
    assert "Vul een geldig e-mailadres in" in response.get_data(as_text=True)
    assert user_count() == 0


def test_registration_refuses_different_passwords(client):
    response = post_form(client, "/register", {**VALID, "password_confirm": "iets heel anders"})
    assert "De twee wachtwoorden zijn niet gelijk." in response.get_data(as_text=True)
    assert user_count() == 0


def test_registration_refuses_missing_fields_in_dutch(client):
    response = post_form(client, "/register", {"email": "a@b.nl"})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.get_data(as_text=True)
    assert user_count() == 0


def test_registration_refuses_an_overlong_name(client):
    response = post_form(client, "/register", {**VALID, "name": "x" * 500})
    assert "Dit is te lang (hoogstens 120 tekens)." in response.get_data(as_text=True)
    assert user_count() == 0


@pytest.mark.parametrize("field", ["name", "email", "organisation", "password", "password_confirm"])
def test_registration_form_labels_every_field(client, field):
    html = client.get("/register").get_data(as_text=True)
    assert f'<label class="form-label" for="{field}">' in html


def test_registration_is_rate_limited_with_a_dutch_page(app):
    """Six sign-ups from one address in a minute: the sixth gets the Dutch 'too many' page."""

    def register(email: str):
        return post_form(app.test_client(), "/register", {**VALID, "email": email})

    statuses = [register(f"nummer{n}@opvang.nl").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]  # REGISTER_RATE_LIMIT: 5 per minute
    assert user_count() == 5
    response = register("laat@opvang.nl")
    assert response.status_code == 429
    assert "Te veel pogingen in korte tijd" in response.get_data(as_text=True)
