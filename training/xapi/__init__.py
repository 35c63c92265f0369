"""Learning records to each organisation's LRS: xAPI statements through an outbox.

Features (quizzes, cases, intervision, competence) build their statements and queue them with
`outbox.add` in the transaction of the event; `delivery` sends them (a job or `flask xapi
deliver`); `vocabulary` holds the words both the outbox and the competence export use.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.xapi import (
        models,  # noqa: F401 - tables known to migrations
        tasks,  # noqa: F401 - its job kinds
    )
    from training.xapi.cli import cli
    from training.xapi.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(cli)
