"""`flask content check | sync | stats`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from training.content import service
from training.extensions import db

content = AppGroup("content", help="Lesinhoud (content/) controleren en laden.")


def _root(path: str | None) -> Path:
    return Path(path) if path else Path(current_app.config["CONTENT_DIR"])


@content.command("check")
@click.option("--path", default=None, help="Map met de content (standaard content/).")
def check(path: str | None) -> None:
    """Controleer alle bestanden; meldt elk probleem als BESTAND:REGEL: melding."""
    result, banks, problems = service.check_content(_root(path))
    for warning in banks.get("warnings", []):
        click.echo(str(warning))
    for problem in problems:
        click.echo(str(problem))
    for line in service.figure_lines(banks.get("figures")):
        click.echo(line)
    if problems:
        click.echo(f"{len(problems)} problemen gevonden.", err=True)
        raise SystemExit(1)
    questions = sum(len(questions) for _, questions in banks["questions"])
    warnings = len(banks.get("warnings", []))
    click.echo(
        f"In orde: {len(result.categories)} categorieën, {len(result.modules)} modules, "
        f"{questions} vragen, {len(banks['cases'])} casussen, {len(banks['pages'])} pagina's"
        + (f"; {warnings} waarschuwingen." if warnings else ".")
    )


@content.command("sync")
@click.option("--path", default=None, help="Map met de content (standaard content/).")
def sync(path: str | None) -> None:
    """Laad de content in de database, in één transactie; bij een fout verandert er niets."""
    try:
        report = service.sync_content(_root(path))
    except service.ContentError as exc:
        db.session.rollback()
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo("Niets geladen: los eerst de problemen op.", err=True)
        raise SystemExit(1) from exc
    db.session.commit()
    for line in report.lines():
        click.echo(line)


@content.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Als JSON.")
def stats(as_json: bool) -> None:
    """Tellingen van wat er geladen is."""
    numbers = service.content_stats()
    if as_json:
        click.echo(json.dumps(numbers, ensure_ascii=False, indent=2))
        return
    click.echo(f"Categorieën: {numbers['categories']}")
    click.echo(f"Modules: {numbers['modules']} ({numbers['lessons']} lessen)")
    for slug, words in numbers["words_by_module"].items():
        click.echo(f"  {slug}: {words} woorden")
