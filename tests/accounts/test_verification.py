"""Confirming the e-mail address: the mailed link, its expiry, login before it, a new link."""

import time

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.conftest import DEFAULT_PASSWORD, delivered, link_path, log_in, post_form
from training.accounts import verification
from training.accounts.emails import wait_for_deliveries
from training.accounts.models import User
from training.extensions import db

PASSWORD = "koffie met de buurvrouw"


def sign_up(client, email: str, password: str = PASSWORD, name: str = "Sanne de Vries"):
    return post_form(
        client,
        "/register",
        {
            "name": name,
            "email": email,
            "organisation": "",
            "password": password,
            "password_confirm": password,
        },
    )


def account(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_the_verification_mail_arrives_and_its_link_confirms_and_logs_in(app, client, mail_server):
    sign_up(client, "sanne@example.nl")
    [(recipients, message)] = delivered(mail_server)
    assert recipients == ["sanne@example.nl"]
    assert message["Subject"] == "Bevestig je e-mailadres voor Netwerkwijs"
    assert "Hallo Sanne de Vries" in message.get_content()
    # on the configured public address, never one taken from the request's Host header
    assert app.config["PUBLIC_BASE_URL"] + "/account/bevestigen/" in message.get_content()
    path = link_path(message, "/account/bevestigen/")

    page = client.get(path)
    assert page.status_code == 200
    assert "sanne@example.nl" in page.get_data(as_text=True)
    assert account("sanne@example.nl").email_verified_at is None  # opening the link is not enough

    response = post_form(client, path, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
    assert account("sanne@example.nl").email_verified_at is not None
    assert "Welkom, Sanne de Vries" in client.get("/dashboard").get_data(as_text=True)


def test_confirming_with_a_wrong_password_confirms_nothing(client, mail_server):
    sign_up(client, "sanne@example.nl")
    path = link_path(delivered(mail_server)[0][1], "/account/bevestigen/")
    response = post_form(client, path, {"password": "niet mijn wachtwoord"})
    assert response.status_code == 200
    assert "Het wachtwoord klopt niet." in response.get_data(as_text=True)
    assert account("sanne@example.nl").email_verified_at is None
    assert client.get("/dashboard").status_code == 302


def test_an_expired_verification_link_is_refused_with_a_way_to_ask_for_a_new_one(
    client, make_user, monkeypatch, app
):
    user = make_user(email="sanne@example.nl")
    user.email_verified_at = None
    db.session.commit()
    max_age = app.config["EMAIL_VERIFICATION_MAX_AGE"]
    with monkeypatch.context() as patched:
        # the token is signed as if it were made just over 48 hours ago
        patched.setattr(
            TimestampSigner, "get_timestamp", lambda self: int(time.time()) - max_age - 60
        )
        with app.test_request_context():
            token = verification.make_token(user)
    response = client.get(f"/account/bevestigen/{token}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Deze bevestigingslink werkt niet (meer)" in html
    assert 'action="/account/nieuwe-bevestigingslink"' in html
    assert (
        post_form(
            client,
            f"/account/bevestigen/{token}",
            {"password": DEFAULT_PASSWORD},
            page="/account/nieuwe-bevestigingslink",
        ).status_code
        == 404
    )
    assert account("sanne@example.nl").email_verified_at is None


def test_a_token_a_little_younger_than_the_limit_still_works(client, make_user, monkeypatch, app):
    user = make_user(email="sanne@example.nl")
    user.email_verified_at = None
    db.session.commit()
    max_age = app.config["EMAIL_VERIFICATION_MAX_AGE"]
    with monkeypatch.context() as patched:
        patched.setattr(
            TimestampSigner, "get_timestamp", lambda self: int(time.time()) - max_age + 60
        )
        with app.test_request_context():
            token = verification.make_token(user)
    assert client.get(f"/account/bevestigen/{token}").status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        "niets",
        "eyJ1c2VyIjoxLCJlbWFpbCI6ImFAYi5ubCJ9.ZzZzZw.vervalst-vervalst-vervalst",
    ],
)
def test_a_forged_verification_link_is_refused(client, token):
    response = client.get(f"/account/bevestigen/{token}")
    assert response.status_code == 404
    assert "Deze bevestigingslink werkt niet (meer)" in response.get_data(as_text=True)


def test_a_token_signed_for_another_purpose_does_not_confirm(client, make_user, app):
    """The salt keeps another signed value of the app (same secret) from passing for a token."""
    user = make_user(email="sanne@example.nl")
    user.email_verified_at = None
    db.session.commit()
    other = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="iets-anders")
    token = other.dumps({"user": user.id, "email": user.email})
    assert client.get(f"/account/bevestigen/{token}").status_code == 404


def test_the_link_dies_when_the_address_of_the_account_changes(client, make_user, app):
    user = make_user(email="sanne@example.nl")
    user.email_verified_at = None
    db.session.commit()
    with app.test_request_context():
        token = verification.make_token(user)
    assert client.get(f"/account/bevestigen/{token}").status_code == 200
    user.email = "sanne@elders.nl"
    db.session.commit()
    assert client.get(f"/account/bevestigen/{token}").status_code == 404


def test_a_link_of_a_confirmed_address_logs_nobody_in(client, make_user, app):
    user = make_user(email="sanne@example.nl")
    with app.test_request_context():
        token = verification.make_token(user)
    response = client.get(f"/account/bevestigen/{token}")
    assert "Je e-mailadres is al bevestigd" in response.get_data(as_text=True)
    response = post_form(
        client, f"/account/bevestigen/{token}", {"password": DEFAULT_PASSWORD}, page="/login"
    )
    assert client.get("/dashboard").status_code == 302


