"""Enrolment: an organisation's invitation links through which newcomers make an account."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.enrolment import models  # noqa: F401 - tables known to migrations
    from training.enrolment.routes import bp

    app.register_blueprint(bp)
