import pytest

from tests.cases.helpers import case_data
from training.cases.graph import fewest_decisions, nodes_by_id, validate_case
from training.cases.service import library_rules, trainer_problems

KNOWN = {"bewustwording", "relatieherstel"}


def messages(data) -> list[str]:
    return [str(p) for p in validate_case(data, KNOWN)]


def test_the_example_case_is_valid():
    assert messages(case_data()) == []


def test_an_unreachable_node_is_named():
    data = case_data()
    data["nodes"].append({"id": "los", "type": "ending", "text": "Niemand komt hier."})
    assert messages(data) == ["knoop 'los': onbereikbaar: geen pad vanaf de start komt hier"]


def test_a_choice_leading_nowhere_is_named():
    data = case_data()
    data["nodes"][1]["choices"][0]["next"] = "bestaat-niet"
    assert "knoop 'k1': verwijst naar 'bestaat-niet', maar die knoop bestaat niet" in messages(data)


def test_a_decision_needs_two_choices():
    data = case_data()
    data["nodes"][1]["choices"] = data["nodes"][1]["choices"][:1]
    assert "knoop 'k1': een beslismoment heeft 2 tot 4 keuzes, deze heeft er 1" in messages(data)


def test_no_reachable_ending_is_reported():
    data = case_data()
    data["nodes"] = [n for n in data["nodes"] if n["type"] != "ending"]
    data["nodes"][-1].pop("next_if")
    data["nodes"][-1]["next"] = "k1"
    assert "geen einde bereikbaar vanaf de start" in messages(data)


def test_a_loop_without_exit_is_reported_per_node():
    data = case_data()
    data["nodes"][3]["next"] = "k2"  # r1 back to k2, and k2's choices both go to r1
    found = messages(data)
    assert (
        "knoop 'k2': doodlopend: vanaf hier is geen einde te bereiken (lus zonder uitgang?)"
        in found
    )
    assert any(m.startswith("knoop 'r1': doodlopend") for m in found)


def test_a_loop_with_an_exit_is_allowed():
    data = case_data()
    data["nodes"][4]["choices"][1]["next"] = "k2"  # 'Het erbij laten' loops back; the other exits
    assert messages(data) == []


@pytest.mark.parametrize("field", ["categories"])
def test_missing_categories_are_reported(field):
    data = case_data(**{field: []})
    data["nodes"][1]["choices"][0]["categories"] = []
    found = messages(data)
    assert "geen categorieën: noem de categorieën die deze casus oefent" in found
    assert "knoop 'k1': keuze 1: geen categorieën" in found


def test_fewest_decisions_counts_the_shortest_path_to_an_ending():

    case = case_data()
    assert fewest_decisions(case) == 3
    first = nodes_by_id(case)[case["start"]]
    # a shortcut from the start straight to an ending leaves a path without decisions
    ending = next(n["id"] for n in case["nodes"] if n["type"] == "ending")
    first["next"] = ending
    assert fewest_decisions(case) == 0


def test_library_rules_ask_three_decisions_two_endings_and_a_reflection():

    assert library_rules(case_data()) == []
    without_reflection = case_data()
    for node in without_reflection["nodes"]:
        if node["type"] == "reflection":
            node["type"] = "narrative"
    assert library_rules(without_reflection) == ["een casus heeft minstens één reflectievraag"]
    shortcut = case_data()
    endings = [n["id"] for n in shortcut["nodes"] if n["type"] == "ending"]
    nodes_by_id(shortcut)[shortcut["start"]]["next"] = endings[0]
    assert any("beslismomenten" in p for p in library_rules(shortcut))
    one_ending = case_data()
    one_ending["nodes"] = [n for n in one_ending["nodes"] if n["id"] not in endings[1:]]
    assert "een casus heeft minstens 2 verschillende aflopen" in library_rules(one_ending)


def test_library_cases_say_how_long_they_take_and_what_to_discuss():
    without = case_data()
    del without["trainer"]
    assert any("blok 'trainer'" in p for p in library_rules(without))
    assert trainer_problems(without) == []  # optional outside the library
    wrong = case_data()
    wrong["trainer"] = {"minutes": "half uur", "discussion_questions": ["Een vraag", ""]}
    assert trainer_problems(wrong) == [
        "trainer.minutes is de duur in minuten (5 tot 240)",
        "trainer.discussion_questions is een lijst van 2 tot 8 vragen (tekst)",
    ]
    assert trainer_problems({"trainer": ["30"]}) == [
        "'trainer' bevat de velden minutes en discussion_questions"
    ]
