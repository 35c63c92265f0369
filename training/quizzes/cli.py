"""`flask quizzes import-gift | export-gift | stats`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from training.curriculum import service as curriculum
from training.extensions import db
from training.quizzes import bank

quizzes = AppGroup("quizzes", help="Vragenbank en toetsen.")


def _category(slug: str | None):
    if slug is None:
        return None
    category = curriculum.get_category(slug)
    if category is None:
        raise click.UsageError(f"Onbekende categorie '{slug}'.")
    return category


@quizzes.command("import-gift")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--category", "category_slug", default=None, help="Categorie voor vragen zonder $CATEGORY."
)
@click.option("--json", "as_json", is_flag=True, help="Verslag als JSON.")
def import_gift(file: Path, category_slug: str | None, as_json: bool) -> None:
    """Importeer een GIFT-bestand (Moodle): alle vragen, of bij een fout geen enkele."""
    fallback = _category(category_slug)
    try:
        data = file.read_bytes()
    except OSError as exc:
        click.echo(f"{file}: kan het bestand niet lezen ({exc.strerror}).", err=True)
        sys.exit(1)
    try:
        report = bank.import_gift(bank.decode(data, str(file)), str(file), fallback)
    except bank.ImportRefused as exc:
        db.session.rollback()
        for line in exc.lines():
            click.echo(line, err=True)
        click.echo("Niets geïmporteerd.", err=True)
        sys.exit(1)
    db.session.commit()
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    click.echo(f"{report.imported} vragen geïmporteerd uit {file}.")
    for qtype, n in sorted(report.by_type.items()):
        click.echo(f"  {qtype}: {n}")
    if report.uncategorised:
        click.echo(
            f"Let op: {report.uncategorised} vragen zonder categorie (geen passende $CATEGORY en geen "
            "--category): " + "; ".join(report.uncategorised_names[:5])
        )


@quizzes.command("export-gift")
@click.option("--category", "category_slug", default=None, help="Alleen deze categorie.")
def export_gift(category_slug: str | None) -> None:
    """Schrijf de vragenbank als GIFT naar stdout."""
    click.echo(bank.export_gift(_category(category_slug)), nl=False)


@quizzes.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Als JSON.")
def stats(as_json: bool) -> None:
    """Tellingen van de vragenbank."""
    numbers = bank.bank_stats()
    if as_json:
        click.echo(json.dumps(numbers, ensure_ascii=False))
        return
    click.echo(f"Vragen: {numbers['questions']}")
    for qtype, n in numbers["by_type"].items():
        click.echo(f"  {qtype}: {n}")
