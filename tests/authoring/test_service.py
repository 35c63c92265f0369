"""Authoring rules called directly: new-case skeletons, score thresholds, drafts and publishing."""

from types import SimpleNamespace

import pytest
import yaml

from tests.cases.helpers import case_data
from training.authoring import drafting, service
from training.authoring.forms import AddNodeForm
from training.cases import service as cases
from training.cases.errors import CaseError
from training.cases.graph import nodes_by_id
from training.cases.nodes import NODE_TYPES, NarrativeNode
from training.extensions import db


@pytest.fixture
def known(synced_content) -> set[str]:
    return cases.category_slugs()


def test_a_new_case_skeleton_has_every_field_and_one_empty_start_node():
    data = service.new_case_data("ricardo", "Ricardo")
    assert (data["slug"], data["title"], data["start"]) == ("ricardo", "Ricardo", "begin")
    assert data["nodes"] == [{"id": "begin", "type": "narrative", "text": ""}]
    assert set(data) >= {"summary", "client", "context", "learning_goals", "categories"}


def test_creating_a_case_keeps_the_skeleton_as_a_draft(known):
    case = service.create_case("ricardo", "Ricardo", known)
    assert case.published is None and case.origin == "editor"
    assert yaml.safe_load(case.draft_yaml) == service.new_case_data("ricardo", "Ricardo")


def test_creating_a_case_with_a_taken_slug_is_refused(known):
    service.create_case("ricardo", "Ricardo", known)
    with pytest.raises(CaseError, match="al een casus met deze slug"):
        service.create_case("ricardo", "Nog een Ricardo", known)


@pytest.mark.parametrize(
    ("text", "score"),
    [("0,6", 0.6), ("0.6", 0.6), ("0", 0.0), ("1", 1.0), ("1.5", None), ("-0.1", None),
     ("veel", None), ("", None), (None, None)],
)  # fmt: skip
def test_a_typed_min_score_is_read_with_comma_or_point_and_only_from_0_to_1(text, score):
    assert service.parse_min_score(text) == score


def test_editing_a_node_refuses_a_min_score_outside_0_and_1(known):
    case = service.create_case("ricardo", "Ricardo", known)
    data = drafting.draft_of(case)
    values = {"id": "begin", "text": "x", "next_if": [{"min_score": "2", "next": "begin"}]}
    with pytest.raises(CaseError, match="Een minimale score ligt tussen 0 en 1."):
        service.edit_node(case, data, "begin", values, known)


def test_editing_a_node_ignores_a_rule_without_target_and_saves_the_draft(known):
    case = service.create_case("ricardo", "Ricardo", known)
    data = drafting.draft_of(case)
    values = {"id": "start", "text": "Ricardo komt binnen.", "next": "",
              "next_if": [{"min_score": "", "next": ""}]}  # fmt: skip
    new_id, problems = service.edit_node(case, data, "begin", values, known)
    assert new_id == "start" and problems
    assert nodes_by_id(yaml.safe_load(case.draft_yaml))["start"]["text"] == "Ricardo komt binnen."


@pytest.mark.parametrize(
    ("text", "readable"),
    [("nodes: [{id: a}]\n", True), ("title: [oeps\n", False), ("nodes: tekst\n", False),
     ("- lijst\n", False)],
)  # fmt: skip
def test_the_raw_draft_is_read_only_when_it_has_a_list_of_nodes(text, readable):
    assert (service.raw_draft(text) is not None) == readable


def test_the_editor_index_lists_unpublished_cases_by_title(known):
    service.create_case("zeta", "Zeta", known)
    service.create_case("alfa", "Alfa", known)
    titles = [c.title for c in service.editor_cases()]
    assert {"Alfa", "Zeta"} <= set(titles)
    assert titles == sorted(titles)


def test_the_editor_opens_the_draft_or_else_the_published_version(known):
    cases.sync_case_files([("cases/proefcasus.yaml", case_data())])
    case = cases.get_case("proefcasus")
    assert yaml.safe_load(service.editor_text(case)) == case_data()
    case.draft_yaml = "slug: proefcasus\n"
    assert service.editor_text(case) == "slug: proefcasus\n"


def test_a_preview_needs_a_draft_without_problems(known):
    case = service.create_case("ricardo", "Ricardo", known)
    assert service.preview_data(case, known) is None
    case.draft_yaml = cases.to_yaml(case_data(slug="ricardo"))
    assert service.preview_data(case, known)["slug"] == "ricardo"


def test_publishing_a_draft_with_problems_keeps_it_as_a_draft(known, make_user):
    trainer = make_user(role="trainer")
    broken = cases.to_yaml(case_data(slug="ricardo")).replace("next: stand", "next: nergens", 1)
    case, version, problems = service.save_editor_text(None, broken, trainer, known, publish=True)
    assert version is None and any("nergens" in p for p in problems)
    assert case.draft_yaml == broken and case.published is None


def test_publishing_a_valid_draft_makes_version_1_and_clears_the_draft(known, make_user):
    trainer = make_user(role="trainer")
    text = cases.to_yaml(case_data(slug="ricardo"))
    case, version, problems = service.save_editor_text(None, text, trainer, known, publish=True)
    assert (version.number, problems, case.draft_yaml) == (1, [], None)
    assert case.published is version and version.created_by_id == trainer.id


def test_the_slug_of_a_published_case_cannot_change(known, make_user):
    trainer = make_user(role="trainer")
    case = service.create_case("ricardo", "Ricardo", known)
    case.draft_yaml = cases.to_yaml(case_data(slug="anders"))
    version, problems = service.publish_draft(case, trainer, known)
    assert version is None and problems == ["De slug van een casus kan niet veranderen."]


def test_there_is_nothing_to_publish_without_a_draft(known, make_user):
    with pytest.raises(CaseError, match="geen concept"):
        service.publish_draft(SimpleNamespace(draft_yaml=None), make_user(), known)


def test_a_draft_without_a_slug_is_refused(known):
    with pytest.raises(CaseError, match="Geef de casus een slug"):
        service.save_draft(None, "title: Zonder slug\n", known)


def test_adding_and_deleting_a_node_saves_the_draft(known):
    case = service.create_case("ricardo", "Ricardo", known)
    node, _problems = service.add_node(case, drafting.draft_of(case), "einde", "ending", known)
    assert node == {"id": "einde", "type": "ending", "text": "", "title": ""}
    assert "einde" in nodes_by_id(yaml.safe_load(case.draft_yaml))
    service.delete_node(case, drafting.draft_of(case), "einde", known)
    assert "einde" not in nodes_by_id(yaml.safe_load(case.draft_yaml))
    db.session.rollback()


def test_a_registered_node_type_can_be_added_in_the_editor(app, monkeypatch):
    class PauseNode(NarrativeNode):
        name = "pauze"
        label = "pauze"

    monkeypatch.setitem(NODE_TYPES, "pauze", PauseNode)
    with app.test_request_context():
        assert "pauze" in [
            choice.value for choice in AddNodeForm(meta={"csrf": False}).node_type.choices
        ]
    data = {"start": "begin", "nodes": [{"id": "begin", "type": "narrative", "text": ""}]}
    assert drafting.add_node(data, "even-rust", "pauze") == {
        "id": "even-rust",
        "type": "pauze",
        "text": "",
    }
