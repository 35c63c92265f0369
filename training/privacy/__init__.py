"""Privacy: the statement generated from an organisation's settings, and those settings."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.privacy.routes import bp

    app.register_blueprint(bp)
