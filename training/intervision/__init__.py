"""Peer intervision: private groups, structured methods, threads, a privacy guard, digests."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_login import current_user

from training.extensions import db
from training.intervision.mail import send_digests
from training.intervision.notifications import unread_notification_count
from training.intervision.threads import purge_closed_threads


def init_app(app: Flask) -> None:
    from training.intervision import tasks  # noqa: F401 - its job kinds
    from training.intervision.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(cli)

    @app.context_processor
    def notification_count():
        def count() -> int:
            if not current_user.is_authenticated:
                return 0
            return unread_notification_count(current_user)

        return {"unread_notifications": count}


cli = AppGroup("intervision", help="Intervisie: e-mailoverzichten en bewaartermijnen.")


@cli.command("send-digests")
@click.option("--base-url", default=None, help="Adres van de site voor links in de e-mail.")
def send_digests_command(base_url: str | None) -> None:
    """Stuur het dagelijkse e-mailoverzicht aan wie nieuwe meldingen heeft."""
    base = base_url or current_app.config.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    sent = send_digests(base)
    click.echo(f"{sent} e-mailoverzicht(en) verstuurd.")


@cli.command("purge")
def purge_command() -> None:
    """Verwijder afgesloten casussen waarvan de bewaartermijn van de groep is verstreken."""
    removed = purge_closed_threads()
    db.session.commit()
    click.echo(f"{removed} afgesloten casus(sen) verwijderd.")
