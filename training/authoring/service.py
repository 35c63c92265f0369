"""Authoring rules: drafts from the YAML editor and the forms, publishing, new-case skeletons.

A draft is the case's YAML text (`Case.draft_yaml`); problems in it are reported but never stop
saving, so a trainer can work in steps. Publishing turns a draft without problems into a new
version through the cases service. Functions flush but never commit; the views commit.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
import yaml
from flask_babel import lazy_gettext as _l

from training import safeyaml
from training.accounts.models import User
from training.authoring import drafting
from training.cases import service as cases
from training.cases.errors import CaseError
from training.cases.graph import shape_problems
from training.cases.models import Case, CaseVersion
from training.cases.nodes import NarrativeNode
from training.clock import utcnow
from training.extensions import db
from training.inputs import finite_number

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
FILENAME = "casus"  # how problems name the draft: 'casus:LINE: ...'


# --- reading -------------------------------------------------------------------------------


def editor_cases() -> list[Case]:
    """Every case, retired and unpublished ones included, by title: the editor's index."""
    return list(db.session.scalars(sa.select(Case).order_by(Case.title)).unique())


def editor_text(case: Case) -> str:
    """The text the YAML editor opens with: the draft, or else the published version."""
    return case.draft_yaml or cases.to_yaml(case.published.data)


def check_text(text: str, known: set[str]) -> tuple[dict | None, list[str]]:
    """The draft as a case (None while it has problems) and its problems."""
    return cases.parse_case_text(text, known, FILENAME)


def raw_draft(text: str) -> dict | None:
    """The draft as far as it can be read, even with problems (for the node list)."""
    try:
        data = safeyaml.load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        return None
    return None if shape_problems(data) else data


def preview_data(case: Case, known: set[str]) -> dict | None:
    """The draft (or else the published version) as a learner would meet it; None on problems."""
    text = case.draft_yaml or (cases.to_yaml(case.published.data) if case.published else "")
    return check_text(text, known)[0]


def parse_min_score(text: str | None) -> float | None:
    """A score threshold as typed in the node form ('0,6' or '0.6'); None unless 0..1."""
    value = finite_number(text)
    return value if value is not None and 0 <= value <= 1 else None


# --- saving drafts -------------------------------------------------------------------------


def save_draft(case: Case | None, yaml_text: str, known: set[str]) -> tuple[Case, list[str]]:
    """Keep the editor's text as a draft; problems are reported but do not stop saving."""
    data, problems = check_text(yaml_text, known)
    if case is None:
        slug = (data or {}).get("slug") or _slug_from(yaml_text)
        if not slug or not SLUG.fullmatch(slug):
            raise CaseError(
                str(_l("Geef de casus een slug: kleine letters, cijfers en streepjes."))
            )
        if db.session.scalar(sa.select(Case.id).where(Case.slug == slug)):
            raise CaseError(str(_l("Er bestaat al een casus met deze slug.")))
        title = (data or {}).get("title") or _title_from(yaml_text) or slug
        case = Case(slug=slug, title=str(title)[:200], origin="editor")
        db.session.add(case)
    case.draft_yaml = yaml_text
    case.updated_at = utcnow()
    db.session.flush()
    return case, problems


def _title_from(text: str) -> str | None:
    match = re.search(r"^title:\s*['\"]?(.+?)['\"]?\s*$", text, re.MULTILINE)
    return match.group(1) if match else None


def _slug_from(text: str) -> str | None:
    match = re.search(r"^slug:\s*['\"]?([^'\"\s]+)", text, re.MULTILINE)
    return match.group(1) if match else None


def publish_draft(case: Case, user: User, known: set[str]) -> tuple[CaseVersion | None, list[str]]:
    """Publish the draft as a new version, unless it has problems (then nothing is published)."""
    if not case.draft_yaml:
        raise CaseError(str(_l("Er is geen concept om te publiceren.")))
    data, problems = check_text(case.draft_yaml, known)
    if problems:
        return None, problems
    if data["slug"] != case.slug:
        return None, [str(_l("De slug van een casus kan niet veranderen."))]
    version = cases.publish_version(case, data, user)
    case.draft_yaml = None
    return version, []


def save_editor_text(
    case: Case | None, text: str, user: User, known: set[str], publish: bool
) -> tuple[Case, CaseVersion | None, list[str]]:
    """The YAML editor's save: keep the draft, and publish it when asked and possible.

    A draft that cannot be published is still kept, so the trainer's work is never lost.
    """
    case, problems = save_draft(case, text, known)
    version = None
    if publish:
        version, problems = publish_draft(case, user, known)
    return case, version, problems


# --- the form-based editor -----------------------------------------------------------------


def new_case_data(slug: str, title: str) -> dict:
    """The skeleton of a case made with the forms: every field present, one empty start node."""
    return {
        "slug": slug,
        "title": title,
        "summary": "",
        "client": {"name": "", "description": ""},
        "context": {"living_situation": "", "network": "", "client_says": ""},
        "learning_goals": [],
        "categories": [],
        "allow_back": False,
        "strong_path": "",
        "start": "begin",
        "nodes": [NarrativeNode.new_node("begin")],
    }


def create_case(slug: str, title: str, known: set[str]) -> Case:
    """A new editor case from the skeleton, kept as a draft."""
    case, _problems = save_draft(None, cases.to_yaml(new_case_data(slug, title)), known)
    return case


def save_form_draft(case: Case, data: dict, known: set[str]) -> list[str]:
    """Save a form-edited draft; the problems left before it can be published."""
    return save_draft(case, cases.to_yaml(data), known)[1]


def save_case_fields(case: Case, data: dict, values: dict, known: set[str]) -> list[str]:
    drafting.apply_case_fields(data, values)
    return save_form_draft(case, data, known)


def add_node(
    case: Case, data: dict, node_id: str, type_name: str, known: set[str]
) -> tuple[dict, list[str]]:
    node = drafting.add_node(data, node_id, type_name)
    return node, save_form_draft(case, data, known)


def edit_node(
    case: Case, data: dict, node_id: str, values: dict, known: set[str]
) -> tuple[str, list[str]]:
    """Write a node form into the draft; `values['next_if']` holds min_score as typed.

    Returns the node's (possibly new) id and the problems left.
    """
    rules = [
        {"min_score": parse_min_score(rule.get("min_score")), "next": rule.get("next")}
        for rule in values.get("next_if") or []
        if rule.get("next")
    ]
    if any(rule["min_score"] is None for rule in rules):
        raise CaseError(str(_l("Een minimale score ligt tussen 0 en 1.")))
    new_id = drafting.apply_node(data, node_id, {**values, "next_if": rules})
    return new_id, save_form_draft(case, data, known)


def delete_node(case: Case, data: dict, node_id: str, known: set[str]) -> list[str]:
    drafting.delete_node(data, node_id)
    return save_form_draft(case, data, known)
