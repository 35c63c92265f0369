import pytest

from tests.conftest import csrf_token


@pytest.mark.parametrize("path", ["/", "/login", "/healthz", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite_lax_but_not_secure_over_http(client):
    cookie = client.get("/login").headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_over_https(client):
    cookie = client.get("/login", base_url="https://localhost").headers["Set-Cookie"]
    assert "Secure" in cookie


def test_a_huge_form_is_refused_with_a_dutch_page(client):
    token = csrf_token(client)
    response = client.post("/login", data={"csrf_token": token, "email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Wat je verstuurde is te groot" in response.get_data(as_text=True)


def test_a_wrong_csrf_token_is_refused(client):
    csrf_token(client)
    response = client.post(
        "/register",
        data={"csrf_token": "vervalst", "name": "A", "email": "a@example.nl"},
    )
    assert response.status_code == 400
    assert "Het formulier is verlopen" in response.get_data(as_text=True)


def test_pages_load_nothing_from_other_sites(client):
    html = client.get("/").get_data(as_text=True)
    assert "cdn." not in html and "https://" not in html


@pytest.mark.parametrize("path", ["/bootstrap/static/css/bootstrap.min.css", "/static/css/app.css"])
def test_static_files_are_served_by_the_app_itself(client, path):
    response = client.get(path)
    assert response.status_code == 200
    response.close()
