"""Rate limits shared by every way of making an account (/register and invitation links).

Counted per IP address (`REGISTER_RATE_LIMIT`) and per e-mail address, over all those forms
together, so moving from one form to another buys a script nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request

from training.extensions import limiter

# Sign-ups for one address in an hour: its owner gets at most this many e-mails from them.
PER_ADDRESS = "10 per hour"


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def _address_key() -> str:
    return "register:" + request.form.get("email", "").strip().lower()[:254]


def registration_limits(view: Callable) -> Callable:
    view = limiter.shared_limit(_register_limit, scope="registration", methods=["POST"])(view)
    return limiter.shared_limit(
        PER_ADDRESS, scope="registration-address", key_func=_address_key, methods=["POST"]
    )(view)
