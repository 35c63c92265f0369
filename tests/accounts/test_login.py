import pytest

from tests.conftest import DEFAULT_PASSWORD, log_in, post_form


def test_login_with_right_password_opens_the_dashboard(client, make_user):
    user = make_user(name="Joris Bakker")
    response = log_in(client, user.email)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
    assert "Welkom, Joris Bakker" in client.get("/dashboard").get_data(as_text=True)


def test_login_email_is_case_insensitive(client, make_user):
    make_user(email="joris@example.nl")
    assert log_in(client, "  JORIS@example.NL ").status_code == 302


@pytest.mark.parametrize(
    "email,password",
    [
        ("professional1@example.nl", "verkeerd wachtwoord"),
        ("onbekend@example.nl", DEFAULT_PASSWORD),
    ],
)
def test_wrong_login_gets_one_dutch_message_that_reveals_nothing(
    client, make_user, email, password
):
    make_user()
    response = log_in(client, email, password)
    assert response.status_code == 200
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_login_renews_the_session(client, make_user):
    user = make_user()
    with client.session_transaction() as sess:
        sess["planted_by_attacker"] = "x"
    log_in(client, user.email)
    with client.session_transaction() as sess:
        assert "planted_by_attacker" not in sess
        assert sess["_user_id"] == f"{user.id}:{user.session_version}"


def test_login_returns_to_a_local_next_page(client, make_user):
    user = make_user()
    token_page = client.get("/login?next=/account/")
    assert token_page.status_code == 200
    response = post_form(
        client, "/login?next=/account/", {"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.headers["Location"].endswith("/account/")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_login_never_redirects_to_another_site(client, make_user, target):
    user = make_user()
    response = post_form(
        client, f"/login?next={target}", {"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.headers["Location"].endswith("/dashboard")


def test_login_is_rate_limited_with_a_dutch_page(client, make_user):
    user = make_user()
    statuses = [log_in(client, user.email, "fout wachtwoord").status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    response = log_in(client, user.email)
    assert response.status_code == 429
    assert "Te veel pogingen in korte tijd" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "Het formulier is verlopen" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302
