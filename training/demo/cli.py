"""`flask demo seed`."""

import click
from flask.cli import AppGroup

from training.demo.service import (
    DEMO_ORGANISATIONS,
    seed_demo_accounts,
    seed_demo_activity,
    seed_demo_competence,
    seed_demo_intervision,
    seed_demo_year_group,
)
from training.extensions import db

demo = AppGroup("demo", help="Demogegevens.")


@demo.command("seed")
@click.option("--reset-passwords", is_flag=True, help="Geef de demo-accounts nieuwe wachtwoorden.")
def seed(reset_passwords: bool) -> None:
    """Maak de demo-accounts aan (een per rol, plus een collega) en toon hun wachtwoorden eenmalig."""
    rows = seed_demo_accounts(reset_passwords=reset_passwords)
    activity = seed_demo_activity()
    intervision = seed_demo_intervision()
    competence = seed_demo_competence()
    year_group = seed_demo_year_group()
    db.session.commit()
    click.echo("Demo-accounts:")
    click.echo("Organisaties: " + ", ".join(DEMO_ORGANISATIONS) + " en het platform zelf.")
    for email, role, password in rows:
        if password:
            click.echo(f"  {role:8} {email:28} wachtwoord: {password}")
        else:
            click.echo(
                f"  {role:8} {email:28} (bestaat al; nieuwe wachtwoorden met: flask demo seed --reset-passwords)"
            )
    if activity:
        click.echo("De demo-deelnemer heeft voortgang en een gedeelde reflectie gekregen.")
    if intervision:
        click.echo(
            "Een demo-intervisiegroep met een lopende casus (incidentmethode) is aangemaakt."
        )
    if year_group:
        click.echo(
            "Een jaargroep van demo-deelnemers heeft de moduletoetsen gemaakt "
            "(voor de itemstatistieken)."
        )
    if competence:
        click.echo(
            "De demo-deelnemers hebben acht weken competentiegeschiedenis en een trainersgroep."
        )
