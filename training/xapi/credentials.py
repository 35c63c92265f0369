"""The LRS password at rest: Fernet (AES-128-CBC with HMAC-SHA256), keyed from SECRET_KEY.

The key is derived with HKDF, with a purpose of its own, so that it is not the key that signs
the session cookies. After a change of SECRET_KEY, the old key in SECRET_KEY_FALLBACKS (Flask's
setting for the same purpose) still reads passwords stored before; without it they cannot be
read and the beheerder enters the password again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

PURPOSE = b"netwerkwijs xapi lrs password"


class Unreadable(Exception):
    """The stored password was encrypted with a key this app no longer has."""


def _fernet(secret: str | bytes) -> Fernet:
    material = secret.encode() if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    secrets = [
        current_app.config["SECRET_KEY"],
        *(current_app.config.get("SECRET_KEY_FALLBACKS") or []),
    ]
    return MultiFernet([_fernet(secret) for secret in secrets])


def encrypt(password: str) -> str:
    return _keys().encrypt(password.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as exc:
        raise Unreadable() from exc
