"""The case editor (under /cases/editor/): YAML editor, form-based editor, preview and download."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from training.accounts.access import role_required
from training.authoring import drafting, service
from training.authoring.forms import AddNodeForm, CaseFieldsForm, EditorForm, NewCaseForm, NodeForm
from training.cases import service as cases
from training.cases.errors import CaseError
from training.cases.graph import nodes_by_id
from training.cases.models import Case
from training.cases.nodes import NODE_TYPES, kind_of
from training.curriculum import service as curriculum
from training.forms import ConfirmForm
from training.saving import saving

bp = Blueprint("authoring", __name__, url_prefix="/cases/editor")


def _case_or_404(slug: str) -> Case:
    return cases.get_case(slug) or abort(404)


@bp.route("/")
@role_required("trainer", "beheerder", "admin")
def editor_index():
    return render_template("authoring/editor_index.html", cases=service.editor_cases())


@bp.route("/nieuw", methods=["GET", "POST"])
@bp.route("/<slug>", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def editor(slug: str | None = None):
    case = _case_or_404(slug) if slug is not None else None
    form = EditorForm()
    if request.method == "GET":
        if case is not None:
            form.yaml_text.data = service.editor_text(case)
        else:
            form.yaml_text.data = render_template("authoring/new_case.yaml")
    problems: list[str] = []
    known = cases.category_slugs()
    if form.validate_on_submit():
        with saving(form=form) as saved:
            case, version, problems = service.save_editor_text(
                case, form.yaml_text.data, current_user, known, publish=form.publish.data
            )
        if saved:
            if version is not None:
                flash(_("Versie %(n)s is gepubliceerd.", n=version.number), "success")
                return redirect(url_for(".editor", slug=case.slug))
            if form.publish.data:
                flash(
                    _("Niet gepubliceerd: los eerst de problemen op. Je concept is bewaard."),
                    "danger",
                )
            else:
                flash(_("Concept opgeslagen."), "success")
            if not problems:
                return redirect(url_for(".editor", slug=case.slug))
    text = form.yaml_text.data or ""
    preview, text_problems = service.check_text(text, known)
    if request.method == "GET" and case is not None and case.draft_yaml:
        problems = text_problems  # the text shown is the draft
    raw = service.raw_draft(text)
    return render_template(
        "authoring/editor.html", form=form, case=case, problems=problems,
        preview=preview,
        nodes=nodes_by_id(raw) if raw else {}, start=(raw or {}).get("start"),
        add_form=AddNodeForm(), node_types=NODE_TYPES,
    )  # fmt: skip


@bp.route("/<slug>/voorbeeld")
@role_required("trainer", "beheerder", "admin")
def preview(slug: str):
    """The draft (or else the published version) as a learner meets it, node by node."""
    case = _case_or_404(slug)
    categories = cases.categories_by_slug()
    data = service.preview_data(case, set(categories))
    if data is None:
        flash(_("Een voorbeeld kan pas als de casus geen problemen meer heeft."), "warning")
        return redirect(url_for(".editor", slug=slug))
    return render_template(
        "authoring/preview.html", case=case, data=data, nodes=nodes_by_id(data),
        categories=categories,
    )  # fmt: skip


@bp.route("/<slug>/export.yaml")
@role_required("trainer", "beheerder", "admin")
def export_yaml(slug: str):
    case = _case_or_404(slug)
    if case.published is None:
        abort(404)
    return Response(
        cases.to_yaml(case.published.data),
        mimetype="text/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{case.slug}.yaml"'},
    )


# --- the form-based editor: case fields and nodes -------------------------------------------


def _draft_or_none(case: Case) -> dict | None:
    """The draft as a dict; None (with the reason flashed) when its YAML cannot be read."""
    try:
        return drafting.draft_of(case)
    except CaseError as exc:
        flash(str(exc), "danger")
        return None


def _flash_problems_left(problems: list[str]) -> None:
    """Say how much is left before a form-edited draft can be published."""
    if problems:
        flash(
            _("Nog %(n)s punten voordat je kunt publiceren; zie het overzicht.", n=len(problems)),
            "warning",
        )


@bp.route("/nieuw-formulier", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def new_with_form():
    form = NewCaseForm()
    if form.validate_on_submit():
        with saving(
            field=form.slug,
            success=_("De casus is aangemaakt. Vul de gegevens in en bouw de knopen op."),
        ) as saved:
            case = service.create_case(form.slug.data, form.title.data, cases.category_slugs())
        if saved:
            return redirect(url_for(".case_fields", slug=case.slug))
    return render_template("authoring/new_form.html", form=form)


@bp.route("/<slug>/gegevens", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def case_fields(slug: str):
    case = _case_or_404(slug)
    data = _draft_or_none(case)
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
        with saving(form=form) as saved:
            problems = service.save_case_fields(case, data, values, cases.category_slugs())
        if saved:
            _flash_problems_left(problems)
            flash(_("De gegevens zijn opgeslagen in het concept."), "success")
            return redirect(url_for(".editor", slug=slug))
    return render_template("authoring/case_fields.html", form=form, case=case)


@bp.route("/<slug>/knopen", methods=["POST"])
@role_required("trainer", "beheerder", "admin")
def add_node(slug: str):
    case = _case_or_404(slug)
    data = _draft_or_none(case)
    form = AddNodeForm()
    if data is None:
        return redirect(url_for(".editor", slug=slug))
    if not form.validate_on_submit():
        flash(
            _("Geef de knoop een id van kleine letters, cijfers en streepjes, en kies een soort."),
            "danger",
        )
        return redirect(url_for(".editor", slug=slug))
    with saving() as saved:
        node, problems = service.add_node(
            case, data, form.new_id.data, form.node_type.data, cases.category_slugs()
        )
    if not saved:
        return redirect(url_for(".editor", slug=slug))
    _flash_problems_left(problems)
    return redirect(url_for(".edit_node", slug=slug, node_id=node["id"]))


@bp.route("/<slug>/knoop/<node_id>", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def edit_node(slug: str, node_id: str):
    case = _case_or_404(slug)
    data = _draft_or_none(case)
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
        if node.get("reference"):
            form.reference.data = cases.to_yaml(node["reference"])
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
            "next_if": [r.form.data for r in form.rules],
            "choices": [row.form.data for row in form.choices],
        }
        if "reference" in getattr(kind_of(node), "editor_fields", ()):
            values["reference_yaml"] = form.reference.data or ""
        with saving(form=form) as saved:
            new_id, problems = service.edit_node(
                case, data, node_id, values, cases.category_slugs()
            )
        if saved:
            _flash_problems_left(problems)
            flash(_("De knoop '%(id)s' is opgeslagen.", id=new_id), "success")
            return redirect(url_for(".editor", slug=slug, _anchor=f"knoop-{new_id}"))
    return render_template(
        "authoring/node_form.html", form=form, case=case, node=node, node_id=node_id,
        kind=kind_of(node),
    )  # fmt: skip


@bp.route("/<slug>/knoop/<node_id>/verwijderen", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def delete_node(slug: str, node_id: str):
    case = _case_or_404(slug)
    data = _draft_or_none(case)
    if data is None:
        return redirect(url_for(".editor", slug=slug))
    if node_id not in nodes_by_id(data):
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving() as saved:
            problems = service.delete_node(case, data, node_id, cases.category_slugs())
        if saved:
            _flash_problems_left(problems)
            flash(_("De knoop '%(id)s' is verwijderd.", id=node_id), "success")
        return redirect(url_for(".editor", slug=slug))
    return render_template("authoring/node_delete.html", form=form, case=case, node_id=node_id)
