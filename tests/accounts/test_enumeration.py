"""Signing up tells nobody whether an address has an account: not the page, not the time."""

import re
import statistics
import time

import pytest

from tests.conftest import post_form
from training.accounts.models import User
from training.extensions import db

PASSWORD = "koffie met de buurvrouw"
TOKEN_VALUE_RE = re.compile(r'(name="csrf_token"(?: type="hidden")? value=")[^"]+(")')


def form(email: str) -> dict:
    return {
        "name": "Sanne de Vries",
        "email": email,
        "organisation": "Inloophuis",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }


def answer(client, url: str, email: str) -> dict:
    """Everything a visitor sees of a sign-up, with the per-session CSRF token blanked."""
    response = post_form(client, url, form(email))
    with client.session_transaction() as session:
        flashes = list(session.get("_flashes", []))
    followed = client.get(response.headers["Location"]) if response.status_code == 302 else None
    return {
        "status": response.status_code,
        "location": response.headers.get("Location"),
        "headers": sorted(response.headers.keys()),
        "body": TOKEN_VALUE_RE.sub(r"\1…\2", response.get_data(as_text=True)),
        "flashes": flashes,
        "next status": followed and followed.status_code,
        "next page": followed and TOKEN_VALUE_RE.sub(r"\1…\2", followed.get_data(as_text=True)),
    }


def unconfirmed(user: User) -> User:
    user.email_verified_at = None
    db.session.commit()
    return user


@pytest.fixture
def known_addresses(make_user):
    make_user(email="bevestigd@example.nl")
    unconfirmed(make_user(email="wacht@example.nl"))
    return ["bevestigd@example.nl", "wacht@example.nl"]


def test_a_sign_up_with_a_known_address_looks_exactly_like_one_with_a_new_address(
    app, known_addresses
):
    new = answer(app.test_client(), "/register", "nieuw@example.nl")
    assert new["location"] == "/account/controleer-je-e-mail"
    for email in known_addresses:
        assert answer(app.test_client(), "/register", email) == new, email


def test_a_refused_sign_up_is_refused_alike_for_known_and_new_addresses(app, known_addresses):
    """A weak password is refused before anyone looks the address up."""

    def refused(email):
        data = {**form(email), "password": "kort", "password_confirm": "kort"}
        response = post_form(app.test_client(), "/register", data)
        body = TOKEN_VALUE_RE.sub("", response.get_data(as_text=True))
        return response.status_code, body.replace(email, "ADRES")  # the form shows it back

    new = refused("nieuw@example.nl")
    assert new[0] == 200 and "minstens 10 tekens" in new[1]
    assert [refused(email) for email in known_addresses] == [new, new]


def test_the_address_page_says_nothing_about_an_existing_account(app, known_addresses):
    page = answer(app.test_client(), "/register", known_addresses[0])["next page"]
    assert "bestaat al" not in page
    assert known_addresses[0] not in page


def test_a_sign_up_with_a_known_address_takes_about_as_long_as_with_a_new_one(make_app, make_user):
    """Medians of interleaved tries, with argon2 at a cost where hashing is most of the work.

    Without the hash in the known-address path that path would be several times faster;
    a factor of two either way leaves room for a busy machine.
    """
    tries = 9
    timed = make_app(
        TESTING=True,
        SERVER_NAME="localhost",
        OPEN_REGISTRATION=True,
        REGISTER_RATE_LIMIT="1000 per minute",
        ARGON2_COST={"time_cost": 2, "memory_cost": 19456, "parallelism": 1},
    )
    known = [make_user(email=f"bekend{n}@example.nl").email for n in range(tries)]

    def duration(email: str) -> float:
        client = timed.test_client()
        data = {"csrf_token": "", **form(email)}
        data["csrf_token"] = _csrf(client)
        start = time.perf_counter()
        response = client.post("/register", data=data)
        elapsed = time.perf_counter() - start
        assert response.status_code == 302
        return elapsed

    duration("opwarmen@example.nl")
    new_times, known_times = [], []
    for n in range(tries):
        new_times.append(duration(f"nieuw{n}@example.nl"))
        known_times.append(duration(known[n]))
    ratio = statistics.median(known_times) / statistics.median(new_times)
    assert 0.5 < ratio < 2.0, (new_times, known_times)


def _csrf(client) -> str:
    html = client.get("/register").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
