"""Signing in with the organisation's own account (OpenID Connect, e.g. Microsoft Entra ID)."""

from flask import Flask

from training.organisations.cli import orgs


def init_app(app: Flask) -> None:
    from training.signin import models  # noqa: F401 - tables known to migrations
    from training.signin.cli import oidc_command
    from training.signin.routes import bp

    app.register_blueprint(bp)
    # `flask orgs oidc ...`: the command belongs with the organisations, its code here, because
    # organisations sit below this package and may not import it.
    orgs.add_command(oidc_command)
