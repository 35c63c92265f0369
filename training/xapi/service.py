"""An organisation's LRS settings: check and store them, test the connection, read the backlog.

Functions flush but never commit: the request or CLI command that calls them decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from training.extensions import db
from training.organisations.models import Organisation
from training.rules import RuleError
from training.xapi import credentials
from training.xapi.client import DEFAULT_READ_TIMEOUT, LrsClient
from training.xapi.models import LrsConnection

# Plain http is only for an LRS on this machine (tests, a local Ralph).
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
ENDPOINT_MAX = 500
USERNAME_MAX = 255
PASSWORD_MAX = 500


class XapiError(RuleError):
    """A rule about the LRS settings was broken; the message is for the beheerder."""


def connection_for(organisation: Organisation) -> LrsConnection | None:
    return db.session.scalar(
        sa.select(LrsConnection).where(LrsConnection.organisation_id == organisation.id)
    )


def read_timeout() -> float:
    return float(current_app.config.get("XAPI_TIMEOUT_SECONDS", DEFAULT_READ_TIMEOUT))


def check_endpoint(url: str) -> str:
    """The endpoint as it is stored: trimmed, https (http only on this machine), no extras."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:  # e.g. "https://[::1" or a port that is not a number
        parts, host = urlsplit(""), None
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK_HOSTS)
    if (
        not host
        or not secure
        or len(url) > ENDPOINT_MAX
        or parts.username is not None
        or parts.query
        or parts.fragment
        or any(ch.isspace() for ch in url)
    ):
        raise XapiError(
            str(
                _l(
                    "Geef het https-adres van de LRS, zonder gebruikersnaam, vraagteken of #, "
                    "van hoogstens %(max)s tekens, zoals https://lrs.organisatie.nl/xAPI. "
                    "Alleen een LRS op deze machine (127.0.0.1 of localhost) mag http gebruiken.",
                    max=ENDPOINT_MAX,
                )
            )
        )
    return url.rstrip("/")


def save_connection(
    organisation: Organisation, *, enabled: bool, endpoint: str, username: str, password: str
) -> LrsConnection:
    """Store the settings; an empty password keeps the stored one (the form never shows it)."""
    endpoint = check_endpoint(endpoint)
    username = (username or "").strip()
    if not username or len(username) > USERNAME_MAX:
        raise XapiError(
            str(_l("Geef een gebruikersnaam of key van 1 tot %(max)s tekens.", max=USERNAME_MAX))
        )
    if len(password or "") > PASSWORD_MAX:
        raise XapiError(
            str(_l("Het wachtwoord is te lang (hoogstens %(max)s tekens).", max=PASSWORD_MAX))
        )
    connection = connection_for(organisation)
    if not password and connection is None:
        raise XapiError(str(_l("Geef het wachtwoord of secret dat bij deze gebruikersnaam hoort.")))
    if connection is None:
        connection = LrsConnection(organisation_id=organisation.id)
        db.session.add(connection)
    connection.enabled = bool(enabled)
    connection.endpoint = endpoint
    connection.username = username
    if password:
        connection.password_encrypted = credentials.encrypt(password)
    db.session.flush()
    return connection


def client_for(connection: LrsConnection) -> LrsClient:
    """A client with the stored password; raises `credentials.Unreadable` when it cannot be read."""
    return LrsClient(
        connection.endpoint,
        connection.username,
        credentials.decrypt(connection.password_encrypted),
        read_timeout(),
    )


@dataclass(frozen=True)
class CheckOutcome:
    ok: bool
    message: str


def check_connection(connection: LrsConnection | None) -> CheckOutcome:
    """One request to the LRS with the stored settings; the outcome in words for the beheerder."""
    if connection is None:
        return CheckOutcome(
            False, str(_l("Sla eerst het adres, de gebruikersnaam en het wachtwoord op."))
        )
    try:
        client = client_for(connection)
    except credentials.Unreadable:
        return CheckOutcome(False, str(UNREADABLE))
    with client:
        answer = client.check()
    status = answer.status
    if status == 200:
        return CheckOutcome(
            True,
            str(
                _l(
                    "Verbinding gelukt: de LRS antwoordt en accepteert de gebruikersnaam en het wachtwoord."
                )
            ),
        )
    if status is None:
        message = _l(
            "De LRS is niet bereikbaar (%(reason)s). Klopt het adres, en staat de LRS aan?",
            reason=answer.reason,
        )
    elif status == 401:
        message = _l("De LRS weigert de gebruikersnaam of het wachtwoord (HTTP 401).")
    elif status == 403:
        message = _l(
            "De LRS kent deze gebruiker, maar die mag geen statements lezen (HTTP 403). "
            "Versturen kan toch lukken als de gebruiker statements mag schrijven."
        )
    elif status == 404:
        message = _l(
            "Op dit adres staat geen xAPI-LRS (HTTP 404). Controleer het adres van de xAPI-endpoint."
        )
    elif 300 <= status < 400:
        message = _l(
            "De LRS stuurt door naar een ander adres (HTTP %(status)s); vul dat adres in.",
            status=status,
        )
    elif status >= 500:
        message = _l(
            "De LRS heeft een storing (HTTP %(status)s). Probeer het later opnieuw.", status=status
        )
    else:
        message = _l("De LRS antwoordt onverwacht (HTTP %(status)s).", status=status)
    return CheckOutcome(False, str(message))


UNREADABLE = _l(
    "Het opgeslagen wachtwoord kan niet meer gelezen worden (de geheime sleutel van de site is "
    "veranderd). Vul het wachtwoord opnieuw in."
)
