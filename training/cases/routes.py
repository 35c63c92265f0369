"""Playing cases, the debrief, and the trainers' statistics and editor."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from training.accounts.access import role_required
from training.cases import drafting, service
from training.cases.forms import (
    AddNodeForm,
    CaseFieldsForm,
    EditorForm,
    NewCaseForm,
    NodeForm,
    StepForm,
)
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

    raw = _raw_draft(text)
    return render_template(
        "cases/editor.html", form=form, case=case, problems=problems, preview=preview,
        nodes=nodes_by_id(raw) if raw else {}, start=(raw or {}).get("start"),
        add_form=AddNodeForm(),
    )  # fmt: skip


def _raw_draft(text: str) -> dict | None:
    """The draft as far as it can be read, even with problems (for the node list)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("nodes"), list) else None


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


# --- the form-based editor: case fields and nodes -------------------------------------------


def _draft_or_redirect(case):

    try:
        return drafting.draft_of(case)
    except service.CaseError as exc:
        flash(str(exc), "danger")
        return None


def _save_data(case, data) -> None:
    """Save a form-edited draft; say how much is left before it can be published."""
    _case, problems = service.save_draft(case, service.to_yaml(data), set(_categories()))
    db.session.commit()
    if problems:
        flash(
            _("Nog %(n)s punten voordat je kunt publiceren; zie het overzicht.", n=len(problems)),
            "warning",
        )


@bp.route("/editor/nieuw-formulier", methods=["GET", "POST"])
@role_required("trainer", "admin")
def new_with_form():

    form = NewCaseForm()
    if form.validate_on_submit():
        data = {
            "slug": form.slug.data,
            "title": form.title.data,
            "summary": "",
            "client": {"name": "", "description": ""},
            "context": {"living_situation": "", "network": "", "client_says": ""},
            "learning_goals": [],
            "categories": [],
            "allow_back": False,
            "strong_path": "",
            "start": "begin",
            "nodes": [{"id": "begin", "type": "narrative", "text": ""}],
        }
        try:
            case, _problems = service.save_draft(None, service.to_yaml(data), set(_categories()))
        except service.CaseError as exc:
            db.session.rollback()
            form.slug.errors = [*form.slug.errors, str(exc)]
        else:
            db.session.commit()
            flash(_("De casus is aangemaakt. Vul de gegevens in en bouw de knopen op."), "success")
            return redirect(url_for(".case_fields", slug=case.slug))
    return render_template("cases/new_form.html", form=form)


@bp.route("/editor/<slug>/gegevens", methods=["GET", "POST"])
@role_required("trainer", "admin")
def case_fields(slug: str):

    case = service.get_case(slug) or abort(404)
    data = _draft_or_redirect(case)
    if data is None:
        return redirect(url_for(".editor", slug=slug))
    form = CaseFieldsForm()
    form.categories.choices = curriculum.category_choices(current_user.locale)
    form.start.choices = [SelectChoice(str(n.get("id")), str(n.get("id"))) for n in data["nodes"]]
    if request.method == "GET":
        client, context = data.get("client") or {}, data.get("context") or {}
        form.title.data = data.get("title", "")
        form.summary.data = data.get("summary", "")
        form.client_name.data = client.get("name", "")
        form.client_age.data = client.get("age")
        form.client_description.data = client.get("description", "")
        for key in ("living_situation", "network", "client_says"):
            form[key].data = context.get(key, "")
        form.learning_goals.data = "\n".join(data.get("learning_goals") or [])
        form.categories.data = list(data.get("categories") or [])
        form.allow_back.data = bool(data.get("allow_back"))
        form.strong_path.data = data.get("strong_path", "")
        form.start.data = data.get("start")
    if form.validate_on_submit():
        values = {name: field.data for name, field in form._fields.items()}
        try:
            drafting.apply_case_fields(data, values)
        except service.CaseError as exc:
            form.form_errors.append(str(exc))
        else:
            _save_data(case, data)
            flash(_("De gegevens zijn opgeslagen in het concept."), "success")
            return redirect(url_for(".editor", slug=slug))
    return render_template("cases/case_fields.html", form=form, case=case)