def test_login_before_confirming_is_refused_with_a_way_to_ask_for_a_new_link(client):
    sign_up(client, "sanne@example.nl")
    response = log_in(client, "sanne@example.nl", PASSWORD)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Je e-mailadres is nog niet bevestigd." in html
    assert 'href="/account/nieuwe-bevestigingslink"' in html
    assert client.get("/dashboard").status_code == 302
    assert account("sanne@example.nl").last_login_at is None


def test_a_wrong_password_for_an_unconfirmed_account_gets_the_usual_message(client):
    """Only someone who knows the password learns that the account exists but waits."""
    sign_up(client, "sanne@example.nl")
    html = log_in(client, "sanne@example.nl", "helemaal verkeerd").get_data(as_text=True)
    assert "Het e-mailadres of het wachtwoord klopt niet." in html
    assert "nog niet bevestigd" not in html


def test_signing_up_again_before_confirming_replaces_the_password(client, mail_server):
    """Whoever owns the address decides: a sign-up by someone else never blocks them."""
    sign_up(client, "sanne@example.nl", password="het wachtwoord van een ander", name="Ander")
    sign_up(client, "sanne@example.nl", password=PASSWORD, name="Sanne")
    messages = delivered(mail_server)
    assert [m["Subject"] for _, m in messages] == ["Bevestig je e-mailadres voor Netwerkwijs"] * 2
    path = link_path(messages[0][1], "/account/bevestigen/")
    refused = post_form(client, path, {"password": "het wachtwoord van een ander"})
    assert "Het wachtwoord klopt niet." in refused.get_data(as_text=True)
    assert post_form(client, path, {"password": PASSWORD}).status_code == 302
    user = account("sanne@example.nl")
    assert (user.name, user.email_verified_at is not None) == ("Sanne", True)


def test_signing_up_with_a_confirmed_address_tells_its_owner_and_changes_nothing(
    client, make_user, mail_server
):
    owner = make_user(email="sanne@example.nl", name="Sanne")
    old_hash = owner.password_hash
    sign_up(client, "Sanne@Example.nl", password="een ander wachtwoord", name="Iemand")
    [(recipients, message)] = delivered(mail_server)
    assert recipients == ["sanne@example.nl"]
    assert message["Subject"] == "Iemand probeerde een account te maken met je e-mailadres"
    assert "Je hebt hier al een account, dus er is niets veranderd." in message.get_content()
    assert "/account/bevestigen/" not in message.get_content()
    user = account("sanne@example.nl")
    assert (user.name, user.password_hash) == ("Sanne", old_hash)


def new_link(client, email: str):
    return post_form(client, "/account/nieuwe-bevestigingslink", {"email": email})


def test_a_new_verification_link_goes_only_to_an_account_that_waits(client, make_user, mail_server):
    make_user(email="bevestigd@example.nl")
    sign_up(client, "wacht@example.nl")
    delivered(mail_server).clear()
    answers = []
    for email in ("wacht@example.nl", "bevestigd@example.nl", "onbekend@example.nl"):
        response = new_link(client, email)
        answers.append(
            (
                response.status_code,
                response.headers["Location"],
                client.get(response.headers["Location"])
                .get_data(as_text=True)
                .count("Hoort bij dit adres een account"),
            )
        )
    assert answers == [(302, "/account/nieuwe-bevestigingslink", 1)] * 3
    [(recipients, message)] = delivered(mail_server)
    assert recipients == ["wacht@example.nl"]
    assert (
        post_form(
            client, link_path(message, "/account/bevestigen/"), {"password": PASSWORD}
        ).status_code
        == 302
    )


def test_asking_for_new_links_is_rate_limited_per_address(app):
    statuses = [
        post_form(
            app.test_client(),
            "/account/nieuwe-bevestigingslink",
            {"email": "wie@example.nl"},
            environ_base={"REMOTE_ADDR": f"10.0.1.{n}"},
        ).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]


def test_users_create_makes_a_confirmed_account_that_can_log_in(app, client):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "noor@example.nl", "--role", "trainer"],
        env={"NETWERKWIJS_PASSWORD": "een veilig wachtwoord"},
    )
    assert result.exit_code == 0, result.output
    assert account("noor@example.nl").email_verified_at is not None
    assert log_in(client, "noor@example.nl", "een veilig wachtwoord").status_code == 302


def test_users_verify_confirms_an_address_from_the_command_line(app, client):
    sign_up(client, "sanne@example.nl")
    result = app.test_cli_runner().invoke(args=["users", "verify", "sanne@example.nl"])
    assert result.exit_code == 0, result.output
    assert log_in(client, "sanne@example.nl", PASSWORD).status_code == 302


def test_users_verify_of_an_unknown_address_says_so(app):
    result = app.test_cli_runner().invoke(args=["users", "verify", "niemand@example.nl"])
    assert result.exit_code == 1
    assert "Geen account met e-mailadres niemand@example.nl." in result.output


def test_without_a_mail_server_the_link_is_in_the_console(client, caplog):
    """`make run` has no MAIL_SERVER: the developer finds the link where `flask run` logs."""
    with caplog.at_level("WARNING"):
        sign_up(client, "sanne@example.nl")
        wait_for_deliveries()
    [link] = [word for word in caplog.text.split() if "/account/bevestigen/" in word]
    assert link.startswith("http://127.0.0.1:5000/account/bevestigen/")
    assert verification.user_for_token(link.rsplit("/", 1)[1]).email == "sanne@example.nl"
