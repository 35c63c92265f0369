"""`flask backup create FILE` and `flask backup restore FILE [--force]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from training.backup import service
from training.extensions import db

backup = AppGroup("backup", help="Back-up van de hele database maken of terugzetten.")


@backup.command("create")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def create(file: Path) -> None:
    """Schrijf alle tabellen naar FILE (gzip, JSON-regels, met een overzicht vooraan)."""
    manifest = service.create_backup(file)
    db.session.rollback()
    total = sum(manifest.counts.values())
    click.echo(
        f"Back-up geschreven naar {file}: {total} rijen in {len(manifest.counts)} tabellen "
        f"(schemaversie {manifest.revision})."
    )


@backup.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Vervang wat er al in de database staat.")
def restore(file: Path, force: bool) -> None:
    """Zet FILE terug, in één transactie: alles of niets."""
    try:
        manifest = service.restore_backup(file, force=force)
    except service.BackupError as exc:
        db.session.rollback()
        click.echo(str(exc), err=True)
        click.echo("Niets veranderd.", err=True)
        sys.exit(1)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    total = sum(manifest.counts.values())
    click.echo(f"Teruggezet uit {file}: {total} rijen in {len(manifest.counts)} tabellen.")
