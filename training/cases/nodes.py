"""Case node types: one class per type, registered by name.

Everything that differs between node types lives on its class: the Dutch label, the graph check
of a node, the skeleton the editor adds, which fields the node form shows and how they are written
into the draft, and how the player reads a submitted step. The rest of the code asks the registry
instead of comparing type strings, so a new node type is one new class with `@register`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import yaml
from flask_babel import lazy_gettext as _l

from training import safeyaml
from training.cases.errors import CaseError
from training.inputs import choice_index
from training.netmap.people import looks_like_full_name
from training.netmap.vocabulary import MAX_NAME, RINGS, SECTORS, SUPPORT
from training.netmap.vocabulary import QUALITIES as MAP_QUALITIES

QUALITIES = {"sterk": 1.0, "redelijk": 0.5, "zwak": 0.0}
MAX_CHOICES = 4
MAX_REFLECTION = 10_000

# add(node_id, message): how a node type reports a problem to the graph check
Report = Callable[[str | None, str], None]


def has_text(value) -> bool:
    """A non-blank string: what a required text field must be."""
    return isinstance(value, str) and value.strip() != ""


def successors(node: dict) -> list[str]:
    """Every node this node can lead to: next, score branches and choices."""
    targets = []
    if node.get("next"):
        targets.append(str(node["next"]))
    for rule in node.get("next_if") or []:
        if isinstance(rule, dict) and rule.get("next"):
            targets.append(str(rule["next"]))
    for choice in node.get("choices") or []:
        if isinstance(choice, dict) and choice.get("next"):
            targets.append(str(choice["next"]))
    return targets


@dataclass(frozen=True)
class StepAnswer:
    """What the player keeps of a submitted step; `next` None means: follow next / next_if."""

    choice_index: int | None = None
    reflection: str | None = None
    next: str | None = None


class NodeType:
    """The behaviour every node type shares; subclasses override what is theirs."""

    name: ClassVar[str] = ""
    label: ClassVar = ""
    has_choices: ClassVar[bool] = False  # a decision moment: the learner picks one choice
    asks_reflection: ClassVar[bool] = False  # the learner writes an answer
    ends_case: ClassVar[bool] = False  # reaching it finishes the attempt
    maps_network: ClassVar[bool] = False  # the learner draws a network map here
    editor_fields: ClassVar[tuple[str, ...]] = ("text",)  # NodeForm fields besides node_id

    @classmethod
    def new_node(cls, node_id: str) -> dict:
        """The skeleton the editor adds to a draft."""
        return {"id": node_id, "type": cls.name, "text": ""}

    @classmethod
    def check(cls, node_id: str, node: dict, known_categories: set[str], add: Report) -> None:
        """Problems specific to this type (the graph check does the shared ones)."""

    @classmethod
    def apply_form(cls, node: dict, values: dict, known_ids: set[str]) -> None:
        """Write this type's node-form fields into the draft node (text is done already)."""

    @classmethod
    def read_step(cls, node: dict, choice: str | None, reflection: str | None) -> StepAnswer:
        """What a learner's submitted step at this node means; CaseError when it is unusable."""
        return StepAnswer()


NODE_TYPES: dict[str, type[NodeType]] = {}


def register(cls: type[NodeType]) -> type[NodeType]:
    """Class decorator: make a node type known by its name."""
    NODE_TYPES[cls.name] = cls
    return cls


def node_type(name: object) -> type[NodeType] | None:
    """The registered class for a type name, or None for an unknown (or missing) type."""
    return NODE_TYPES.get(name) if isinstance(name, str) else None


def kind_of(node: dict) -> type[NodeType] | None:
    return node_type(node.get("type"))


def is_ending(node: dict) -> bool:
    kind = kind_of(node)
    return kind is not None and kind.ends_case


def is_decision(node: dict) -> bool:
    kind = kind_of(node)
    return kind is not None and kind.has_choices


