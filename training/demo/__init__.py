"""Demo data for a newcomer's first look (`flask demo seed`, run by `make run`)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.demo.cli import demo

    app.cli.add_command(demo)
