"""Branching case vignettes built on CIMO: playing, debrief, statistics (the editor is authoring)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.cases.routes import bp

    app.register_blueprint(bp)
