"""The pages around signing in with the organisation's account."""

from __future__ import annotations

from tests.conftest import count_queries, post_form
from training.extensions import db
from training.organisations.service import create_organisation
from training.signin import service


def test_login_page_offers_the_organisation_account(client):
    html = client.get("/login?next=/modules/").get_data(as_text=True)
    assert "Log in met je organisatie-account" in html
    assert 'href="/login/organisatie?next=/modules/"' in html


def test_start_page_asks_for_the_work_email_with_a_label(client):
    html = client.get("/login/organisatie").get_data(as_text=True)
    assert "Inloggen met je organisatie-account" in html
    assert '<label class="form-label" for="work_email">Je werkmail</label>' in html
    assert 'name="csrf_token"' in html


def test_an_address_of_an_organisation_without_sign_in_gets_a_dutch_message(client):
    create_organisation("Zonder", ["zonder.example"])
    db.session.commit()
    response = post_form(client, "/login/organisatie", {"work_email": "iemand@zonder.example"})
    assert response.status_code == 200
    assert "Je organisatie heeft inloggen met een organisatie-account niet ingesteld." in (
        response.get_data(as_text=True)
    )


def test_an_invalid_address_gets_a_dutch_message(client):
    response = post_form(client, "/login/organisatie", {"work_email": "geen adres"})
    assert "Vul je e-mailadres van je werk in" in response.get_data(as_text=True)


def test_the_organisation_page_of_an_organisation_without_sign_in_explains(client):
    create_organisation("Zonder", ["zonder.example"])
    db.session.commit()
    for slug in ("zonder", "bestaat-niet"):
        response = client.get(f"/login/organisatie/{slug}", follow_redirects=True)
        assert response.request.path == "/login/organisatie"
        assert "niet ingesteld" in response.get_data(as_text=True)


def test_the_organisation_page_links_to_its_sign_in_service(client):
    organisation = create_organisation("Zorg Zuid", ["zorgzuid.example"])
    service.configure(organisation, "https://idp.example/.well-known/x", "c", "geheim")
    db.session.commit()
    html = client.get(
        "/login/organisatie/zorg-zuid?login_hint=a@zorgzuid.example&next=https://elders.example/"
    ).get_data(as_text=True)
    assert "Verder naar de inlogpagina van Zorg Zuid" in html
    assert (
        'href="/login/organisatie/zorg-zuid/naar-inlogdienst?login_hint=a@zorgzuid.example"' in html
    )


def test_a_login_hint_that_is_no_address_is_dropped(client):
    organisation = create_organisation("Zorg Zuid", ["zorgzuid.example"])
    service.configure(organisation, "https://idp.example/.well-known/x", "c", "geheim")
    db.session.commit()
    html = client.get("/login/organisatie/zorg-zuid?login_hint=geen-adres").get_data(as_text=True)
    assert 'href="/login/organisatie/zorg-zuid/naar-inlogdienst"' in html


def test_a_signed_in_person_is_sent_to_the_dashboard(login_as):
    client, _user = login_as("learner")
    paths = ("", "/x", "/x/naar-inlogdienst", "/x/terug")
    for path in (f"/login/organisatie{p}" for p in paths):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/dashboard")


def test_the_start_page_runs_the_same_queries_however_many_organisations_sign_in(client):
    def start_queries() -> int:
        with count_queries() as statements:
            post_form(client, "/login/organisatie", {"work_email": "iemand@nergens.example"})
        return len(statements)

    organisation = create_organisation("Een", ["een.example"])
    service.configure(organisation, "https://idp.example/.well-known/x", "c", "geheim")
    db.session.commit()
    one = start_queries()
    for n in range(5):
        organisation = create_organisation(f"Org {n}", [f"org{n}.example"])
        service.configure(organisation, "https://idp.example/.well-known/x", "c", "geheim")
    db.session.commit()
    assert start_queries() == one
