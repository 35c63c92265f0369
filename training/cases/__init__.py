"""Branching case vignettes built on CIMO, with a trainer's editor."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.cases.routes import bp

    app.register_blueprint(bp)
