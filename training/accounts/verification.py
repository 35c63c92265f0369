"""The signed link that confirms an e-mail address.

The token carries the account's id and its address, signed with the app's secret and a salt
of its own (so no other signed value of the app can pass for it), and it expires
(`EMAIL_VERIFICATION_MAX_AGE`). Nothing is stored: a token dies when it expires, and
also when the account's address changes, since the address inside no longer matches.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from training.accounts.models import User
from training.extensions import db

SALT = "netwerkwijs-email-verification"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "email": user.email})


def user_for_token(token: str) -> User | None:
    """The account the token was made for; None when forged, expired or meant for another address."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["EMAIL_VERIFICATION_MAX_AGE"])
    except BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = db.session.get(User, data["user"])
    if user is None or user.email != data.get("email"):
        return None
    return user
