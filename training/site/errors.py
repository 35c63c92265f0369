"""Error pages in the user's language that reveal nothing about the inside."""

from __future__ import annotations

from flask import Flask, render_template, session
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from training.extensions import db
from training.inputs import RefusedInput

MESSAGES = {
    400: (
        _l("Ongeldig verzoek"),
        _l(
            "Dit verzoek konden we niet verwerken. Controleer wat je invulde en probeer het opnieuw."
        ),
    ),
    403: (_l("Geen toegang"), _l("Deze pagina is niet beschikbaar voor jouw account.")),
    404: (
        _l("Pagina niet gevonden"),
        _l("Deze pagina bestaat niet (meer). Controleer het adres of ga terug naar het begin."),
    ),
    405: (_l("Niet toegestaan"), _l("Deze actie kan op deze manier niet worden uitgevoerd.")),
    413: (
        _l("Te veel gegevens"),
        _l(
            "Wat je verstuurde is te groot. Maak de tekst of het bestand kleiner en probeer het opnieuw."
        ),
    ),
    429: (
        _l("Even geduld"),
        _l("Te veel pogingen in korte tijd. Wacht een paar minuten en probeer het dan opnieuw."),
    ),
    503: (
        _l("Even niet bereikbaar"),
        _l(
            "Netwerkwijs kan de gegevens op dit moment niet bereiken. Probeer het over een "
            "minuut opnieuw; wat je net verstuurde is niet opgeslagen."
        ),
    ),
    500: (
        _l("Er ging iets mis"),
        _l(
            "Er ging aan onze kant iets mis. Probeer het later opnieuw; je gegevens zijn niet gewijzigd."
        ),
    ),
}


def render_error(code: int, message=None):
    title, default = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    try:
        page = render_template(
            "errors/error.html", code=code, title=title, message=message or default
        )
    except Exception:  # noqa: BLE001 - e.g. the database is down while the layout asks for the user
        _forget_session()
        # The language from the cookie, not from the account: the user cannot be loaded now.
        locale = session.get("locale") if session.get("locale") in ("nl", "en") else "nl"
        with force_locale(locale):
            page = (
                f"<!doctype html><html lang={locale}><meta charset=utf-8><title>{title}</title>"
                f"<h1>{title}</h1><p>{message or default}</p>"
            )
    return page, code


def _forget_session() -> None:
    """Roll back; when the connection to roll back on is gone too, drop the session."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - nothing is left to roll back
        db.session.remove()


# Seconds a browser or proxy is asked to wait after a 503 while the database is away.
RETRY_AFTER = 30


def database_went_away(exc: DBAPIError) -> bool:
    """The connection failed or was cut (server down, restarted, network), not a bad query."""
    return isinstance(exc, (OperationalError, InterfaceError)) or exc.connection_invalidated


def init_app(app: Flask) -> None:
    @app.errorhandler(DBAPIError)
    def database_error(exc: DBAPIError):
        """The database went away mid-request: a Dutch 503; the pool reconnects (pre-ping)
        once it is back, so the next request simply works."""
        _forget_session()
        if not database_went_away(exc):
            app.logger.exception("Unhandled database error")
            return render_error(500)
        app.logger.warning("Database unreachable: %s", type(exc.orig).__name__)
        page, code = render_error(503)
        return page, code, {"Retry-After": str(RETRY_AFTER)}

    @app.errorhandler(CSRFError)
    def csrf_error(_exc):
        return render_error(
            400,
            _l(
                "Het formulier is verlopen of is niet vanaf deze site verstuurd. Laad de pagina opnieuw en probeer het nog eens."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        return render_error(exc.code, exc.description if isinstance(exc, RefusedInput) else None)

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        _forget_session()
        app.logger.exception("Unhandled error")
        return render_error(500)
