"""The floor: a bare Flask app rendering the same `base.html` layout, without a database.

`gunicorn training.bench.floor:app` serves one page that extends `templates/base.html` for a
signed-in learner (a stub user, no session lookup, no queries): what any page of ours costs at
least. The benchmark compares every key page with it, in the same run, on the same machine.
The endpoints the layout links to exist as stubs, so `url_for` works as in the real app.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template_string, request
from flask_babel import Babel, get_locale
from flask_babel import lazy_gettext as _l
from flask_bootstrap import Bootstrap5
from flask_wtf import CSRFProtect, FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, SubmitField

from training import ROOT

PAGE = """{% extends "base.html" %}
{% block title %}Vloer{% endblock %}
{% block content %}
<h1>Vloer</h1>
<p>Dezelfde opmaak als elke pagina van Netwerkwijs, zonder database: de ondergrens.</p>
{% endblock %}"""

# The endpoints base.html links to, per blueprint.
ENDPOINTS = {
    "site": ("landing", "dashboard", "set_language"),
    "curriculum": ("catalogue",),
    "cases": ("index",),
    "quizzes": ("index", "grading_queue", "report"),
    "journal": ("index", "shared"),
    "intervision": ("index", "notifications"),
    "competence": ("index", "cohorts", "settings"),
    "accounts": ("login", "register", "profile", "logout"),
    "mydata": ("index",),
    "audit": ("mine", "organisation_log"),
    "privacy": ("page", "settings"),
    "authoring": ("editor_index",),
    "kit": ("index",),
    "admin": ("users", "organisations_index"),
    "enrolment": ("links",),
    "xapi": ("settings",),
}


class LanguageForm(FlaskForm):
    locale = SelectField(
        _l("Taal"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]
    )
    next = HiddenField()
    submit = SubmitField(_l("Taal kiezen"))


class StubUser:
    """A signed-in learner, as the layout sees one."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_trainer = False
    is_org_admin = False
    is_admin = False
    locale = "nl"
    name = "Vloer"


def _stub() -> str:
    return ""


def create_floor_app() -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "training" / "static"),
    )
    app.config.update(
        SECRET_KEY="floor-not-secret",  # noqa: S106 - signs nothing that matters
        BOOTSTRAP_SERVE_LOCAL=True,
        BABEL_DEFAULT_LOCALE="nl",
        WTF_CSRF_TIME_LIMIT=None,
    )
    Babel(app, default_translation_directories=str(ROOT / "translations"))
    Bootstrap5(app)
    CSRFProtect(app)
    app.jinja_env.globals["get_locale"] = get_locale
    user = StubUser()

    @app.context_processor
    def layout() -> dict:
        form = LanguageForm(locale="nl", next=request.full_path.rstrip("?"))
        return {"current_user": user, "unread_notifications": lambda: 0, "language_form": form}

    for name, endpoints in ENDPOINTS.items():
        bp = Blueprint(name, __name__, url_prefix=f"/{name}")
        for endpoint in endpoints:
            bp.add_url_rule(f"/{endpoint}", endpoint, _stub)
        app.register_blueprint(bp)

    @app.route("/")
    def floor():
        return render_template_string(PAGE)

    return app


app = create_floor_app()
