import pytest
from argon2 import PasswordHasher

from training import create_app
from training.accounts.passwords import hash_password, password_problems, verify_password


def test_passwords_are_hashed_with_argon2id_and_verify():
    hashed = hash_password("een lange zin als wachtwoord")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "een lange zin als wachtwoord")
    assert not verify_password(hashed, "een andere zin als wachtwoord")


def test_a_broken_hash_never_verifies():
    assert not verify_password("not-a-hash", "whatever")


def test_common_passwords_are_refused_whatever_their_case(app):
    with app.test_request_context():
        assert password_problems("Qwertyuiop") != []
        assert password_problems("lente in de polder") == []


def test_password_equal_to_email_is_refused(app):
    with app.test_request_context():
        assert password_problems("eva@example.nl", email="eva@example.nl") != []


def test_tests_hash_cheaply_and_a_hash_at_full_cost_still_verifies(app):
    assert "m=8,t=1,p=1" in hash_password("een lange zin als wachtwoord")
    full = PasswordHasher().hash("een lange zin als wachtwoord")
    assert verify_password(full, "een lange zin als wachtwoord")


def test_a_cheap_password_hash_is_refused_outside_tests(database_url):
    with pytest.raises(RuntimeError, match="ARGON2_COST"):
        create_app(
            {
                "SQLALCHEMY_DATABASE_URI": database_url,
                "SECRET_KEY": "t",
                "ARGON2_COST": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
            }
        )
