"""`flask orgs oidc SLUG ...`: an organisation's sign-in service (platform administrators only).

The client secret never goes on the command line, where it would stay in the shell history
and be visible to other users in the process list: it is read from the environment variable
named by --client-secret-env, or asked for without echo.
"""

from __future__ import annotations

import os

import click
from flask import current_app, url_for
from flask.cli import with_appcontext

from training.extensions import db
from training.organisations import service as organisations
from training.signin import oidc, service


def _redirect_uri(slug: str) -> str:
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        return url_for("signin.callback", slug=slug, _external=True)


def _client_secret(variable: str | None) -> str:
    if variable:
        secret = os.environ.get(variable, "")
        if not secret:
            raise click.ClickException(f"De omgevingsvariabele {variable} is leeg of bestaat niet.")
        return secret
    return click.prompt("Client secret", hide_input=True, err=True)


@click.command("oidc")
@click.argument("slug")
@click.option(
    "--discovery-url",
    help="Adres van de OpenID-configuratie, bij Microsoft Entra ID "
    "https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration.",
)
@click.option("--client-id", help="De client-id (bij Entra ID: Application (client) ID).")
@click.option(
    "--client-secret-env",
    metavar="VAR",
    help="Naam van de omgevingsvariabele met het client secret; zonder deze optie wordt het "
    "gevraagd (niet zichtbaar).",
)
@click.option(
    "--no-check",
    is_flag=True,
    help="Haal de OpenID-configuratie niet op om het adres te controleren.",
)
@click.option(
    "--off",
    is_flag=True,
    help="Zet inloggen met het organisatie-account uit en vergeet de instellingen en het secret.",
)
@with_appcontext
def oidc_command(
    slug: str,
    discovery_url: str | None,
    client_id: str | None,
    client_secret_env: str | None,
    no_check: bool,
    off: bool,
) -> None:
    """Inloggen met het account van de organisatie (OpenID Connect): instellen, tonen of uitzetten.

    Zonder opties toont het de huidige instellingen (het secret nooit).
    """
    organisation = organisations.get_organisation(slug)
    if organisation is None:
        raise click.ClickException(f"Onbekende organisatie: {slug} (zie flask orgs list).")
    if off:
        if discovery_url or client_id or client_secret_env:
            raise click.ClickException("--off gaat niet samen met andere instellingen.")
        removed = service.switch_off(organisation)
        db.session.commit()
        if removed:
            click.echo(f"Inloggen met een organisatie-account staat uit voor {organisation.name}.")
        else:
            click.echo(f"{organisation.name} had geen inloggen met een organisatie-account.")
        return
    if not (discovery_url or client_id or client_secret_env):
        _show(organisation)
        return
    if not (discovery_url and client_id):
        raise click.ClickException("Geef zowel --discovery-url als --client-id.")
    if not no_check:
        try:
            metadata = oidc.check_discovery(discovery_url)
        except service.SigninError as exc:
            raise click.ClickException(
                f"{exc} (Controleer het adres, of gebruik --no-check.)"
            ) from exc
        click.echo(f"OpenID-configuratie gevonden; uitgever (issuer): {metadata['issuer']}")
    secret = _client_secret(client_secret_env)
    try:
        service.configure(organisation, discovery_url, client_id, secret)
    except service.SigninError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Inloggen met een organisatie-account staat aan voor {organisation.name}.")
    click.echo(f"Registreer deze redirect-URI bij de inlogdienst: {_redirect_uri(slug)}")
    _warn_without_domains(organisation)


def _show(organisation) -> None:
    signin = service.signin_for(organisation)
    if signin is None:
        click.echo(f"{organisation.name}: inloggen met een organisatie-account staat uit.")
        return
    click.echo(f"{organisation.name}: inloggen met een organisatie-account staat aan.")
    click.echo(f"discovery-URL: {signin.discovery_url}")
    click.echo(f"client-id: {signin.client_id}")
    click.echo("client secret: ingesteld (wordt nooit getoond)")
    click.echo(f"redirect-URI: {_redirect_uri(organisation.slug)}")
    _warn_without_domains(organisation)


def _warn_without_domains(organisation) -> None:
    domains = organisation.email_domains or []
    if domains:
        click.echo("Accounts worden gekoppeld op e-mailadressen in: " + ", ".join(domains))
    else:
        click.echo(
            "Let op: deze organisatie heeft geen e-maildomeinen, dus niemand kan zo inloggen. "
            "Geef de organisatie eerst haar e-maildomeinen.",
            err=True,
        )
