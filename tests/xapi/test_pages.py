"""The LRS settings page: who may open it, what it refuses, and that the password stays hidden."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import log_in, post_form
from tests.xapi.conftest import connect, queue
from tests.xapi.ralph import TENANTS, closed_port_url
from training.extensions import db
from training.xapi import credentials
from training.xapi.models import LrsConnection

PAGE = "/beheer/lrs"
PASSWORD = "Geheim-LRS-wachtwoord-4417"


def _form(**overrides) -> dict:
    return {
        "enabled": "y",
        "endpoint": "https://lrs.noord.example/xAPI",
        "username": "netwerkwijs",
        "password": PASSWORD,
    } | overrides


def _stored() -> list[LrsConnection]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(LrsConnection)))


@pytest.fixture
def beheerder(client, make_user, noord):
    user = make_user(email="bea@noord.nl", role="beheerder", org=noord)
    assert log_in(client, user.email).status_code == 302
    return client


@pytest.mark.parametrize("role", ["learner", "trainer"])
def test_only_beheerders_and_admins_reach_the_page(client, make_user, noord, role):
    user = make_user(email=f"{role}@noord.nl", role=role, org=noord)
    log_in(client, user.email)
    assert client.get(PAGE).status_code == 403
    assert client.get(f"/admin/organisaties/{noord.slug}/lrs").status_code == 403


def test_anonymous_visitors_go_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_says_nothing_is_set_up_yet(beheerder):
    html = beheerder.get(PAGE).get_data(as_text=True)
    assert "niet ingesteld" in html
    assert 'for="endpoint"' in html and 'for="password"' in html and 'name="csrf_token"' in html
    assert "Verbinding testen" not in html


def test_saving_stores_the_settings_with_the_password_encrypted(beheerder, noord):
    response = post_form(beheerder, PAGE, _form())
    assert response.status_code == 302
    (connection,) = _stored()
    assert (connection.organisation_id, connection.enabled) == (noord.id, True)
    assert connection.endpoint == "https://lrs.noord.example/xAPI"
    assert PASSWORD not in connection.password_encrypted
    assert credentials.decrypt(connection.password_encrypted) == PASSWORD
    html = beheerder.get(PAGE).get_data(as_text=True)
    assert "Ingesteld" in html and PASSWORD not in html
    assert "https://lrs.noord.example/xAPI" in html


def test_an_empty_password_keeps_the_stored_one(beheerder):
    post_form(beheerder, PAGE, _form())
    response = post_form(beheerder, PAGE, _form(password="", enabled=""))
    assert response.status_code == 302
    (connection,) = _stored()
    assert connection.enabled is False
    assert credentials.decrypt(connection.password_encrypted) == PASSWORD


def test_the_first_save_needs_a_password(beheerder):
    html = post_form(beheerder, PAGE, _form(password="")).get_data(as_text=True)
    assert "Geef het wachtwoord of secret" in html
    assert _stored() == []


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://lrs.noord.example/xAPI",  # plain http elsewhere than this machine
        "ftp://lrs.noord.example",
        "https://gebruiker:wachtwoord@lrs.noord.example/xAPI",
        "https://lrs.noord.example/xAPI?key=1",
        "https://lrs.noord.example/xAPI#boven",
        "https://[::1",
        "https://lrs.noord.example:99999/xAPI",
        "https://lrs.noord.example:poort/xAPI",
        "lrs.noord.example",
        "https://lrs noord.example",
        "https://" + "a" * 500 + ".example",
    ],
)
def test_a_wrong_address_is_explained_and_nothing_is_stored(beheerder, endpoint):
    response = post_form(beheerder, PAGE, _form(endpoint=endpoint))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "https-adres van de LRS" in html or "te lang" in html
    assert PASSWORD not in html
    assert _stored() == []


def test_http_is_allowed_for_an_lrs_on_this_machine(beheerder):
    for endpoint in ("http://127.0.0.1:8100", "http://localhost:8100/xAPI/"):
        assert post_form(beheerder, PAGE, _form(endpoint=endpoint)).status_code == 302
    assert _stored()[0].endpoint == "http://localhost:8100/xAPI"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "", "Dit veld is verplicht"),
        ("username", "u" * 256, "te lang"),
        ("password", "p" * 501, "te lang"),
        ("endpoint", "", "Dit veld is verplicht"),
    ],
)
def test_missing_or_long_fields_are_explained(beheerder, field, value, message):
    html = post_form(beheerder, PAGE, _form(**{field: value})).get_data(as_text=True)
    assert message in html
    assert _stored() == []


def test_the_page_shows_the_backlog(beheerder, make_user, noord):
    connect(noord, closed_port_url())
    queue(make_user(email="sanne@noord.nl", org=noord), 3)
    html = beheerder.get(PAGE).get_data(as_text=True)
    assert "Wachtend" in html and "(nu aan de beurt: 3)" in html
    assert "Verbinding testen" in html
    assert TENANTS["noord"] not in html


def test_the_connection_check_says_it_works(beheerder, lrs, noord):
    connect(noord, lrs.url)
    response = post_form(beheerder, f"{PAGE}/testen", {}, page=PAGE, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Verbinding gelukt" in html
    assert lrs.ids("noord") == []  # a check sends nothing


def test_the_connection_check_names_a_wrong_password(beheerder, lrs, noord):
    connect(noord, lrs.url, password="niet-goed")
    html = post_form(beheerder, f"{PAGE}/testen", {}, page=PAGE, follow_redirects=True).get_data(
        as_text=True
    )
    assert "weigert de gebruikersnaam of het wachtwoord" in html
    assert "niet-goed" not in html


def test_the_connection_check_says_when_the_lrs_is_down(beheerder, noord):
    connect(noord, closed_port_url())
    html = post_form(beheerder, f"{PAGE}/testen", {}, page=PAGE, follow_redirects=True).get_data(
        as_text=True
    )
    assert "niet bereikbaar" in html


def test_a_beheerder_changes_only_their_own_organisation(client, make_user, noord, zuid):
    other = make_user(email="bea@zuid.nl", role="beheerder", org=zuid)
    log_in(client, other.email)
    assert post_form(client, PAGE, _form()).status_code == 302
    (connection,) = _stored()
    assert connection.organisation_id == zuid.id
    assert client.get(f"/admin/organisaties/{noord.slug}/lrs").status_code == 403


def test_the_platform_admin_sets_up_any_organisation(client, make_user, noord, zuid):
    admin = make_user(email="admin@zuid.nl", role="admin", org=zuid)
    log_in(client, admin.email)
    url = f"/admin/organisaties/{noord.slug}/lrs"
    assert "Opvang Noord" in client.get(url).get_data(as_text=True)
    assert post_form(client, url, _form()).status_code == 302
    (connection,) = _stored()
    assert connection.organisation_id == noord.id
    assert client.get("/admin/organisaties/bestaat-niet/lrs").status_code == 404


def test_the_privacy_statement_names_the_lrs_only_while_it_is_on(client, noord):
    assert "learning record store" not in client.get(f"/privacy/{noord.slug}").get_data(
        as_text=True
    )
    connect(noord, closed_port_url())
    html = client.get(f"/privacy/{noord.slug}").get_data(as_text=True)
    assert "De learning record store (LRS) van Opvang Noord" in html
    connect(noord, closed_port_url(), enabled=False)
    assert "learning record store" not in client.get(f"/privacy/{noord.slug}").get_data(
        as_text=True
    )
