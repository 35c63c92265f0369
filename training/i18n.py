"""Language choice: Dutch unless the visitor or user chose English; `flask translate` commands."""

from __future__ import annotations

import subprocess  # noqa: S404 - runs pybabel, a fixed command without shell
import sys
from pathlib import Path

import click
from flask import Flask, current_app, has_request_context, session
from flask_babel import get_locale
from flask_login import current_user

from training import ROOT
from training.extensions import babel

TRANSLATIONS = ROOT / "translations"


def select_locale() -> str:
    """The user's saved choice, else this browser session's choice, else Dutch.

    We do not follow Accept-Language: the platform is Dutch first, English on request.
    """
    if not has_request_context():  # CLI commands speak Dutch
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS),
    )
    app.jinja_env.globals["get_locale"] = get_locale
    app.cli.add_command(translate)


def _pybabel(*args: str) -> None:
    cmd = [str(Path(sys.executable).parent / "pybabel"), *args]
    if subprocess.call(cmd, cwd=ROOT):  # noqa: S603
        raise click.ClickException("pybabel " + " ".join(args) + " mislukt")


@click.group(help="Vertalingen bijwerken (Flask-Babel).")
def translate() -> None:
    pass


@translate.command(help="Teksten verzamelen en het Engelse .po-bestand bijwerken.")
def update() -> None:
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-o", "messages.pot", ".")
    _pybabel("update", "-i", "messages.pot", "-d", "translations", "--no-fuzzy-matching")
    (ROOT / "messages.pot").unlink()


@translate.command(help="Vertalingen compileren (.po naar .mo).")
def compile() -> None:  # noqa: A001 - the command's name as users type it
    _pybabel("compile", "-d", "translations")
