"""Error pages in the user's language that reveal nothing about the inside."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
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
        db.session.rollback()
        page = f"<!doctype html><html lang=nl><title>{title}</title><h1>{title}</h1><p>{message or default}</p>"
    return page, code


def init_app(app: Flask) -> None:
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
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)
