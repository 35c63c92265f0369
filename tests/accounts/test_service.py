"""Account rules called directly: language choice, logging in, finding a user, roles."""

import pytest

from tests.conftest import DEFAULT_PASSWORD
from training.accounts import service
from training.extensions import db


def test_set_locale_remembers_the_users_language(make_user):
    user = make_user()
    service.set_locale(user, "en")
    db.session.commit()
    db.session.expire_all()
    assert service.get_user(user.id).locale == "en"


def test_set_locale_refuses_a_language_we_do_not_offer(make_user):
    user = make_user()
    with pytest.raises(service.AccountError, match="Kies Nederlands of Engels."):
        service.set_locale(user, "de")
    assert user.locale == "nl"


def test_log_in_returns_the_user_for_the_right_password(make_user):
    user = make_user()
    assert service.log_in(user.email.upper(), DEFAULT_PASSWORD) == user
    assert user.last_login_at is not None


@pytest.mark.parametrize("email_known", [True, False])
def test_log_in_refuses_with_one_message_whatever_was_wrong(make_user, email_known):
    user = make_user()
    email = user.email if email_known else "niemand@example.nl"
    with pytest.raises(service.AccountError, match="Het e-mailadres of het wachtwoord klopt niet."):
        service.log_in(email, "fout-wachtwoord-123")


def test_get_user_finds_an_existing_user(make_user):
    user = make_user()
    assert service.get_user(user.id) == user


def test_get_user_of_an_unknown_id_is_none(app):
    assert service.get_user(999_999) is None


def test_set_role_gives_the_user_another_role(make_user):
    user = make_user()
    service.set_role(user, "trainer")
    assert user.role == "trainer"


def test_set_role_refuses_an_unknown_role(make_user):
    user = make_user()
    with pytest.raises(service.AccountError, match="Onbekende rol"):
        service.set_role(user, "koning")
    assert user.role == "learner"
