"""The web app's side of the guard: ask the service on 127.0.0.1 over HTTP, with a deadline."""

from __future__ import annotations

import requests
from flask import current_app

from training.rules import RuleError

# Connect quickly or not at all; a 2,000-character post takes tens of milliseconds to check.
TIMEOUT = (0.5, 10.0)


class GuardUnavailable(RuleError):  # noqa: N818 - a state, as the Dutch message says
    """The guard did not answer: nothing may be published unchecked."""


def _url(path: str) -> str:
    return current_app.config["PRIVACY_GUARD_URL"].rstrip("/") + path


def _post(path: str, texts: dict[str, str]) -> dict:
    try:
        response = requests.post(_url(path), json={"texts": texts}, timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        current_app.logger.warning("privacycontrole niet bereikbaar: %s", type(exc).__name__)
        raise GuardUnavailable("de privacycontrole is niet bereikbaar") from None


def find(texts: dict[str, str]) -> list[dict]:
    return _post("/check", texts)["findings"]


def pseudonymise(texts: dict[str, str]) -> dict[str, str]:
    return _post("/pseudonymise", texts)["texts"]


def answers(timeout: float = 1.0) -> bool:
    """Whether the guard service answers its health check (for the readiness endpoint)."""
    try:
        response = requests.get(_url("/health"), timeout=timeout)
    except requests.RequestException:
        return False
    return response.status_code == 200
