"""Logout and password change end sessions for real: a copied cookie stops working."""

from tests.conftest import DEFAULT_PASSWORD, log_in, post_form


def copy_session_cookie(source, target) -> None:
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value)


def test_logout_invalidates_a_copied_session_cookie(app, make_user):
    user = make_user()
    browser, thief = app.test_client(), app.test_client()
    log_in(browser, user.email)
    copy_session_cookie(browser, thief)
    assert thief.get("/dashboard").status_code == 200

    response = post_form(browser, "/logout", {}, page="/dashboard")
    assert response.status_code == 302
    assert browser.get("/dashboard").status_code == 302
    assert thief.get("/dashboard").status_code == 302


def test_logout_by_get_only_asks_for_confirmation(learner_client):
    response = learner_client.get("/logout")
    assert response.status_code == 200
    assert learner_client.get("/dashboard").status_code == 200


def test_password_change_logs_out_other_devices_but_not_this_one(app, make_user):
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    log_in(here, user.email)
    log_in(elsewhere, user.email)
    response = post_form(
        here,
        "/account/password",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "een nieuw lang wachtwoord",
            "new_password_confirm": "een nieuw lang wachtwoord",
        },
    )
    assert response.status_code == 302
    assert here.get("/dashboard").status_code == 200
    assert elsewhere.get("/dashboard").status_code == 302
    assert log_in(app.test_client(), user.email, "een nieuw lang wachtwoord").status_code == 302


def test_password_change_with_wrong_current_password_changes_nothing(app, make_user):
    user = make_user()
    client = app.test_client()
    log_in(client, user.email)
    response = post_form(
        client,
        "/account/password",
        {
            "current_password": "niet mijn wachtwoord",
            "new_password": "een nieuw lang wachtwoord",
            "new_password_confirm": "een nieuw lang wachtwoord",
        },
    )
    assert "Je huidige wachtwoord klopt niet." in response.get_data(as_text=True)
    assert log_in(app.test_client(), user.email).status_code == 302


def test_password_change_refuses_a_weak_new_password(learner_client):
    response = post_form(
        learner_client,
        "/account/password",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "password123",
            "new_password_confirm": "password123",
        },
    )
    assert response.status_code == 200
    assert "veelgebruikte wachtwoorden" in response.get_data(as_text=True)
