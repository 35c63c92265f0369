"""`flask xapi status | deliver`: the outbox's backlog, and delivery now."""

from __future__ import annotations

import json

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from training.clock import as_utc
from training.extensions import db
from training.organisations import service as organisations
from training.organisations.models import Organisation
from training.xapi import delivery, outbox, service
from training.xapi.models import LrsConnection, OutboxStatement

cli = AppGroup("xapi", help="Leerrecords (xAPI) naar de LRS van elke organisatie.")


def _moment(value) -> str | None:
    return as_utc(value).strftime("%Y-%m-%d %H:%M UTC") if value else None


def _rows() -> list[dict]:
    """Every organisation with LRS settings or rows in the outbox, by code."""
    connections = {c.organisation_id: c for c in db.session.scalars(sa.select(LrsConnection))}
    with_rows = set(db.session.scalars(sa.select(OutboxStatement.organisation_id).distinct()))
    ids = sorted(set(connections) | with_rows)
    names = {
        o.id: o for o in db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids)))
    }
    counts = outbox.backlogs(ids)
    rows = []
    for organisation_id in ids:
        connection = connections.get(organisation_id)
        backlog = counts.get(organisation_id, outbox.Backlog())
        rows.append(
            {
                "organisation": names[organisation_id].slug,
                "lrs": "aan"
                if connection and connection.enabled
                else ("uit" if connection else "-"),
                "waiting": backlog.waiting,
                "due": backlog.due,
                "failed": backlog.failed,
                "delivered": backlog.delivered,
                "oldest_waiting": _moment(backlog.oldest_waiting),
                "last_delivery": _moment(connection.last_delivery_at) if connection else None,
                "last_error": connection.last_error if connection else None,
                "last_error_at": _moment(connection.last_error_at) if connection else None,
            }
        )
    return sorted(rows, key=lambda row: row["organisation"])


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Als JSON (voor monitoring).")
def status(as_json: bool) -> None:
    """De achterstand per organisatie: wachtend, nu aan de beurt, mislukt, afgeleverd."""
    rows = _rows()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("Geen organisatie heeft een LRS ingesteld; de outbox is leeg.")
        return
    header = f"{'organisatie':<24} {'lrs':<4} {'wachtend':>8} {'nu':>6} {'mislukt':>7} {'afgeleverd':>10}  {'oudste wachtend':<20}  laatste fout"
    click.echo(header)
    for row in rows:
        error = f"{row['last_error_at']} {row['last_error']}" if row["last_error"] else "-"
        click.echo(
            f"{row['organisation']:<24} {row['lrs']:<4} {row['waiting']:>8} {row['due']:>6} "
            f"{row['failed']:>7} {row['delivered']:>10}  {row['oldest_waiting'] or '-':<20}  {error}"
        )


@cli.command("deliver")
@click.option("--organisation", "slug", default=None, help="Alleen deze organisatie (code).")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1000),
    default=delivery.DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Statements per verzoek.",
)
@click.option(
    "--max-batches",
    type=click.IntRange(1),
    default=None,
    help="Hoogstens zoveel verzoeken per organisatie.",
)
def deliver(slug: str | None, batch_size: int, max_batches: int | None) -> None:
    """Verstuur wat nu aan de beurt is; exit-code 1 als een LRS niet antwoordde of weigerde."""
    if slug is None:
        report = delivery.deliver_all(batch_size=batch_size, max_batches=max_batches)
    else:
        organisation = organisations.get_organisation(slug)
        if organisation is None:
            raise click.ClickException(f"Er is geen organisatie met de code '{slug}'.")
        report = delivery.deliver(organisation.id, batch_size=batch_size, max_batches=max_batches)
    click.echo(
        f"Afgeleverd: {report.delivered} (waarvan {report.conflicts} met 409: de LRS had ze al), "
        f"wacht op een nieuwe poging: {report.deferred}, geweigerd: {report.refused}, "
        f"mislukt: {report.failed}, "
        f"verzoeken: {report.batches}."
    )
    for error in report.errors:
        click.echo(f"Fout: {error}", err=True)
    if report.errors:
        raise SystemExit(1)


@cli.command("connect")
@click.argument("slug")
@click.option(
    "--endpoint", required=True, help="Adres van de LRS, bijvoorbeeld https://lrs.nl/xAPI."
)
@click.option("--username", required=True, help="Gebruikersnaam of key bij de LRS.")
@click.option(
    "--password",
    envvar="XAPI_LRS_PASSWORD",
    prompt=True,
    hide_input=True,
    help="Wachtwoord of secret (of XAPI_LRS_PASSWORD; anders gevraagd).",
)
@click.option("--off", is_flag=True, help="Instellen maar nog niet versturen.")
def connect_command(slug: str, endpoint: str, username: str, password: str, off: bool) -> None:
    """Stel de LRS van een organisatie in, zoals de beheerder dat op /beheer/lrs doet."""
    organisation = organisations.get_organisation(slug)
    if organisation is None:
        raise click.ClickException(f"Geen organisatie met code {slug}.")
    try:
        service.save_connection(
            organisation, enabled=not off, endpoint=endpoint, username=username, password=password
        )
    except service.XapiError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"LRS van {organisation.slug}: {'uit' if off else 'aan'}, {endpoint}")
