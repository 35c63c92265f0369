"""The private reflection journal."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.journal.routes import bp

    app.register_blueprint(bp)
