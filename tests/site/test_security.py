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


def test_a_signed_in_persons_page_is_not_stored(learner_client):
    assert learner_client.get("/dashboard").headers["Cache-Control"] == "no-store"


def test_a_signed_in_persons_download_is_not_stored(learner_client):
    response = learner_client.get("/competence/bewijs.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_a_form_with_the_sessions_csrf_token_is_not_stored(client):
    assert client.get("/login").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/bootstrap/static/css/bootstrap.min.css", "/static/css/app.css"])
def test_static_files_may_be_cached_even_for_a_signed_in_person(learner_client, path):
    response = learner_client.get(path)
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


def test_session_cookie_is_secure_over_http_when_the_setting_forces_it(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True)
    cookie = app.test_client().get("/login").headers["Set-Cookie"]
    assert "Secure" in cookie


def test_behind_a_trusted_proxy_https_is_read_from_x_forwarded_proto(make_app):
    client = make_app(TRUST_PROXY=True).test_client()
    secure = client.get("/login", headers={"X-Forwarded-Proto": "https"}).headers["Set-Cookie"]
    assert "Secure" in secure


def test_an_untrusted_x_forwarded_proto_does_not_count(client):
    cookie = client.get("/login", headers={"X-Forwarded-Proto": "https"}).headers["Set-Cookie"]
    assert "Secure" not in cookie


@pytest.mark.parametrize(
    ("base_url", "forced", "secure"),
    [
        ("http://localhost", False, False),
        ("https://localhost", False, True),
        ("http://localhost", True, True),
    ],
)
def test_every_cookie_the_app_sets_follows_the_session_cookies_rule(app, base_url, forced, secure):
    """Flask-Login's remember cookie (and any other) goes through response.set_cookie."""
    app.config["SESSION_COOKIE_SECURE"] = forced
    try:
        with app.test_request_context("/", base_url=base_url):
            response = app.response_class()
            response.set_cookie("remember_token", "1|abc", httponly=True)
            response.set_cookie("positional", "v", None, None, "/", None, False)
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 2
    assert all(("Secure" in cookie) is secure for cookie in cookies), cookies
