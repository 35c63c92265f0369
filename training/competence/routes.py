"""Competence pages: own growth, self-assessment, cohorts and heatmap, trainer assessment, exports."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from training.accounts.access import role_required
from training.accounts.models import User
from training.clock import utcnow
from training.competence import service
from training.competence.chart import mastery_chart
from training.competence.exports import cohort_estimates_csv, evidence_csv, xapi_statements
from training.competence.forms import (
    CohortForm,
    CohortMemberForm,
    SettingsForm,
    self_assessment_form,
    trainer_assessment_form,
)
from training.competence.levels import levels
from training.curriculum import service as curriculum
from training.saving import saving

bp = Blueprint("competence", __name__, url_prefix="/competence")

KIND_LABELS = {
    "quiz": _l("toets"),
    "case": _l("casus"),
    "trainer": _l("trainer"),
    "self": _l("eigen afsluiting intervisie"),
    "peer": _l("nuttig volgens collega"),
}


def _page_context(user: User) -> dict:
    rows = service.competence_of(user)
    today = utcnow().date()
    thresholds = [lv.min_score for lv in levels() if lv.min_score]
    charts = {
        row.category.id: mastery_chart(
            [(h.day, h.score) for h in row.history],
            thresholds,
            _(
                "Beheersing in %(category)s over de laatste 12 weken",
                category=row.category.name(current_user.locale),
            ),
            today,
        )
        for row in rows
    }
    return {
        "rows": rows,
        "charts": charts,
        "levels": levels(),
        "subject": user,
        "kinds": KIND_LABELS,
    }


def _learner_for_viewer(user_id: int) -> User:
    return service.learner_for_viewer(current_user, user_id) or abort(404)


def _download(text: str, filename: str, mimetype: str) -> Response:
    return Response(
        text,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _base_url() -> str:
    return current_app.config.get("PUBLIC_BASE_URL") or request.host_url.rstrip("/")


@bp.route("/")
@login_required
def index():
    return render_template("competence/index.html", own=True, **_page_context(current_user))


@bp.route("/zelfbeoordeling", methods=["GET", "POST"])
@login_required
def self_assessment():
    categories = curriculum.list_categories()
    form = self_assessment_form(categories, current_user.locale)
    if form.validate_on_submit():
        with saving(form=form, success=_("Je zelfbeoordeling is opgeslagen.")) as saved:
            service.assess_self(current_user, form.ratings(), form.note.data or "")
        if saved:
            return redirect(url_for(".index"))
    elif request.method == "GET":
        form.fill(service.self_levels_of(current_user))
    return render_template(
        "competence/self.html", form=form, categories=categories, levels=levels()
    )


@bp.route("/bewijs.csv")
@login_required
def own_evidence_csv():
    return _download("\ufeff" + evidence_csv(current_user), "mijn-bewijs.csv", "text/csv")


@bp.route("/xapi.json")
@login_required
def own_xapi():
    statements = xapi_statements([current_user], _base_url())
    return _download(
        json.dumps(statements, ensure_ascii=False, indent=1), "mijn-xapi.json", "application/json"
    )


@bp.route("/deelnemer/<int:user_id>")
@role_required("trainer", "beheerder", "admin")
def learner(user_id: int):
    learner = _learner_for_viewer(user_id)
    return render_template(
        "competence/index.html",
        own=False,
        assessments=service.trainer_assessments_of(learner),
        **_page_context(learner),
    )


@bp.route("/deelnemer/<int:user_id>/beoordelen/<slug>", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def assess(user_id: int, slug: str):
    learner = _learner_for_viewer(user_id)
    if not service.may_assess(current_user, learner):
        abort(403)
    category = curriculum.get_category(slug) or abort(404)
    rubric = service.rubric(category)
    form = trainer_assessment_form(rubric, current_user.locale)
    if form.validate_on_submit():
        success = _("De beoordeling is opgeslagen en telt mee als bewijs.")
        with saving(form=form, success=success) as saved:
            service.assess_as_trainer(
                current_user, learner, category, int(form.level.data),
                form.indicators.data or [], form.comment.data or "",
            )  # fmt: skip
        if saved:
            return redirect(url_for(".learner", user_id=learner.id))
    return render_template(
        "competence/assess.html", form=form, learner=learner, category=category, rubric=rubric,
        levels=levels(),
    )  # fmt: skip


@bp.route("/deelnemer/<int:user_id>/bewijs.csv")
@role_required("trainer", "beheerder", "admin")
def learner_evidence_csv(user_id: int):
    learner = _learner_for_viewer(user_id)
    return _download("\ufeff" + evidence_csv(learner), f"bewijs-{learner.id}.csv", "text/csv")


@bp.route("/deelnemer/<int:user_id>/xapi.json")
@role_required("trainer", "beheerder", "admin")
def learner_xapi(user_id: int):
    learner = _learner_for_viewer(user_id)
    statements = xapi_statements([learner], _base_url())
    return _download(
        json.dumps(statements, ensure_ascii=False, indent=1),
        f"xapi-{learner.id}.json",
        "application/json",
    )


# --- cohorts --------------------------------------------------------------------------------


@bp.route("/groepen/", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def cohorts():
    form = CohortForm()
    if form.validate_on_submit():
        success = _("De groep is aangemaakt. Voeg nu deelnemers toe.")
        with saving(form=form, success=success) as saved:
            cohort = service.create_cohort(current_user, form.name.data)
        if saved:
            return redirect(url_for(".cohort", cohort_id=cohort.id))
    return render_template(
        "competence/cohorts.html", cohorts=service.cohorts_for(current_user), form=form
    )


@bp.route("/groepen/<int:cohort_id>", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def cohort(cohort_id: int):
    cohort = service.cohort_for(current_user, cohort_id) or abort(404)
    form = CohortMemberForm()
    if form.validate_on_submit():
        with saving(field=form.email) as saved:
            added = service.add_to_cohort(cohort, form.email.data)
        if saved:
            flash(_("%(name)s is toegevoegd.", name=added.name), "success")
            return redirect(url_for(".cohort", cohort_id=cohort.id))
    categories = curriculum.list_categories()
    descending = request.args.get("richting") == "af"
    rows, sort = service.sort_heatmap(
        service.heatmap(cohort, categories), categories, request.args.get("sorteer", "naam"),
        descending,
    )  # fmt: skip
    return render_template(
        "competence/cohort.html", cohort=cohort, rows=rows, categories=categories, form=form,
        sort=sort, descending=descending, levels=levels(),
    )  # fmt: skip


@bp.route("/groepen/<int:cohort_id>/verwijderen/<int:user_id>", methods=["POST"])
@role_required("trainer", "beheerder", "admin")
def cohort_remove(cohort_id: int, user_id: int):
    cohort = service.cohort_for(current_user, cohort_id) or abort(404)
    # CSRFProtect guards every POST app-wide; this button carries the token.
    with saving(success=_("De deelnemer is uit de groep gehaald.")):
        service.remove_from_cohort(cohort, user_id)
    return redirect(url_for(".cohort", cohort_id=cohort.id))


@bp.route("/groepen/<int:cohort_id>/schattingen.csv")
@role_required("trainer", "beheerder", "admin")
def cohort_csv(cohort_id: int):
    cohort = service.cohort_for(current_user, cohort_id) or abort(404)
    return _download("\ufeff" + cohort_estimates_csv(cohort), f"groep-{cohort.id}.csv", "text/csv")


@bp.route("/groepen/<int:cohort_id>/xapi.json")
@role_required("trainer", "beheerder", "admin")
def cohort_xapi(cohort_id: int):
    cohort = service.cohort_for(current_user, cohort_id) or abort(404)
    statements = xapi_statements([m.user for m in cohort.members], _base_url())
    return _download(
        json.dumps(statements, ensure_ascii=False, indent=1),
        f"xapi-groep-{cohort.id}.json",
        "application/json",
    )


# --- settings (admin) -----------------------------------------------------------------------


@bp.route("/instellingen", methods=["GET", "POST"])
@role_required("admin")
def settings():
    current = service.settings()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        with saving(form=form) as saved:
            count = service.save_settings(
                form.method.data, form.weight.data, form.n.data, float(form.mastery_score.data)
            )
        if saved:
            flash(_("Opgeslagen; %(n)s schattingen opnieuw berekend.", n=count), "success")
            return redirect(url_for(".settings"))
    return render_template("competence/settings.html", form=form)
