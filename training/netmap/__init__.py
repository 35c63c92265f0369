"""The network map (netwerkkaart): persons around a client, drawn as SVG; case node and practice tool."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.netmap.routes import bp

    app.register_blueprint(bp)
