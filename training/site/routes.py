"""Landing page, role dashboards, language switch and health check."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.curriculum import service as curriculum
from training.extensions import db
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
    groups = curriculum.catalogue(current_user)
    modules = [item.module for group in groups for item in group.modules]
    done = {
        lesson.id for m in modules for lesson in m.active_lessons
    } & curriculum.completed_lesson_ids(current_user)
    return render_template(
        "site/dashboard.html",
        groups=[g for g in groups if g.category is not None],
        next_lesson=curriculum.next_lesson(current_user, modules, done),
        started=bool(done),
    )


@bp.route("/language", methods=["POST"])
def set_language():
    form = LanguageForm()
    target = safe_redirect_target(form.next.data) or url_for("site.landing")
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
            db.session.commit()
    else:
        flash(_("Deze taal is niet beschikbaar."), "danger")
    return redirect(target)


@bp.route("/healthz")
def healthz():
    if service.database_is_reachable():
        return jsonify(status="ok", database="ok")
    return jsonify(status="error", database="unreachable"), 503
