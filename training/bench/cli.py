"""`flask bench seed --size S|M|L` and `flask bench fixtures` (what the runner reads)."""

from __future__ import annotations

import json
import os
import secrets
import time

import click
from flask.cli import AppGroup

from training.accounts.passwords import hash_password
from training.bench import seed as seeding
from training.extensions import db

bench = AppGroup("bench", help="Benchmark: synthetische gegevens op de schaal van een regio.")

PASSWORD_ENV = "BENCH_PASSWORD"  # noqa: S105 - the name of a variable, not a password


@bench.command("seed")
@click.option(
    "--size",
    type=click.Choice(list(seeding.SIZES), case_sensitive=False),
    default="S",
    show_default=True,
    help="S = 50 professionals, M = 500, L = 2.000 (vier organisaties, twee jaar gegevens).",
)
def seed_command(size: str) -> None:
    """Vul een lege, gesynchroniseerde database met synthetische benchmarkgegevens."""
    size = size.upper()
    password = os.environ.get(PASSWORD_ENV)
    shown = password is None
    if shown:
        password = secrets.token_urlsafe(12)
    # One hash for every account: argon2 at production cost takes ~0.5 s, once.
    password_hash = hash_password(password)
    started = time.monotonic()
    try:
        with click.progressbar(
            length=seeding.planned_rows(seeding.SIZES[size]), label=f"Benchmark {size}", width=30
        ) as bar:
            counts = seeding.seed(size, password_hash=password_hash, progress=bar.update)
        db.session.commit()
    except seeding.BenchError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    except BaseException:
        db.session.rollback()
        raise
    seconds = time.monotonic() - started
    click.echo(f"Klaar in {seconds:.0f} s: {sum(counts.values()):,} rijen.".replace(",", "."))
    for table, count in sorted(counts.items(), key=lambda item: -item[1]):
        click.echo(f"  {table:32} {count:>9,}".replace(",", "."))
    click.echo(
        f"Inloggen als {seeding.LEARNER_EMAIL}, {seeding.TRAINER_EMAIL} of een ander account."
    )
    if shown:
        click.echo(f"Wachtwoord van alle benchmarkaccounts (eenmalig getoond): {password}")
    else:
        click.echo(f"Wachtwoord van alle benchmarkaccounts: uit {PASSWORD_ENV}.")


@bench.command("fixtures")
def fixtures_command() -> None:
    """Toon als JSON waar de benchmark zijn pagina's vindt (ids, slugs, pools)."""
    try:
        click.echo(json.dumps(seeding.fixtures()))
    except seeding.BenchError as error:
        raise click.ClickException(str(error)) from None


@bench.command("counts")
def counts_command() -> None:
    """Toon het aantal rijen per tabel als JSON."""
    click.echo(json.dumps(seeding.table_counts()))
