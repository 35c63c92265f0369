"""Failed logins counted per account, so guessing one person's password is slowed down.

The counter lives in the rate limiter's storage (memory in development, Redis in production,
shared by every worker) under the normalised e-mail address, known or not: an address
without an account is counted and refused exactly like one with an account, so the throttle
tells nobody which addresses exist. Over `ACCOUNT_LOGIN_FAILURES` (default 10 in 15
minutes, then 30 in a day: the refusal grows the longer the guessing goes on) a login
without that account's known-device cookie is refused before the password is looked at.
The owner still gets in from a device she used before (`devices.py`) or through a
password-reset link, which also clears the counter.
"""

from __future__ import annotations

from flask import current_app
from limits import RateLimitItem, parse_many

from training.extensions import limiter

SCOPE = "login-failures"


def _limits() -> list[RateLimitItem]:
    return parse_many(current_app.config["ACCOUNT_LOGIN_FAILURES"])


def _key(email: str) -> str:
    return email.strip().lower()[:254]


def is_throttled(email: str) -> bool:
    """True when this address has had too many failed logins lately."""
    key = _key(email)
    return any(not limiter.limiter.test(item, SCOPE, key) for item in _limits())


def record_failure(email: str) -> None:
    key = _key(email)
    for item in _limits():
        limiter.limiter.hit(item, SCOPE, key)


def clear_failures(email: str) -> None:
    """After a password reset the old guesses are worth nothing: start counting afresh."""
    key = _key(email)
    for item in _limits():
        limiter.limiter.clear(item, SCOPE, key)
