from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import post_form
from training.accounts.models import User
from training.extensions import db

PO_FILE = Path(__file__).parents[2] / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_dutch_is_the_default_even_for_an_english_browser(client):
    html = client.get("/", headers={"Accept-Language": "en-US,en"}).get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "Inloggen" in html


def test_a_visitor_switches_to_english_and_it_is_remembered(client):
    response = post_form(client, "/language", {"locale": "en", "next": "/login"}, page="/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Log in" in html and "Inloggen" not in html


def test_a_users_language_choice_is_saved_on_their_account(login_as):
    client, user = login_as("learner")
    post_form(client, "/language", {"locale": "en", "next": "/dashboard"}, page="/dashboard")
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"


def test_an_unknown_language_is_refused(client):
    response = post_form(
        client, "/language", {"locale": "xx", "next": "/"}, page="/", follow_redirects=True
    )
    assert "Deze taal is niet beschikbaar." in response.get_data(as_text=True)
    assert '<html lang="nl">' in response.get_data(as_text=True)


def test_english_translation_is_complete():
    with PO_FILE.open("rb") as fh:
        catalog = read_po(fh)
    missing = [
        m.id
        for m in catalog
        if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == []
    assert fuzzy == []
    assert len(catalog) > 100
