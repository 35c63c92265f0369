"""Playing cases, the debrief, and the trainers' statistics and editor."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.accounts.access import role_required
from training.cases import service
from training.cases.forms import EditorForm, StepForm
from training.cases.graph import QUALITIES, nodes_by_id
from training.curriculum import service as curriculum
from training.extensions import db

bp = Blueprint("cases", __name__, url_prefix="/cases")


def _categories() -> dict:
    return {c.slug: c for c in curriculum.list_categories()}


@bp.route("/")
@login_required
def index():
    cases = service.published_cases()
    attempts = service.latest_attempts(current_user)
    categories = _categories()
    grouped = {slug: [] for slug in categories}
    for case in cases:
        for slug in case.published.data.get("categories", []):
            if slug in grouped:
                grouped[slug].append(case)
    return render_template(
        "cases/index.html",
        grouped=grouped,
        categories=categories,
        attempts=attempts,
        total=len(cases),
    )


@bp.route("/<slug>")
@login_required
def intro(slug: str):
    case = service.get_case(slug) or abort(404)
    if case.published is None:
        abort(404)
    attempts = service.latest_attempts(current_user)
    return render_template(
        "cases/intro.html", case=case, data=case.published.data, attempt=attempts.get(case.id),
        categories=_categories(), form=StepForm(),
    )  # fmt: skip


@bp.route("/<slug>/start", methods=["POST"])
@login_required
def start(slug: str):
    case = service.get_case(slug) or abort(404)
    if not StepForm().validate_on_submit():
        abort(400)
    try:
        attempt = service.start_or_resume(current_user, case)
    except service.CaseError as exc:
        flash(str(exc), "warning")
        return redirect(url_for(".index"))
    db.session.commit()
    return redirect(url_for(".play", slug=slug, attempt_id=attempt.id))


@bp.route("/<slug>/spelen/<int:attempt_id>", methods=["GET", "POST"])
@login_required
def play(slug: str, attempt_id: int):
    attempt = service.attempt_for_owner(current_user, attempt_id) or abort(404)
    if attempt.case.slug != slug:
        abort(404)
    if attempt.state == "finished":
        return redirect(url_for(".debrief", slug=slug, attempt_id=attempt.id))
    form = StepForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            if request.form.get("actie") == "terug":
                service.go_back(attempt)
            elif not service.take_step(
                attempt, request.form.get("knoop", ""), request.form.get("keuze"),
                request.form.get("reflectie"),
            ):  # fmt: skip
                flash(_("Deze stap was al verwerkt; je gaat verder waar je was."))
        except service.CaseError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
        return redirect(url_for(".play", slug=slug, attempt_id=attempt.id))
    data = attempt.version.data
    last = (
        service.chosen(attempt)[-1]
        if attempt.steps and attempt.steps[-1].choice_index is not None
        else None
    )
    node = service.current_node(attempt)
    return render_template(
        "cases/play.html", attempt=attempt, data=data, node=node, last=last, form=form,
        categories=_categories(), choice_order=service.choice_order(attempt, node),
    )  # fmt: skip


@bp.route("/<slug>/debrief/<int:attempt_id>")
@login_required
def debrief(slug: str, attempt_id: int):
    attempt = service.attempt_for_owner(current_user, attempt_id) or abort(404)
    if attempt.case.slug != slug or attempt.state != "finished":
        abort(404)
    data = attempt.version.data
    return render_template(
        "cases/debrief.html", attempt=attempt, data=data, path=service.chosen(attempt),
        ending=nodes_by_id(data)[attempt.ending_node], scores=service.category_scores(attempt),
        categories=_categories(), qualities=QUALITIES,
        reflections=[s for s in attempt.steps if s.reflection],
        nodes=nodes_by_id(data),
    )  # fmt: skip


# --- trainers ------------------------------------------------------------------------------


@bp.route("/<slug>/statistiek")
@role_required("trainer", "admin")
def statistics(slug: str):
    case = service.get_case(slug) or abort(404)
    stats = service.statistics(case, current_user)
    if stats is None:
        abort(404)
    return render_template(
        "cases/statistics.html", case=case, stats=stats, nodes=nodes_by_id(stats.version.data)
    )


@bp.route("/editor/")
@role_required("trainer", "admin")
def editor_index():
    from training.cases.models import Case

    cases = list(db.session.scalars(db.select(Case).order_by(Case.title)).unique())
    return render_template("cases/editor_index.html", cases=cases)


@bp.route("/editor/nieuw", methods=["GET", "POST"])
@bp.route("/editor/<slug>", methods=["GET", "POST"])
@role_required("trainer", "admin")
def editor(slug: str | None = None):
    case = None
    if slug is not None:
        case = service.get_case(slug) or abort(404)
    form = EditorForm()
    if request.method == "GET":
        if case is not None:
            form.yaml_text.data = case.draft_yaml or service.to_yaml(case.published.data)
        else:
            form.yaml_text.data = render_template("cases/new_case.yaml")
    problems: list[str] = []
    preview = None
    known = set(_categories())
    if form.validate_on_submit():
        try:
            case, problems = service.save_draft(case, form.yaml_text.data, known)
        except service.CaseError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            if form.publish.data:
                version, problems = service.publish_draft(case, current_user, known)
                if version is not None:
                    db.session.commit()
                    flash(_("Versie %(n)s is gepubliceerd.", n=version.number), "success")
                    return redirect(url_for(".editor", slug=case.slug))
                flash(
                    _("Niet gepubliceerd: los eerst de problemen op. Je concept is bewaard."),
                    "danger",
                )
            else:
                flash(_("Concept opgeslagen."), "success")
            db.session.commit()
            if not problems:
                return redirect(url_for(".editor", slug=case.slug))
    elif request.method == "GET" and case is not None and case.draft_yaml:
        problems = service.parse_case_text(case.draft_yaml, known, "casus")[1]
    text = form.yaml_text.data or ""
    data, _ignored = service.parse_case_text(text, known, "casus")
    preview = data
    return render_template(
        "cases/editor.html", form=form, case=case, problems=problems, preview=preview,
        nodes=nodes_by_id(preview) if preview else {},
    )  # fmt: skip


@bp.route("/editor/<slug>/voorbeeld")
@role_required("trainer", "admin")
def preview(slug: str):
    """The draft (or else the published version) as a learner meets it, node by node."""
    case = service.get_case(slug) or abort(404)
    text = case.draft_yaml or (service.to_yaml(case.published.data) if case.published else "")
    data, problems = service.parse_case_text(text, set(_categories()), "casus")
    if data is None:
        flash(_("Een voorbeeld kan pas als de casus geen problemen meer heeft."), "warning")
        return redirect(url_for(".editor", slug=slug))
    return render_template(
        "cases/preview.html",
        case=case,
        data=data,
        nodes=nodes_by_id(data),
        categories=_categories(),
    )


@bp.route("/editor/<slug>/export.yaml")
@role_required("trainer", "admin")
def export_yaml(slug: str):
    case = service.get_case(slug) or abort(404)
    if case.published is None:
        abort(404)
    return Response(
        service.to_yaml(case.published.data),
        mimetype="text/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{case.slug}.yaml"'},
    )
