"""YAML from trainers: no aliases, no deep nesting, no huge text, every field of the right type."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
import yaml

from tests.cases.helpers import case_data
from tests.conftest import post_form
from training import safeyaml
from training.cases import service
from training.cases.models import CaseVersion
from training.extensions import db

KNOWN = {"bewustwording", "relatieherstel", "netwerk-vergroten"}

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


def refusal(text: str) -> str:
    with pytest.raises(yaml.YAMLError) as caught:
        safeyaml.load(text)
    assert isinstance(caught.value, safeyaml.RefusedYaml)
    return caught.value.problem


def test_aliases_and_anchors_are_refused_before_anything_is_expanded():
    started = time.perf_counter()
    assert "verwijzingen" in refusal("a: [x]\nb: *a\n")
    assert "ankers" in refusal("a: &a [x]\nb: 1\n")
    assert "ankers" in refusal(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1


def test_deep_nesting_is_refused_not_a_recursion_error():
    assert "genest" in refusal("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "genest" in refusal(
        "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "x"
    )
    nested = safeyaml.load("a: " + "[" * 30 + "]" * 30)["a"]
    for _level in range(29):
        nested = nested[0]
    assert nested == []


def test_text_over_the_size_limit_is_refused():
    assert "te lang" in refusal("a: " + "x" * safeyaml.MAX_CHARS)


def test_dates_stay_text_and_types_json_cannot_hold_are_refused():
    assert safeyaml.load("title: 2024-01-01\nn: 3\nf: 0.5\n") == {
        "title": "2024-01-01",
        "n": 3,
        "f": 0.5,
    }
    assert "eindig" in refusal("score: .nan\n")
    assert "eindig" in refusal("score: -.inf\n")
    assert "binary" in refusal("x: !!binary aGFsbG8=\n")
    assert "set" in refusal("x: !!set {a, b}\n")


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.update(categories=[["bewustwording", "netwerk-vergroten"]]), "'categories'"),
        (lambda d: d["nodes"][1]["choices"][0].update(quality=["sterk"]), "'quality'"),
        (lambda d: d["nodes"][0].update(type=["narrative"]), "'type'"),
        (lambda d: d["nodes"][1]["choices"][0].update(categories="bewustwording"), "'categories'"),
        (lambda d: d.update(title={"nl": "x"}), "'title'"),
        (lambda d: d.update(client=["Ricardo"]), "'client'"),
        (lambda d: d["client"].update(age="veertig"), "'age'"),
        (lambda d: d["context"].update(network=["zus"]), "'network'"),
        (lambda d: d["nodes"][0].update(next=["k2"]), "'next'"),
        (
            lambda d: d["nodes"][0].update(next_if=[{"min_score": "hoog", "next": "k2"}]),
            "'min_score'",
        ),
        (lambda d: d["nodes"][0].update(next_if="k2"), "'next_if'"),
        (lambda d: d["nodes"][1].update(choices=[["a"], ["b"]]), "keuze 1"),
        (lambda d: d.update(learning_goals=[1, 2]), "'learning_goals'"),
        (lambda d: d.update(allow_back="ja"), "'allow_back'"),
    ],
)
def test_a_field_of_the_wrong_type_is_a_problem_naming_it(change, named):
    data = case_data(slug="typecasus")
    assert data["nodes"][1].get("choices"), "the helper's second node is a decision"
    change(data)
    parsed, problems = service.parse_case_text(service.to_yaml(data), KNOWN, "editor")
    assert parsed is None
    assert any(named in problem for problem in problems), problems


def test_editor_refuses_an_alias_bomb_and_stores_no_expanded_data(trainer_client, synced_content):
    text = "slug: bom\ntitle: Bom\n" + BILLION_LAUGHS
    versions = db.session.scalar(sa.select(sa.func.count(CaseVersion.id)))
    response = post_form(
        trainer_client, "/cases/editor/nieuw", {"yaml_text": text, "publish": "Publiceren"}
    )
    assert response.status_code == 200
    assert "ankers" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CaseVersion.id))) == versions
    assert service.get_case("bom").draft_yaml == text  # the text as typed, 2 KB, not expanded


def test_editor_shows_wrong_types_and_deep_nesting_as_problems(trainer_client, synced_content):
    for text in (
        "slug: lijst\ncategories: [[a, b]]\nnodes:\n  - id: a\n    type: [narrative]\n",
        "slug: diep\ntitle: " + "[" * 5000 + "]" * 5000 + "\n",
    ):
        response = post_form(
            trainer_client, "/cases/editor/nieuw", {"yaml_text": text, "save": "x"}
        )
        assert response.status_code == 200, text[:40]
        html = response.get_data(as_text=True)
        assert "moet" in html or "genest" in html
