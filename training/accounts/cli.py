"""`flask users ...`: accounts from the command line."""

from __future__ import annotations

import os

import click
from flask.cli import AppGroup

from training.accounts import service
from training.accounts.models import Role
from training.extensions import db
from training.organisations import service as organisations

users = AppGroup("users", help="Accounts beheren.")


def _password_from_env_or_prompt() -> str:
    password = os.environ.get("NETWERKWIJS_PASSWORD")
    if password:
        return password
    return click.prompt(
        "Wachtwoord", hide_input=True, confirmation_prompt="Herhaal wachtwoord", err=True
    )


@users.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.LEARNER.value,
    show_default=True,
)
@click.option(
    "--name", default=None, help="Naam (standaard het deel van het e-mailadres voor de @)."
)
@click.option("--organisation", default="", help="Team of locatie (vrije tekst).")
@click.option(
    "--org",
    "org_slug",
    default=None,
    help="Code van de organisatie (flask orgs list); standaard die van het e-maildomein.",
)
def create_user(
    email: str, role: str, name: str | None, organisation: str, org_slug: str | None
) -> None:
    """Maak een account aan; wachtwoord uit NETWERKWIJS_PASSWORD of twee keer gevraagd."""
    org = None
    if org_slug is not None:
        org = organisations.get_organisation(org_slug)
        if org is None:
            raise click.ClickException(f"Onbekende organisatie: {org_slug} (zie flask orgs list).")
    password = _password_from_env_or_prompt()
    try:
        user = service.register_user(
            email=email,
            name=name or email.split("@")[0],
            password=password,
            organisation=organisation,
            role=role,
            org=org,
        )
    except service.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Account aangemaakt: {user.email} ({user.role}, {user.org.name})")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role(email: str, role: str) -> None:
    """Geef een bestaand account een andere rol."""
    user = service.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Geen account met e-mailadres {email}.")
    service.set_role(user, role)
    db.session.commit()
    click.echo(f"{user.email} is nu {role}.")


@users.command("verify")
@click.argument("email")
def verify(email: str) -> None:
    """Bevestig het e-mailadres van een account zonder e-mail (bijvoorbeeld zonder mailserver)."""
    user = service.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Geen account met e-mailadres {email}.")
    service.verify_email_directly(user)
    db.session.commit()
    click.echo(f"E-mailadres bevestigd: {user.email}")


@users.command("list")
def list_users() -> None:
    """Toon alle accounts."""
    for user in service.list_users():
        click.echo(f"{user.email}\t{user.role}\t{user.name}")
