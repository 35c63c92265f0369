"""The node type registry: the names it knows, what each type does, and new types plugging in."""

import pytest

from tests.cases.helpers import case_data
from training.cases import nodes
from training.cases.errors import CaseError
from training.cases.graph import validate_case
from training.cases.nodes import (
    NODE_TYPES,
    DecisionNode,
    EndingNode,
    NarrativeNode,
    NodeType,
    ReflectionNode,
    StepAnswer,
    register,
)

KNOWN = {"bewustwording", "relatieherstel"}


@pytest.fixture
def registry():
    """The registry, restored afterwards so a type registered in a test does not leak."""
    saved = dict(NODE_TYPES)
    yield NODE_TYPES
    NODE_TYPES.clear()
    NODE_TYPES.update(saved)


def test_the_registry_holds_the_five_node_types_by_name_in_order():
    assert list(NODE_TYPES) == ["narrative", "decision", "reflection", "ending", "netwerkkaart"]
    assert NODE_TYPES["decision"] is DecisionNode


@pytest.mark.parametrize(
    ("name", "label"),
    [("narrative", "verhaal"), ("decision", "beslismoment"),
     ("reflection", "reflectievraag"), ("ending", "afloop"), ("netwerkkaart", "netwerkkaart")],
)  # fmt: skip
def test_each_node_type_has_a_dutch_label(app, name, label):
    with app.test_request_context():
        assert str(NODE_TYPES[name].label) == label


@pytest.mark.parametrize(
    ("kind", "fields"),
    [(NarrativeNode, ("text", "next", "rules")), (DecisionNode, ("text", "choices")),
     (ReflectionNode, ("text", "next", "rules")), (EndingNode, ("title", "text"))],
)  # fmt: skip
def test_each_node_type_names_the_fields_its_editor_form_shows(kind, fields):
    assert kind.editor_fields == fields


def test_unknown_or_missing_types_are_not_in_the_registry():
    assert nodes.node_type("vraag") is None
    assert nodes.node_type(None) is None
    assert nodes.node_type(["decision"]) is None


# --- narrative ---------------------------------------------------------------------------------


def test_a_narrative_without_next_is_reported_by_its_type():
    problems = []
    NarrativeNode.check("begin", {"id": "begin", "type": "narrative", "text": "x"}, KNOWN,
                        lambda node, msg: problems.append((node, msg)))  # fmt: skip
    assert problems == [("begin", "geen vervolg: geef 'next' op")]


def test_a_narrative_form_writes_next_and_rounded_score_rules():
    node = {"id": "stand", "type": "narrative", "text": ""}
    values = {"next": "matig", "next_if": [{"min_score": 0.666, "next": "goed"}, {"next": ""}]}
    NarrativeNode.apply_form(node, values, {"stand", "goed", "matig"})
    assert node["next"] == "matig"
    assert node["next_if"] == [{"min_score": 0.67, "next": "goed"}]


def test_a_narrative_form_refuses_a_score_rule_outside_0_and_1():
    node = {"id": "stand", "type": "narrative", "text": ""}
    with pytest.raises(CaseError, match="tussen 0 en 1"):
        NarrativeNode.apply_form(
            node, {"next_if": [{"min_score": 1.5, "next": "goed"}]}, {"stand", "goed"}
        )


def test_a_narrative_step_follows_next():
    assert NarrativeNode.read_step({"id": "begin"}, "0", "tekst") == StepAnswer()


# --- decision ----------------------------------------------------------------------------------


def _decision() -> dict:
    return next(n for n in case_data()["nodes"] if n["type"] == "decision")


def test_a_decision_step_keeps_the_chosen_index_and_leads_to_its_target():
    node = _decision()
    answer = DecisionNode.read_step(node, "1", None)
    assert answer == StepAnswer(choice_index=1, next=str(node["choices"][1]["next"]))


@pytest.mark.parametrize("choice", [None, "", "7", "-1", "een"])
def test_a_decision_step_refuses_a_choice_not_offered(choice):
    with pytest.raises(CaseError, match="Kies een van de keuzes"):
        DecisionNode.read_step(_decision(), choice, None)


def test_a_decision_with_one_choice_and_a_next_is_reported_by_its_type():
    node = {**_decision(), "next": "k2"}
    node["choices"] = node["choices"][:1]
    problems = []
    DecisionNode.check("k1", node, KNOWN, lambda node_id, msg: problems.append(msg))
    assert "een beslismoment heeft 2 tot 4 keuzes, deze heeft er 1" in problems
    assert "een beslismoment gaat verder via zijn keuzes, niet via next" in problems


def test_a_new_decision_starts_with_an_empty_list_of_choices():
    assert DecisionNode.new_node("k9") == {
        "id": "k9",
        "type": "decision",
        "text": "",
        "choices": [],
    }
    assert DecisionNode.has_choices and not NarrativeNode.has_choices


# --- reflection --------------------------------------------------------------------------------


def test_a_reflection_step_keeps_the_answer_without_surrounding_space():
    answer = ReflectionNode.read_step({"id": "r1"}, None, "  Geduld houden.  ")
    assert answer == StepAnswer(reflection="Geduld houden.")


@pytest.mark.parametrize(
    ("text", "message"), [("   ", "Schrijf een kort antwoord"), ("x" * 10_001, "te lang")]
)
def test_a_reflection_step_refuses_an_empty_or_too_long_answer(text, message):
    with pytest.raises(CaseError, match=message):
        ReflectionNode.read_step({"id": "r1"}, None, text)


def test_only_a_reflection_asks_the_learner_to_write():
    assert [name for name, kind in NODE_TYPES.items() if kind.asks_reflection] == ["reflection"]


# --- ending ------------------------------------------------------------------------------------


def test_an_ending_with_a_way_on_is_reported_by_its_type():
    problems = []
    EndingNode.check("goed", {"id": "goed", "next": "begin"}, KNOWN,
                     lambda node_id, msg: problems.append(msg))  # fmt: skip
    assert problems == ["een einde heeft geen vervolg"]


def test_a_new_ending_has_a_title_and_its_form_writes_it():
    node = EndingNode.new_node("einde")
    assert node == {"id": "einde", "type": "ending", "text": "", "title": ""}
    EndingNode.apply_form(node, {"title": " Koffie "}, {"einde"})
    assert node["title"] == "Koffie"


def test_only_an_ending_finishes_a_case():
    assert [name for name, kind in NODE_TYPES.items() if kind.ends_case] == ["ending"]


# --- a new type ----------------------------------------------------------------------------------


def _case_with_a_pause(minutes: int) -> dict:
    data = case_data()
    begin = data["nodes"][0]
    data["nodes"][0] = {**begin, "type": "pauze", "minutes": minutes}
    return data


def test_a_node_type_registered_in_a_test_is_picked_up_by_graph_validation(registry):
    unknown = [str(p) for p in validate_case(_case_with_a_pause(5), KNOWN)]
    assert any("onbekend type 'pauze'" in p for p in unknown)

    @register
    class PauseNode(NodeType):
        name = "pauze"
        label = "pauze"

        @classmethod
        def check(cls, node_id, node, known_categories, add):
            if node.get("minutes", 0) > 10:
                add(node_id, "een pauze duurt hoogstens 10 minuten")

    assert NODE_TYPES["pauze"] is PauseNode
    assert validate_case(_case_with_a_pause(5), KNOWN) == []
    problems = [str(p) for p in validate_case(_case_with_a_pause(30), KNOWN)]
    assert problems == ["knoop 'begin': een pauze duurt hoogstens 10 minuten"]
