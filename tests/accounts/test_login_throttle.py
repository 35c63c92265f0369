"""Guessing one account's password from many addresses slows the guesser, not the owner.

ASVS 5.0 V6.3.1 (no lock-out of the owner by an attacker) and V6.1.1 (documented controls):
wrong passwords are counted per e-mail address; over the limit a login from a browser the
account never used is refused with a Dutch message pointing to 'Wachtwoord vergeten', while
the owner's own browser (known-device cookie) and a reset link still get in.
"""

import re

import pytest

from tests.conftest import DEFAULT_PASSWORD, delivered, link_path, post_form
from training.accounts import devices, service

TOKEN_VALUE_RE = re.compile(r'(name="csrf_token"(?: type="hidden")? value=")[^"]+(")')
THROTTLED = "te vaak een verkeerd wachtwoord ingevuld"


def attempt(client, email: str, password: str, ip: str):
    return post_form(
        client, "/login", {"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip}
    )


def guess_from_many_addresses(app, email: str, times: int = 12) -> list[int]:
    return [
        attempt(
            app.test_client(), email, f"gok nummer {n}", f"10.0.{n // 250}.{n % 250}"
        ).status_code
        for n in range(times)
    ]


def owner_logs_in_once(app, email: str):
    """The owner's browser after an earlier login and a logout: it carries the device cookie."""
    browser = app.test_client()
    assert attempt(browser, email, DEFAULT_PASSWORD, "192.168.1.20").status_code == 302
    assert browser.get_cookie(devices.COOKIE) is not None
    post_form(browser, "/logout", {})
    assert browser.get("/dashboard").status_code == 302
    return browser


def test_guessing_from_many_addresses_locks_the_guesser_out(app, make_user):
    user = make_user()
    statuses = guess_from_many_addresses(app, user.email)
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    # even the right password, from a browser the account never used, no longer gets in
    response = attempt(app.test_client(), user.email, DEFAULT_PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    body = response.get_data(as_text=True)
    assert THROTTLED in body
    assert 'href="/account/wachtwoord-vergeten"' in body


def test_the_owner_on_her_own_device_still_gets_in_during_the_attack(app, make_user):
    user = make_user()
    browser = owner_logs_in_once(app, user.email)
    guess_from_many_addresses(app, user.email)
    response = attempt(browser, user.email, DEFAULT_PASSWORD, "192.168.1.20")
    assert response.status_code == 302
    assert browser.get("/dashboard").status_code == 200


def test_the_device_cookie_of_another_account_does_not_help(app, make_user):
    owner, other = make_user(), make_user()
    browser = owner_logs_in_once(app, other.email)
    guess_from_many_addresses(app, owner.email)
    assert attempt(browser, owner.email, DEFAULT_PASSWORD, "10.9.9.9").status_code == 429


def test_a_forged_device_cookie_does_not_help(app, make_user):
    user = make_user()
    guess_from_many_addresses(app, user.email)
    browser = app.test_client()
    browser.set_cookie(devices.COOKIE, "WzFd.forged.signature", domain="localhost")
    assert attempt(browser, user.email, DEFAULT_PASSWORD, "10.9.9.9").status_code == 429


def test_the_owner_gets_in_through_a_reset_link_during_the_attack(app, make_user, mail_server):
    user = make_user()
    guess_from_many_addresses(app, user.email)
    browser = app.test_client()
    response = post_form(browser, "/account/wachtwoord-vergeten", {"email": user.email})
    assert response.status_code == 302
    [(recipients, message)] = delivered(mail_server)
    assert recipients == [user.email]
    path = link_path(message, "/account/wachtwoord-herstellen/")
    new = "een heel nieuw wachtwoord"
    response = post_form(browser, path, {"new_password": new, "new_password_confirm": new})
    assert response.status_code == 302
    assert browser.get("/dashboard").status_code == 200
    # the link works once, and the browser is now one the account knows
    assert browser.get(path).status_code == 404
    post_form(browser, "/logout", {})
    assert attempt(browser, user.email, new, "10.9.9.9").status_code == 302


def test_a_reset_forgets_the_counted_failures(app, make_user, mail_server):
    user = make_user()
    guess_from_many_addresses(app, user.email)
    post_form(app.test_client(), "/account/wachtwoord-vergeten", {"email": user.email})
    path = link_path(delivered(mail_server)[0][1], "/account/wachtwoord-herstellen/")
    new = "een heel nieuw wachtwoord"
    post_form(app.test_client(), path, {"new_password": new, "new_password_confirm": new})
    assert attempt(app.test_client(), user.email, new, "10.8.8.8").status_code == 302


def _blank(response, email: str) -> tuple[int, str]:
    body = TOKEN_VALUE_RE.sub(r"\1…\2", response.get_data(as_text=True))
    return response.status_code, body.replace(email, "ADRES")


def test_an_unknown_address_is_throttled_exactly_like_a_known_one(app, make_user):
    user = make_user()
    unknown = "niemand@example.nl"
    known_answers = [
        _blank(attempt(app.test_client(), user.email, f"gok {n}", f"10.1.0.{n}"), user.email)
        for n in range(12)
    ]
    unknown_answers = [
        _blank(attempt(app.test_client(), unknown, f"gok {n}", f"10.2.0.{n}"), unknown)
        for n in range(12)
    ]
    assert known_answers == unknown_answers
    assert [status for status, _ in known_answers] == [200] * 10 + [429] * 2


@pytest.mark.parametrize("known", [True, False])
def test_a_throttled_attempt_hashes_once_whether_or_not_the_account_exists(
    app, make_user, monkeypatch, known
):
    """Same work, so the same time: one argon2 verification per attempt on every path."""
    email = make_user().email if known else "niemand@example.nl"
    guess_from_many_addresses(app, email)
    calls = []
    real = service.verify_password
    monkeypatch.setattr(service, "verify_password", lambda *a: calls.append(1) or real(*a))
    assert attempt(app.test_client(), email, DEFAULT_PASSWORD, "10.3.3.3").status_code == 429
    assert calls == [1]


def test_asking_for_a_reset_answers_alike_for_known_and_unknown_addresses(
    app, make_user, mail_server
):
    user = make_user()

    def answer(email):
        browser = app.test_client()
        response = post_form(browser, "/account/wachtwoord-vergeten", {"email": email})
        with browser.session_transaction() as session:
            flashes = list(session.get("_flashes", []))
        return response.status_code, response.headers.get("Location"), flashes

    assert answer(user.email) == answer("niemand@example.nl")
    assert [to for to, _ in delivered(mail_server)] == [[user.email]]


def test_a_forged_reset_link_gets_a_dutch_page(client):
    response = client.get("/account/wachtwoord-herstellen/niet-echt")
    assert response.status_code == 404
    assert "werkt niet (meer)" in response.get_data(as_text=True)


def test_a_reset_link_refuses_a_weak_password_in_dutch(app, make_user, mail_server):
    user = make_user()
    post_form(app.test_client(), "/account/wachtwoord-vergeten", {"email": user.email})
    path = link_path(delivered(mail_server)[0][1], "/account/wachtwoord-herstellen/")
    browser = app.test_client()
    response = post_form(browser, path, {"new_password": "kort", "new_password_confirm": "kort"})
    assert response.status_code == 200
    assert "minstens 10 tekens" in response.get_data(as_text=True)
    assert attempt(browser, user.email, DEFAULT_PASSWORD, "10.4.4.4").status_code == 302
