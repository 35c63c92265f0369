"""Landing page, dashboards, language choice, health check and error pages."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.site import errors
    from training.site.routes import bp

    app.register_blueprint(bp)
    errors.init_app(app)
