"""Categories, modules and lessons from content/, and each learner's progress."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.curriculum.routes import bp, explainers

    app.register_blueprint(bp)
    app.register_blueprint(explainers)
