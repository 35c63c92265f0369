from tests.conftest import post_form
from training.accounts.models import User
from training.extensions import db


def test_profile_saves_name_organisation_and_language(login_as):
    client, user = login_as("learner")
    response = post_form(
        client,
        "/account/",
        {"name": "Eva Jansen", "organisation": "Leger des Heils Haarlem", "locale": "en"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.name, saved.organisation, saved.locale) == (
        "Eva Jansen",
        "Leger des Heils Haarlem",
        "en",
    )
    assert '<html lang="en">' in client.get("/dashboard").get_data(as_text=True)


def test_profile_refuses_an_unknown_language(login_as):
    client, user = login_as("learner")
    response = post_form(client, "/account/", {"name": "Eva", "organisation": "", "locale": "de"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "nl"


def test_profile_refuses_an_empty_name(login_as):
    client, user = login_as("learner")
    response = post_form(client, "/account/", {"name": "", "organisation": "", "locale": "nl"})
    assert "Dit veld is verplicht." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).name == user.name