class _FlowingNode(NodeType):
    """A node that carries on via `next`, optionally branching on the score so far."""

    editor_fields = ("text", "next", "rules")

    @classmethod
    def check(cls, node_id: str, node: dict, known_categories: set[str], add: Report) -> None:
        if not node.get("next"):
            add(node_id, "geen vervolg: geef 'next' op")
        if node.get("choices"):
            add(node_id, "alleen een beslismoment heeft keuzes")

    @classmethod
    def apply_form(cls, node: dict, values: dict, known_ids: set[str]) -> None:
        target = values.get("next") or ""
        if target and target not in known_ids:
            raise CaseError(str(_l("Kies een bestaande knoop als vervolg.")))
        if target:
            node["next"] = target
        else:
            node.pop("next", None)
        rules = []
        for rule in values.get("next_if") or []:
            if rule.get("next") in (None, ""):
                continue
            if rule["next"] not in known_ids:
                raise CaseError(str(_l("Kies een bestaande knoop als vervolg.")))
            score = rule.get("min_score")
            if score is None or not 0 <= float(score) <= 1:
                raise CaseError(str(_l("Een minimale score ligt tussen 0 en 1.")))
            rules.append({"min_score": round(float(score), 2), "next": rule["next"]})
        if rules:
            node["next_if"] = rules
        else:
            node.pop("next_if", None)


@register
class NarrativeNode(_FlowingNode):
    """A piece of the story; the learner reads it and goes on."""

    name = "narrative"
    label = _l("verhaal")


@register
class DecisionNode(NodeType):
    """A decision moment: two to four choices, each leading on and scored by its quality."""

    name = "decision"
    label = _l("beslismoment")
    has_choices = True
    editor_fields = ("text", "choices")

    @classmethod
    def new_node(cls, node_id: str) -> dict:
        return {**super().new_node(node_id), "choices": []}

    @classmethod
    def check(cls, node_id: str, node: dict, known_categories: set[str], add: Report) -> None:
        choices = node.get("choices") or []
        if not 2 <= len(choices) <= MAX_CHOICES:
            add(node_id, f"een beslismoment heeft 2 tot 4 keuzes, deze heeft er {len(choices)}")
        if node.get("next"):
            add(node_id, "een beslismoment gaat verder via zijn keuzes, niet via next")
        for number, choice in enumerate(choices, start=1):
            cls._check_choice(node_id, number, choice, known_categories, add)

    @staticmethod
    def _check_choice(node_id: str, number: int, choice, known: set[str], add: Report) -> None:
        where = f"keuze {number}"
        if not isinstance(choice, dict):
            add(node_id, f"{where} heeft geen velden")
            return
        for key in ("text", "mechanism", "feedback"):
            if not has_text(choice.get(key)):
                add(node_id, f"{where}: '{key}' ontbreekt")
        if not choice.get("next"):
            add(node_id, f"{where} leidt nergens heen (geen 'next')")
        if choice.get("quality") not in QUALITIES:
            add(node_id, f"{where}: kwaliteit moet sterk, redelijk of zwak zijn")
        categories = choice.get("categories") or []
        if not categories:
            add(node_id, f"{where}: geen categorieën")
        for slug in categories:
            if slug not in known:
                add(node_id, f"{where}: onbekende categorie '{slug}'")

    @classmethod
    def apply_form(cls, node: dict, values: dict, known_ids: set[str]) -> None:
        choices = []
        for row in values.get("choices") or []:
            if not (row.get("text") or "").strip():
                if (row.get("mechanism") or "").strip() or (row.get("feedback") or "").strip():
                    raise CaseError(
                        str(_l("Een keuze met mechanisme of feedback heeft ook een tekst nodig."))
                    )
                continue
            if row.get("next") not in known_ids:
                raise CaseError(str(_l("Kies bij elke keuze een bestaande knoop als vervolg.")))
            if row.get("quality") not in QUALITIES:
                raise CaseError(str(_l("Kies bij elke keuze sterk, redelijk of zwak.")))
            choices.append(
                {
                    "text": row["text"].strip(),
                    "next": row["next"],
                    "categories": list(row.get("categories") or []),
                    "quality": row["quality"],
                    "mechanism": (row.get("mechanism") or "").strip(),
                    "feedback": (row.get("feedback") or "").strip(),
                }
            )
        if len(choices) > MAX_CHOICES:
            raise CaseError(str(_l("Een beslismoment heeft hoogstens 4 keuzes.")))
        node["choices"] = choices

    @classmethod
    def read_step(cls, node: dict, choice: str | None, reflection: str | None) -> StepAnswer:
        options = node["choices"]
        index = choice_index(choice, len(options))
        if index is None:
            raise CaseError(str(_l("Kies een van de keuzes die bij deze stap horen.")))
        return StepAnswer(choice_index=index, next=str(options[index]["next"]))


@register
class ReflectionNode(_FlowingNode):
    """A reflection question: the learner writes an answer before going on."""

    name = "reflection"
    label = _l("reflectievraag")
    asks_reflection = True

    @classmethod
    def read_step(cls, node: dict, choice: str | None, reflection: str | None) -> StepAnswer:
        text = (reflection or "").strip()
        if not text:
            raise CaseError(str(_l("Schrijf een kort antwoord voordat je verdergaat.")))
        if len(text) > MAX_REFLECTION:
            raise CaseError(str(_l("Je antwoord is te lang (hoogstens 10.000 tekens).")))
        return StepAnswer(reflection=text)


