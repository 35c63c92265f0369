"""Common passwords (Dutch ones too, and their obvious variants) and names without a letter."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import DEFAULT_PASSWORD, post_form
from training.accounts import service as accounts
from training.accounts.models import User
from training.accounts.names import clean_name, has_visible_letter
from training.accounts.passwords import common_passwords, is_common, password_problems
from training.extensions import db


def user_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)))


@pytest.mark.parametrize(
    "password",
    ["wachtwoord1", "welkom12345", "Wachtwoord1", "Welkom01!", "W4chtw00rd!", "Zomer2024!!",
     "ajax1900ajax1900", "feyenoord1908", "ikhouvanjou2", "2024sinterklaas", "Password123!",
     "qwerty123456", "Amsterdam020"],
)  # fmt: skip
def test_common_passwords_and_obvious_variants_are_refused(password):
    assert is_common(password)
    assert any("veelgebruikte" in problem for problem in password_problems(password))


@pytest.mark.parametrize(
    "password",
    [DEFAULT_PASSWORD, "fietsen-naar-zandvoort", "Koffie met de buurman om 10 uur",
     "hondje-in-de-tuin", "Kerkstraat-bloemkool-7"],
)  # fmt: skip
def test_ordinary_passphrases_pass(password):
    assert not is_common(password)


def test_the_lists_hold_both_dutch_and_international_passwords():
    words = common_passwords()
    assert len(words) > 20_000
    assert {"wachtwoord", "welkom", "voetbal", "password", "dragon"} <= words


def test_registration_refuses_a_common_dutch_password_and_creates_nothing(client):
    before = user_count()
    response = post_form(
        client,
        "/register",
        {"name": "Sanne", "email": "sanne@example.nl", "password": "welkom12345",
         "password_confirm": "welkom12345"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "veelgebruikte wachtwoorden" in response.get_data(as_text=True)
    assert user_count() == before


@pytest.mark.parametrize(
    "name",
    [
        "\u200b\u200b\u200b",
        "\u200e\u2060\ufeff",
        "\u3164\u3164",
        " \u00a0 ",
        "123 !?",
        "\u0301\u0301",
    ],
    ids=["zero-width", "bidi-and-joiners", "hangul-filler", "spaces", "no-letters", "marks"],
)
def test_a_name_without_a_visible_letter_is_refused(name):
    assert not has_visible_letter(name)


def test_names_in_any_script_keep_their_letters():
    for name in ("Ö", "Jan de Vries", "محمد", "李", "Ærøskøbing"):
        assert has_visible_letter(name)
    assert clean_name(" Jan\u200b  de\u200d Vries ") == "Jan de Vries"


def test_profile_refuses_an_invisible_name_and_keeps_the_old_one(login_as):
    client, user = login_as("learner", name="Sanne de Vries")
    response = post_form(
        client, "/account/", {"name": "\u200b\u3164\u200b", "organisation": "", "locale": "nl"}
    )
    assert response.status_code == 200
    assert "minstens één zichtbare letter" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Sanne de Vries"


def test_the_service_refuses_an_invisible_name_too():
    with pytest.raises(accounts.AccountError, match="zichtbare letter"):
        accounts.register_user("leeg@example.nl", "\u200b\u200b", DEFAULT_PASSWORD)
