"""Accountability: a log of every time a trainer or admin opens another person's data."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.audit import models  # noqa: F401 - tables known to migrations
    from training.audit.routes import bp

    app.register_blueprint(bp)