@register
class EndingNode(NodeType):
    """An ending (afloop): reaching it finishes the attempt; it has a title and no way on."""

    name = "ending"
    label = _l("afloop")
    ends_case = True
    editor_fields = ("title", "text")

    @classmethod
    def new_node(cls, node_id: str) -> dict:
        return {**super().new_node(node_id), "title": ""}

    @classmethod
    def check(cls, node_id: str, node: dict, known_categories: set[str], add: Report) -> None:
        if successors(node):
            add(node_id, "een einde heeft geen vervolg")

    @classmethod
    def apply_form(cls, node: dict, values: dict, known_ids: set[str]) -> None:
        node["title"] = (values.get("title") or "").strip()


MAX_REFERENCE = 30


@register
class NetworkMapNode(_FlowingNode):
    """The learner maps the client's network from the story; the debrief sets it beside the
    author's reference map (`reference`: persons as in cases/README.md)."""

    name = "netwerkkaart"
    label = _l("netwerkkaart")
    maps_network = True
    editor_fields = ("text", "next", "rules", "reference")

    @classmethod
    def new_node(cls, node_id: str) -> dict:
        return {**super().new_node(node_id), "reference": []}

    @classmethod
    def check(cls, node_id: str, node: dict, known_categories: set[str], add: Report) -> None:
        super().check(node_id, node, known_categories, add)
        for problem in reference_problems(node.get("reference")):
            add(node_id, problem)

    @classmethod
    def apply_form(cls, node: dict, values: dict, known_ids: set[str]) -> None:
        super().apply_form(node, values, known_ids)
        text = values.get("reference_yaml")
        if text is None:
            return
        try:
            reference = safeyaml.load(text) if text.strip() else []
        except yaml.YAMLError as exc:
            raise CaseError(
                str(_l("De referentiekaart is geen geldige YAML: %(problem)s",
                       problem=getattr(exc, "problem", None) or exc))
            ) from exc  # fmt: skip
        if not isinstance(reference, list):
            raise CaseError(
                str(_l("De referentiekaart is een lijst van personen (elk met '- name:')."))
            )
        node["reference"] = reference


def reference_problems(reference) -> list[str]:
    """What is wrong with a reference map, in Dutch (empty when it is usable)."""
    if not isinstance(reference, list) or not 1 <= len(reference) <= MAX_REFERENCE:
        return [f"'reference' is een lijst van 1 tot {MAX_REFERENCE} personen"]
    problems, seen = [], set()
    for number, person in enumerate(reference, start=1):
        where = f"referentiepersoon {number}"
        if not isinstance(person, dict):
            problems.append(f"{where} heeft geen velden")
            continue
        name = person.get("name")
        if not has_text(name) or len(name) > MAX_NAME:
            problems.append(f"{where}: 'name' is een voornaam of rol (hoogstens {MAX_NAME} tekens)")
        elif looks_like_full_name(name):
            problems.append(
                f"{where}: '{name}' lijkt een volledige naam; gebruik een voornaam of rol"
            )
        elif name.casefold() in seen:
            problems.append(f"{where}: '{name}' staat al op de kaart")
        else:
            seen.add(name.casefold())
        aliases = person.get("aliases", [])
        if not isinstance(aliases, list) or not all(has_text(a) for a in aliases):
            problems.append(f"{where}: 'aliases' is een lijst van namen")
        for key, words in (("sector", SECTORS), ("ring", RINGS), ("quality", MAP_QUALITIES)):
            if person.get(key) not in words:
                problems.append(f"{where}: '{key}' moet een van {', '.join(words)} zijn")
        if not isinstance(person.get("active", True), bool):
            problems.append(f"{where}: 'active' is true of false")
        for key in ("gets", "gives"):
            kinds = person.get(key, [])
            if not isinstance(kinds, list) or any(k not in SUPPORT for k in kinds):
                problems.append(f"{where}: '{key}' is een lijst uit {', '.join(SUPPORT)}")
        if not has_text(person.get("if_missed")):
            problems.append(
                f"{where}: 'if_missed' ontbreekt (wat het betekent als je deze persoon mist)"
            )
        if person.get("if_different") is not None and not has_text(person.get("if_different")):
            problems.append(f"{where}: 'if_different' is tekst")
    return problems