@bp.route("/editor/<slug>/knopen", methods=["POST"])
@role_required("trainer", "admin")
def add_node(slug: str):

    case = service.get_case(slug) or abort(404)
    data = _draft_or_redirect(case)
    form = AddNodeForm()
    if data is None:
        return redirect(url_for(".editor", slug=slug))
    if not form.validate_on_submit():
        flash(
            _("Geef de knoop een id van kleine letters, cijfers en streepjes, en kies een soort."),
            "danger",
        )
        return redirect(url_for(".editor", slug=slug))
    try:
        node = drafting.add_node(data, form.new_id.data, form.node_type.data)
    except service.CaseError as exc:
        flash(str(exc), "danger")
        return redirect(url_for(".editor", slug=slug))
    _save_data(case, data)
    return redirect(url_for(".edit_node", slug=slug, node_id=node["id"]))


@bp.route("/editor/<slug>/knoop/<node_id>", methods=["GET", "POST"])
@role_required("trainer", "admin")
def edit_node(slug: str, node_id: str):

    case = service.get_case(slug) or abort(404)
    data = _draft_or_redirect(case)
    if data is None:
        return redirect(url_for(".editor", slug=slug))
    node = nodes_by_id(data).get(node_id) or abort(404)
    form = NodeForm()
    targets = [SelectChoice("", _("(geen)"))] + [
        SelectChoice(str(n.get("id")), f"{n.get('id')} ({n.get('type')})") for n in data["nodes"]
    ]
    categories = curriculum.category_choices(current_user.locale)
    form.next.choices = targets
    for row in form.rules:
        row.form.next.choices = targets
    for row in form.choices:
        row.form.next.choices = targets
        row.form.categories.choices = categories
    if request.method == "GET":
        form.node_id.data = node_id
        form.title.data = node.get("title", "")
        form.text.data = node.get("text", "")
        form.next.data = node.get("next", "")
        for row, rule in zip(form.rules, node.get("next_if") or [], strict=False):
            row.form.min_score.data = str(rule.get("min_score", ""))
            row.form.next.data = rule.get("next", "")
        for row, choice in zip(form.choices, node.get("choices") or [], strict=False):
            for key in ("text", "next", "categories", "quality", "mechanism", "feedback"):
                row.form[key].data = choice.get(key)
    if form.validate_on_submit():
        values = {
            "id": form.node_id.data,
            "text": form.text.data,
            "title": form.title.data,
            "next": form.next.data,
            "next_if": [
                {"min_score": _score(r.form.min_score.data), "next": r.form.next.data}
                for r in form.rules
                if r.form.next.data
            ],
            "choices": [row.form.data for row in form.choices],
        }
        try:
            if any(rule["min_score"] is None for rule in values["next_if"]):
                raise service.CaseError(_("Een minimale score ligt tussen 0 en 1."))
            new_id = drafting.apply_node(data, node_id, values)
        except service.CaseError as exc:
            form.form_errors.append(str(exc))
        else:
            _save_data(case, data)
            flash(_("De knoop '%(id)s' is opgeslagen.", id=new_id), "success")
            return redirect(url_for(".editor", slug=slug, _anchor=f"knoop-{new_id}"))
    return render_template("cases/node_form.html", form=form, case=case, node=node, node_id=node_id)


def _score(text: str | None) -> float | None:
    try:
        value = float((text or "").replace(",", "."))
    except ValueError:
        return None
    return value if 0 <= value <= 1 else None


@bp.route("/editor/<slug>/knoop/<node_id>/verwijderen", methods=["GET", "POST"])
@role_required("trainer", "admin")
def delete_node(slug: str, node_id: str):

    case = service.get_case(slug) or abort(404)
    data = _draft_or_redirect(case)
    if data is None:
        return redirect(url_for(".editor", slug=slug))
    if node_id not in nodes_by_id(data):
        abort(404)
    form = StepForm()
    if form.validate_on_submit():
        try:
            drafting.delete_node(data, node_id)
        except service.CaseError as exc:
            flash(str(exc), "danger")
        else:
            _save_data(case, data)
            flash(_("De knoop '%(id)s' is verwijderd.", id=node_id), "success")
        return redirect(url_for(".editor", slug=slug))
    return render_template("cases/node_delete.html", form=form, case=case, node_id=node_id)
