"""`flask competence export-xapi`: evidence as xAPI statements for a learning record store."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from training.accounts import service as accounts
from training.competence.exports import all_xapi_statements, xapi_statements

cli = AppGroup("competence", help="Competenties: bewijs en schattingen.")


@cli.command("export-xapi")
@click.option("--user", "email", default=None, help="Alleen het bewijs van dit e-mailadres.")
@click.option(
    "--base-url", default=None, help="Adres van de site (standaard PUBLIC_BASE_URL) voor de IRI's."
)
def export_xapi(email: str | None, base_url: str | None) -> None:
    """Schrijf het bewijs als JSON-lijst van xAPI 1.0.3-statements naar stdout."""
    base = base_url or current_app.config["PUBLIC_BASE_URL"]
    if email is None:
        statements = all_xapi_statements(base)
    else:
        user = accounts.find_user_by_email(email)
        if user is None:
            click.echo(f"Er is geen account met het e-mailadres '{email}'.", err=True)
            sys.exit(1)
        statements = xapi_statements([user], base)
    click.echo(json.dumps(statements, ensure_ascii=False, indent=2))
