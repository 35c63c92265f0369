"""Editing a case draft node by node, for trainers who would rather not write YAML.

The draft YAML stays the one source of truth: these functions take the draft as a dict, change it
and hand it back; the route saves it with `service.save_draft`, so validation, publishing and
versioning stay exactly as for the YAML editor. What differs per node type (the skeleton of a new
node, the fields a node form writes) is asked of the node type registry in `training.cases.nodes`.
"""

from __future__ import annotations

import re

import yaml
from flask_babel import lazy_gettext as _l

from training import safeyaml
from training.cases.errors import CaseError
from training.cases.graph import nodes_by_id, shape_problems
from training.cases.models import Case
from training.cases.nodes import kind_of, node_type
from training.cases.service import to_yaml

NODE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def draft_of(case: Case) -> dict:
    """The draft (or else the published version) as a dict; refuses YAML that cannot be read."""
    text = case.draft_yaml or (to_yaml(case.published.data) if case.published else "")
    try:
        data = safeyaml.load(text)
    except yaml.YAMLError as exc:
        raise CaseError(
            str(_l("De YAML van het concept is onleesbaar; herstel die eerst."))
        ) from exc
    if not isinstance(data, dict):
        raise CaseError(str(_l("De YAML van het concept is onleesbaar; herstel die eerst.")))
    nodes = data.get("nodes")
    if not isinstance(nodes, list) or not all(isinstance(n, dict) for n in nodes):
        raise CaseError(
            str(_l("De knopen in de YAML van het concept zijn onleesbaar; herstel die eerst."))
        )
    for key in ("client", "context"):
        if not isinstance(data.get(key), dict):
            data[key] = {}
    shape = shape_problems(data)
    if shape:
        raise CaseError(
            str(_l("De YAML van het concept is onleesbaar; herstel die eerst.")) + f" ({shape[0]})"
        )
    return data


def _check_id(node_id: str) -> str:
    node_id = (node_id or "").strip()
    if not NODE_ID.fullmatch(node_id) or len(node_id) > 80:
        raise CaseError(
            str(
                _l(
                    "Een knoop-id bestaat uit kleine letters, cijfers en streepjes, bijvoorbeeld 'eerste-gesprek'."
                )
            )
        )
    return node_id


def add_node(data: dict, node_id: str, type_name: str) -> dict:
    """Append a new node of a registered type (its skeleton); the first node becomes the start."""
    node_id = _check_id(node_id)
    kind = node_type(type_name)
    if kind is None:
        raise CaseError(str(_l("Kies een soort knoop uit de lijst.")))
    if node_id in nodes_by_id(data):
        raise CaseError(str(_l("Er is al een knoop met de id '%(id)s'.", id=node_id)))
    node = kind.new_node(node_id)
    data["nodes"].append(node)
    if not data.get("start"):
        data["start"] = node_id
    return node


def delete_node(data: dict, node_id: str) -> None:
    if node_id == data.get("start"):
        raise CaseError(
            str(_l("De startknoop kun je niet verwijderen; kies eerst een andere start."))
        )
    before = len(data["nodes"])
    data["nodes"] = [n for n in data["nodes"] if str(n.get("id")) != node_id]
    if len(data["nodes"]) == before:
        raise CaseError(str(_l("Die knoop bestaat niet.")))


def rename_node(data: dict, old: str, new: str) -> None:
    """Give a node another id and update every link to it."""
    if (new or "").strip() == old:
        return
    new = _check_id(new)
    if new in nodes_by_id(data):
        raise CaseError(str(_l("Er is al een knoop met de id '%(id)s'.", id=new)))
    if data.get("start") == old:
        data["start"] = new
    for node in data["nodes"]:
        if node.get("id") == old:
            node["id"] = new
        if node.get("next") == old:
            node["next"] = new
        for rule in node.get("next_if") or []:
            if rule.get("next") == old:
                rule["next"] = new
        for choice in node.get("choices") or []:
            if choice.get("next") == old:
                choice["next"] = new


def apply_node(data: dict, node_id: str, values: dict) -> str:
    """Write a node form's values into the draft; returns the (possibly new) node id.

    values: id, text, title, next, next_if ([{min_score, next}]), choices ([{text, next,
    categories, quality, mechanism, feedback}]); empty choice rows and rules are left out.
    """
    node = nodes_by_id(data).get(node_id)
    if node is None:
        raise CaseError(str(_l("Die knoop bestaat niet.")))
    known_ids = set(nodes_by_id(data))
    node["text"] = (values.get("text") or "").strip()
    kind = kind_of(node)
    if kind is not None:
        kind.apply_form(node, values, known_ids)
    new_id = (values.get("id") or node_id).strip()
    rename_node(data, node_id, new_id)
    return new_id


def apply_case_fields(data: dict, values: dict) -> None:
    """The case's own fields: title, summary, client, CIMO context, goals, categories, start."""
    for key in ("title", "summary", "strong_path"):
        data[key] = (values.get(key) or "").strip()
    client = data.setdefault("client", {})
    client["name"] = (values.get("client_name") or "").strip()
    client["description"] = (values.get("client_description") or "").strip()
    if values.get("client_age"):
        client["age"] = int(values["client_age"])
    else:
        client.pop("age", None)
    context = data.setdefault("context", {})
    for key in ("living_situation", "network", "client_says"):
        context[key] = (values.get(key) or "").strip()
    data["learning_goals"] = [
        line.strip() for line in (values.get("learning_goals") or "").splitlines() if line.strip()
    ]
    data["categories"] = list(values.get("categories") or [])
    data["allow_back"] = bool(values.get("allow_back"))
    start = values.get("start")
    if start:
        if start not in nodes_by_id(data):
            raise CaseError(str(_l("Kies een bestaande knoop als start.")))
        data["start"] = start
