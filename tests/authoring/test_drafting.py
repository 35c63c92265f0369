"""The form-based editor: pure functions on the draft, and the routes that save it."""

from types import SimpleNamespace

import pytest
import yaml

from tests.cases.helpers import case_data
from tests.conftest import log_in, post_form
from training.authoring import drafting
from training.cases import service
from training.cases.graph import nodes_by_id, validate_case
from training.extensions import db


def test_renaming_a_node_updates_every_link_to_it():
    data = case_data()
    target = next(n["id"] for n in data["nodes"] if n["type"] == "ending")
    drafting.rename_node(data, target, "afloop-goed")
    ids = set(nodes_by_id(data))
    assert "afloop-goed" in ids and target not in ids
    links = [c["next"] for n in data["nodes"] for c in n.get("choices") or []]
    links += [n.get("next") for n in data["nodes"]]
    links += [r["next"] for n in data["nodes"] for r in n.get("next_if") or []]
    assert target not in links


def test_the_start_node_cannot_be_deleted_and_others_leave_visible_dead_links():
    data = case_data()
    with pytest.raises(service.CaseError, match="startknoop"):
        drafting.delete_node(data, data["start"])
    victim = next(n["id"] for n in data["nodes"] if n["type"] == "reflection")
    drafting.delete_node(data, victim)
    assert victim not in nodes_by_id(data)

    assert any(
        victim in str(p) for p in validate_case(data, {c for c in data["categories"]} | _all())
    )


def _all():
    return {
        "basisvoorwaarden", "bewustwording", "netwerk-vergroten", "relatieherstel",
        "gezamenlijke-besluitvorming", "sociale-verantwoordelijkheid", "sociale-vaardigheden",
        "randvoorwaarden",
    }  # fmt: skip


def test_apply_node_keeps_filled_choice_rows_and_checks_their_links():
    data = case_data()
    decision = next(n for n in data["nodes"] if n["type"] == "decision")
    ending = next(n["id"] for n in data["nodes"] if n["type"] == "ending")
    row = {"text": "Bellen", "next": ending, "categories": ["bewustwording"], "quality": "sterk",
           "mechanism": "m", "feedback": "f"}  # fmt: skip
    drafting.apply_node(
        data,
        decision["id"],
        {"id": decision["id"], "text": "Wat doe je?", "choices": [row, {"text": ""}, row]},
    )
    assert [c["text"] for c in decision["choices"]] == ["Bellen", "Bellen"]
    with pytest.raises(service.CaseError, match="bestaande knoop"):
        drafting.apply_node(
            data, decision["id"], {"text": "x", "choices": [{**row, "next": "nergens"}]}
        )
    with pytest.raises(service.CaseError, match="sterk, redelijk of zwak"):
        drafting.apply_node(
            data, decision["id"], {"text": "x", "choices": [{**row, "quality": "top"}]}
        )


def test_adding_a_node_refuses_bad_or_taken_ids():
    data = case_data()
    drafting.add_node(data, "nieuwe-afloop", "ending")
    assert nodes_by_id(data)["nieuwe-afloop"]["type"] == "ending"
    for bad in ("Hoofdletter", "met spatie", "nieuwe-afloop"):
        with pytest.raises(service.CaseError):
            drafting.add_node(data, bad, "narrative")


@pytest.fixture
def draft_case(trainer_client, synced_content):
    post_form(
        trainer_client,
        "/cases/editor/nieuw-formulier",
        {"slug": "formcasus", "title": "Formuliercasus"},
    )
    return service.get_case("formcasus")


def test_trainer_builds_a_case_with_forms(trainer_client, draft_case):
    assert draft_case is not None and yaml.safe_load(draft_case.draft_yaml)["start"] == "begin"
    page = "/cases/editor/formcasus"
    post_form(
        trainer_client,
        "/cases/editor/formcasus/knopen",
        {"new_id": "einde", "node_type": "ending"},
        page=page,
    )
    response = post_form(
        trainer_client, "/cases/editor/formcasus/knoop/begin",
        {"node_id": "eerste-avond", "text": "Ricardo komt binnen.", "next": "einde"},
    )  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    data = yaml.safe_load(service.get_case("formcasus").draft_yaml)
    assert data["start"] == "eerste-avond"
    assert nodes_by_id(data)["eerste-avond"] == {
        "id": "eerste-avond", "type": "narrative", "text": "Ricardo komt binnen.", "next": "einde",
    }  # fmt: skip


def test_invalid_node_form_changes_nothing(trainer_client, draft_case):
    before = draft_case.draft_yaml
    response = post_form(
        trainer_client,
        "/cases/editor/formcasus/knoop/begin",
        {"node_id": "Met Spatie", "text": "x"},
    )
    assert response.status_code == 200
    assert "Kleine letters, cijfers en streepjes" in response.get_data(as_text=True)
    db.session.expire_all()
    assert service.get_case("formcasus").draft_yaml == before


def test_unknown_node_is_404_and_learners_get_403(app, trainer_client, draft_case, make_user):
    assert trainer_client.get("/cases/editor/formcasus/knoop/bestaat-niet").status_code == 404
    learner = app.test_client()
    log_in(learner, make_user().email)
    assert learner.get("/cases/editor/formcasus/knoop/begin").status_code == 403
    assert learner.get("/cases/editor/formcasus/gegevens").status_code == 403


def test_case_fields_form_writes_the_cimo_context(trainer_client, draft_case):
    response = post_form(
        trainer_client, "/cases/editor/formcasus/gegevens",
        {"title": "Ricardo en de nachtopvang", "client_name": "Ricardo", "client_age": "44",
         "living_situation": "Nachtopvang", "network": "Een zus", "client_says": "Ik heb niemand.",
         "learning_goals": "Je kunt luisteren.\nJe kunt doorvragen.", "categories": ["bewustwording"],
         "start": "begin"},
    )  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    data = yaml.safe_load(service.get_case("formcasus").draft_yaml)
    assert data["client"] == {"name": "Ricardo", "description": "", "age": 44}
    assert data["context"]["client_says"] == "Ik heb niemand."
    assert data["learning_goals"] == ["Je kunt luisteren.", "Je kunt doorvragen."]
    assert data["categories"] == ["bewustwording"]


def test_unreadable_drafts_are_refused_with_a_message_not_a_crash():

    for text in ("nodes: tekst\n", "nodes:\n  - gewoon tekst\n", "title: [oeps\n"):
        with pytest.raises(service.CaseError, match="onleesbaar"):
            drafting.draft_of(SimpleNamespace(draft_yaml=text, published=None))
    data = drafting.draft_of(
        SimpleNamespace(draft_yaml="client: tekst\nnodes: []\n", published=None)
    )
    drafting.apply_case_fields(data, {"client_name": "Sem"})
    assert data["client"]["name"] == "Sem"


def test_a_choice_row_with_feedback_but_no_text_is_refused():
    data = case_data()
    decision = next(n for n in data["nodes"] if n["type"] == "decision")
    with pytest.raises(service.CaseError, match="ook een tekst"):
        drafting.apply_node(
            data, decision["id"], {"text": "x", "choices": [{"text": "", "feedback": "f"}]}
        )
