import pytest
from flask import Flask


def test_landing_page_explains_the_platform_in_dutch(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "dak- en thuisloze mensen" in html
    assert "Account aanmaken" in html


def test_unknown_page_gets_a_dutch_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_wrong_method_gets_a_dutch_405(client):
    response = client.delete("/login")
    assert response.status_code == 405
    assert "Niet toegestaan" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "role,text",
    [
        ("learner", "professional in opleiding"),
        ("trainer", "Voor trainers"),
        ("admin", "Gebruikers beheren"),
    ],
)
def test_each_role_gets_its_own_dashboard(login_as, role, text):
    client, _ = login_as(role)
    assert text in client.get("/dashboard").get_data(as_text=True)


def test_an_unexpected_error_shows_a_dutch_page_that_leaks_nothing(make_app):
    app: Flask = make_app()

    @app.route("/kapot")
    def broken():
        raise RuntimeError("geheime interne details")

    response = app.test_client().get("/kapot")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis" in body
    assert "geheime interne details" not in body and "Traceback" not in body


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(make_app, tmp_path):
    missing = tmp_path / "geen-map" / "db.sqlite"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] != "ok"
