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
