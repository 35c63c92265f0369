"""The case model as data, and its validation (used for YAML files and before publishing).

A case is a document (dict) with CIMO framing and a graph of nodes. Validation returns
every problem in Dutch, naming the node, so a trainer can find it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import partial

from training.cases.nodes import NODE_TYPES, has_text, is_decision, is_ending, kind_of, successors

REQUIRED_FIELDS = ("slug", "title", "summary", "client", "context", "learning_goals", "categories",
                   "start", "nodes")  # fmt: skip
CONTEXT_FIELDS = ("living_situation", "network", "client_says")


@dataclass(frozen=True)
class CaseProblem:
    node: str | None
    message: str

    def __str__(self) -> str:
        return f"knoop '{self.node}': {self.message}" if self.node else self.message


# The shape of a case document: which fields hold text, a list of texts, a whole number, a
# yes/no or a number. Every field is checked before any rule reads it, so a list where text
# belongs ("type: [narrative]") is a problem naming the field, never an exception.
_TEXT, _TEXTS, _WHOLE, _YESNO, _NUMBER = "text", "texts", "whole", "yesno", "number"
_NAME = "name"  # a node id or a reference to one: text (or a plain number)
CASE_SHAPE = {
    "slug": _TEXT, "title": _TEXT, "summary": _TEXT, "start": _TEXT, "strong_path": _TEXT,
    "learning_goals": _TEXTS, "categories": _TEXTS, "allow_back": _YESNO,
}  # fmt: skip
CLIENT_SHAPE = {"name": _TEXT, "description": _TEXT, "age": _WHOLE}
NODE_SHAPE = {"id": _NAME, "type": _TEXT, "title": _TEXT, "text": _TEXT, "next": _NAME}
CHOICE_SHAPE = {
    "text": _TEXT, "next": _NAME, "quality": _TEXT, "mechanism": _TEXT, "feedback": _TEXT,
    "categories": _TEXTS,
}  # fmt: skip
RULE_SHAPE = {"min_score": _NUMBER, "next": _NAME}
_SHAPE_NAMES = {
    _TEXT: "tekst",
    _NAME: "tekst",
    _TEXTS: "een lijst van teksten",
    _WHOLE: "een geheel getal",
    _YESNO: "true of false",
    _NUMBER: "een getal",
}


def _fits(value, shape: str) -> bool:
    if shape == _TEXT:
        return isinstance(value, str)
    if shape == _TEXTS:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if shape == _YESNO:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if shape == _NAME:
        return isinstance(value, str) or (isinstance(value, int) and abs(value) < 10**9)
    if shape == _WHOLE:
        return isinstance(value, int) and -(10**6) < value < 10**6
    return isinstance(value, int | float) and -(10**6) < value < 10**6


def _check_fields(data: dict, shapes: dict[str, str], where: str, add) -> None:
    for key, shape in shapes.items():
        value = data.get(key)
        if value is not None and not _fits(value, shape):
            add(f"{where}'{key}' moet {_SHAPE_NAMES[shape]} zijn")


def shape_problems(case: dict) -> list[CaseProblem]:
    """Fields of the wrong type, each named (checked before the rules below read them)."""
    problems: list[CaseProblem] = []

    def add(message: str, node: str | None = None) -> None:
        problems.append(CaseProblem(node, message))

    _check_fields(case, CASE_SHAPE, "veld ", add)
    for key, shapes in (("client", CLIENT_SHAPE), ("context", None), ("trainer", None)):
        value = case.get(key)
        if value is not None and not isinstance(value, dict):
            add(f"veld '{key}' moet velden hebben (naam: waarde)")
        elif key == "client" and value:
            _check_fields(value, shapes, "client: veld ", add)
        elif key == "context" and value:
            for name, text in value.items():
                if text is not None and not isinstance(text, str):
                    add(f"context: veld '{name}' moet tekst zijn")
    nodes = case.get("nodes")
    if nodes is None:
        return problems
    if not isinstance(nodes, list):
        add("veld 'nodes' moet een lijst van knopen zijn")
        return problems
    for index, node in enumerate(nodes, start=1):
        if not isinstance(node, dict):
            add(f"knoop {index} moet velden hebben (id, type, text, ...)")
            continue
        if node.get("id") is not None and not _fits(node["id"], _NAME):
            add(f"knoop {index}: 'id' moet tekst zijn")
            continue
        name = str(node.get("id") or index)
        at_node = partial(add, node=name)
        _check_fields(node, NODE_SHAPE, "", at_node)
        for key, shapes, label in (
            ("next_if", RULE_SHAPE, "regel"),
            ("choices", CHOICE_SHAPE, "keuze"),
        ):
            items = node.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                add(f"'{key}' moet een lijst zijn", name)
                continue
            for number, item in enumerate(items, start=1):
                if not isinstance(item, dict):
                    add(f"{key}: {label} {number} moet velden hebben", name)
                else:
                    _check_fields(item, shapes, f"{key}: {label} {number}: ", at_node)
    return problems


def nodes_by_id(case: dict) -> dict[str, dict]:
    return {str(n.get("id")): n for n in case.get("nodes") or [] if isinstance(n, dict)}


def reachable(case: dict, start: str) -> set[str]:
    nodes = nodes_by_id(case)
    seen, stack = set(), [start]
    while stack:
        current = stack.pop()
        if current in seen or current not in nodes:
            continue
        seen.add(current)
        stack.extend(successors(nodes[current]))
    return seen


def can_finish(case: dict) -> set[str]:
    """Nodes from which some ending can be reached (backwards search from the endings)."""
    nodes = nodes_by_id(case)
    parents: dict[str, set[str]] = {}
    for node_id, node in nodes.items():
        for target in successors(node):
            parents.setdefault(target, set()).add(node_id)
    done = {nid for nid, n in nodes.items() if is_ending(n)}
    stack = list(done)
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in done:
                done.add(parent)
                stack.append(parent)
    return done


def fewest_decisions(case: dict) -> int | None:
    """The fewest decision nodes on any path from start to an ending (0-1 breadth-first search)."""
    nodes = nodes_by_id(case)
    start = str(case.get("start"))
    if start not in nodes:
        return None
    best = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        node = nodes[current]
        if is_ending(node):
            continue
        cost = best[current] + (1 if is_decision(node) else 0)
        for target in successors(node):
            if target in nodes and cost < best.get(target, 10**9):
                best[target] = cost
                queue.append(target)
    endings = [best[nid] for nid, n in nodes.items() if is_ending(n) and nid in best]
    return min(endings) if endings else None


def validate_case(case, known_categories: set[str]) -> list[CaseProblem]:
    if not isinstance(case, dict):
        return [CaseProblem(None, "een casus moet velden hebben (slug, title, nodes, ...)")]
    problems = shape_problems(case)
    if problems:
        return problems
    add = lambda node, msg: problems.append(CaseProblem(node, msg))  # noqa: E731
    for key in REQUIRED_FIELDS:
        if key not in case or case[key] in (None, "", []):
            add(None, f"veld '{key}' ontbreekt of is leeg")
    context = case.get("context")
    if isinstance(context, dict):
        for key in CONTEXT_FIELDS:
            if not has_text(context.get(key)):
                add(None, f"context: veld '{key}' ontbreekt")
    elif "context" in case:
        add(None, "context moet de velden living_situation, network en client_says hebben")
    categories = case.get("categories") or []
    if not isinstance(categories, list) or not categories:
        add(None, "geen categorieën: noem de categorieën die deze casus oefent")
    else:
        for slug in categories:
            if slug not in known_categories:
                add(None, f"onbekende categorie '{slug}'")
    nodes = case.get("nodes") or []
    if not isinstance(nodes, list):
        add(None, "nodes moet een lijst van knopen zijn")
        return problems
    ids: list[str] = []
    for index, node in enumerate(nodes, start=1):
        if not isinstance(node, dict) or not has_text(str(node.get("id") or "")):
            add(None, f"knoop {index} heeft geen id")
            continue
        if str(node["id"]) in ids:
            add(str(node["id"]), "dit id komt twee keer voor")
        ids.append(str(node["id"]))
    by_id = nodes_by_id(case)
    for node_id, node in by_id.items():
        kind = kind_of(node)
        if kind is None:
            add(node_id, f"onbekend type '{node.get('type')}' (kies uit {', '.join(NODE_TYPES)})")
            continue
        if not has_text(node.get("text")):
            add(node_id, "tekst ontbreekt")
        for target in successors(node):
            if target not in by_id:
                add(node_id, f"verwijst naar '{target}', maar die knoop bestaat niet")
        for rule in node.get("next_if") or []:
            score = rule.get("min_score") if isinstance(rule, dict) else None
            if not isinstance(score, int | float) or not 0 <= score <= 1:
                add(node_id, "next_if: min_score moet een getal van 0 tot 1 zijn")
        kind.check(node_id, node, known_categories, add)
    start = str(case.get("start") or "")
    if start and start not in by_id:
        add(None, f"startknoop '{start}' bestaat niet")
    if start in by_id:
        seen = reachable(case, start)
        for node_id in by_id:
            if node_id not in seen:
                add(node_id, "onbereikbaar: geen pad vanaf de start komt hier")
        finishing = can_finish(case)
        if not any(is_ending(by_id[n]) for n in seen):
            add(None, "geen einde bereikbaar vanaf de start")
        for node_id in by_id:
            if node_id in seen and node_id not in finishing:
                add(
                    node_id,
                    "doodlopend: vanaf hier is geen einde te bereiken (lus zonder uitgang?)",
                )
    return problems
