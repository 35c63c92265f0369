"""`flask privacy purge`: apply each organisation's retention periods."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from training.extensions import db
from training.mydata.purge import purge

cli = AppGroup("privacy", help="Privacy: bewaartermijnen toepassen.")


@cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Alleen tellen wat weg zou gaan; niets verwijderen.")
def purge_command(dry_run: bool) -> None:
    """Verwijder accounts en auditregels die hun bewaartermijn voorbij zijn."""
    report = purge(dry_run=dry_run)
    if dry_run:
        db.session.rollback()
        click.echo("Proefdraai: er is niets verwijderd.")
        click.echo(f"Accounts die verwijderd zouden worden: {report.accounts}")
        click.echo(f"Auditregels die verwijderd zouden worden: {report.audit_entries}")
    else:
        db.session.commit()
        click.echo(f"Verwijderde accounts: {report.accounts}")
        click.echo(f"Verwijderde auditregels: {report.audit_entries}")
    if report.kept:
        click.echo(
            f"Niet verwijderd (laatste platformbeheerder): {report.kept}",
        )
