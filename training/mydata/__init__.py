"""Data rights: "Mijn gegevens" (download everything, delete the account) and retention."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.mydata import tasks  # noqa: F401 - its job kinds
    from training.mydata.cli import cli
    from training.mydata.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(cli)
