"""The case editor: trainers write cases in YAML or with forms, preview and publish them."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.authoring.routes import bp

    app.register_blueprint(bp)
