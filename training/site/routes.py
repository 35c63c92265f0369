"""Landing page, role dashboards, language switch and health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.accounts import service as accounts
from training.saving import saving
from training.security import safe_redirect_target
from training.site import service
from training.site.forms import LanguageForm

bp = Blueprint("site", __name__)


@bp.app_context_processor
def inject_language_form() -> dict:
    form = LanguageForm(locale=str(_current_locale()), next=request.full_path.rstrip("?"))
    return {"language_form": form}


def _current_locale() -> str:
    return str(get_locale() or "nl")


@bp.route("/")
def landing():
    return render_template("site/landing.html")


@bp.route("/dashboard")
@login_required
def dashboard():
    dashboard = service.dashboard_of(current_user)
    return render_template(
        "site/dashboard.html",
        groups=dashboard.groups,
        next_lesson=dashboard.next_lesson,
        started=dashboard.started,
        invitations=dashboard.cohort_invitations,
    )


@bp.route("/language", methods=["POST"])
def set_language():
    form = LanguageForm()
    target = safe_redirect_target(form.next.data) or url_for("site.landing")
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            with saving():
                accounts.set_locale(current_user._get_current_object(), form.locale.data)
    else:
        flash(_("Deze taal is niet beschikbaar."), "danger")
    return redirect(target)


@bp.route("/healthz")
def healthz():
    """Liveness: this process answers and reaches its database."""
    if service.database_is_reachable():
        return jsonify(status="ok", database="ok")
    return jsonify(status="error", database="unreachable"), 503


@bp.route("/readyz")
def readyz():
    """Readiness: also Redis (when configured) and the privacy guard; 503 until all answer."""
    parts, ready = service.readiness(current_app.config.get("REDIS_URL"))
    return jsonify(status="ok" if ready else "error", **parts), 200 if ready else 503
