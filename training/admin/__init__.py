"""Administration: users and their roles."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.admin.routes import bp

    app.register_blueprint(bp)
