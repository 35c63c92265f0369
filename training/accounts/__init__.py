"""Users, roles, login, profile."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from training.extensions import login_manager


def init_app(app: Flask) -> None:
    from training.accounts import service
    from training.accounts.cli import users
    from training.accounts.routes import bp

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in om deze pagina te zien.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(service.load_user_from_session)
    app.register_blueprint(bp)
    app.cli.add_command(users)
