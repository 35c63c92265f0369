"""Headers and cookie rules that hold for every response."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def safe_redirect_target(target: str | None) -> str | None:
    """Only same-site paths may be used to return somewhere (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


# Files that are the same for everyone: a browser or proxy may keep them.
PUBLIC_ENDPOINTS = frozenset({"static", "bootstrap.static"})


def cookies_must_be_secure() -> bool:
    """Cookies go over https only when the request came over https (ProxyFix applied when
    TRUST_PROXY is set) or SESSION_COOKIE_SECURE forces it (ASVS 5.0 V3.3.1)."""
    return has_request_context() and (
        bool(current_app.config["SESSION_COOKIE_SECURE"]) or request.is_secure
    )


class SecureCookieResponse(Response):
    """Every cookie the app sets (session, Flask-Login's remember cookie, any other) gets the
    Secure flag when `cookies_must_be_secure()`: one place instead of one setting each."""

    def set_cookie(self, key: str, *args, **kwargs) -> None:
        if cookies_must_be_secure():
            if len(args) >= 6:  # value, max_age, expires, path, domain, secure
                args = (*args[:5], True, *args[6:])
            else:
                kwargs["secure"] = True
        super().set_cookie(key, *args, **kwargs)


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def is_private(response: Response) -> bool:
    """A response made with the session (a signed-in person's page or download, a form with
    that session's CSRF token) is for one browser only; static files are for everyone."""
    return request.endpoint not in PUBLIC_ENDPOINTS and session.accessed


def set_security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if is_private(response):
        # ASVS 5.0 V14.3.2: no copy in a shared cache or on a shared computer's disk
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    if app.config["TRUST_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.session_interface = HttpsAwareSessionInterface()
    app.response_class = SecureCookieResponse
    app.after_request(set_security_headers)
