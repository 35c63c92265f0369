"""The signed link that lets the owner of an address choose a new password.

The token carries the account's id, its address and a fingerprint of its current password
hash, signed with the app's secret and a salt of its own, and it expires
(`PASSWORD_RESET_MAX_AGE`, one hour by default). Nothing is stored: once the password
changes the fingerprint no longer matches, so a link works once; it also dies when the
address changes.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from training.accounts.models import User
from training.extensions import db

SALT = "netwerkwijs-password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def make_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "email": user.email, "pw": _fingerprint(user)})


def user_for_token(token: str) -> User | None:
    """The account the link was made for; None when forged, expired, used or for another address."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = db.session.get(User, data["user"])
    if user is None or user.email != data.get("email") or _fingerprint(user) != data.get("pw"):
        return None
    return user
