"""Organisations: the tenants that share the platform, each keeping its people's data."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.organisations import models  # noqa: F401 - tables known to migrations
    from training.organisations.cli import orgs

    app.cli.add_command(orgs)
