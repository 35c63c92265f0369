"""Backup and restore of the whole database in a portable file (`flask backup create|restore`)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.backup.cli import backup

    app.cli.add_command(backup)
