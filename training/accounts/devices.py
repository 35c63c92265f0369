"""The known-device cookie: a browser where this account logged in successfully before.

A long-lived, signed, HttpOnly cookie holding the ids of the (at most five) accounts that
logged in from this browser. It grants nothing by itself: it only lets a login with the
right password through while the account is throttled (`throttle.py`), so that someone
guessing from elsewhere cannot lock the owner out. Signed with the app's secret and a salt of
its own, so no other signed value of the app can pass for it.
"""

from __future__ import annotations

from flask import Request, Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "nw_apparaat"
SALT = "netwerkwijs-known-device"
MAX_AGE = 180 * 24 * 3600
MAX_ACCOUNTS = 5


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def known_accounts(req: Request) -> list[int]:
    """The account ids this browser's cookie vouches for; empty when absent, forged or old."""
    value = req.cookies.get(COOKIE)
    if not value:
        return []
    try:
        data = _serializer().loads(value, max_age=MAX_AGE)
    except BadSignature:  # SignatureExpired is one too
        return []
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, int) and not isinstance(item, bool)]


def is_known(req: Request, user_id: int) -> bool:
    return user_id in known_accounts(req)


def remember(response: Response, user_id: int) -> Response:
    """Mark this browser as one the account logged in from (the newest first)."""
    ids = [user_id, *(i for i in known_accounts(request) if i != user_id)][:MAX_ACCOUNTS]
    response.set_cookie(
        COOKIE,
        _serializer().dumps(ids),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]) or request.is_secure,
    )
    return response
