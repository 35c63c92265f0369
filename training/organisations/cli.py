"""`flask orgs ...`: organisations from the command line (platform administrators only)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from training.extensions import db
from training.organisations import service

orgs = AppGroup("orgs", help="Organisaties beheren.")


@orgs.command("create")
@click.argument("name")
@click.option(
    "--domain",
    "domains",
    multiple=True,
    help="E-maildomein van de organisatie (mag vaker), bijvoorbeeld --domain zorg.nl.",
)
def create(name: str, domains: tuple[str, ...]) -> None:
    """Maak een organisatie; de code is de naam in kleine letters met streepjes."""
    try:
        organisation = service.create_organisation(name, domains)
    except service.OrganisationError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    shown = ", ".join(organisation.email_domains) or "geen"
    click.echo(
        f"Organisatie aangemaakt: {organisation.name} (code {organisation.slug}; domeinen: {shown})"
    )


@orgs.command("list")
def list_command() -> None:
    """Alle organisaties met hun code en e-maildomeinen."""
    for organisation in service.list_organisations():
        shown = ", ".join(organisation.email_domains) or "-"
        click.echo(f"{organisation.slug}\t{organisation.name}\t{shown}")
