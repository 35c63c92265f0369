"""Competence evidence per user and category (quizzes, cases, trainers, self, peers)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.competence import (
        models,  # noqa: F401 - tables known to migrations
        tasks,  # noqa: F401 - its job kinds
    )
    from training.competence.cli import cli
    from training.competence.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(cli)
