"""The trainer's kit: a session plan per module, discussion questions per case, sources."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.kit.routes import bp

    app.register_blueprint(bp)
