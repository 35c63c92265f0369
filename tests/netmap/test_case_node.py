"""The netwerkkaart node in a case: the learner maps the network, the debrief compares it."""

import pytest
import sqlalchemy as sa

from tests.cases.helpers import case_data
from tests.conftest import log_in, post_form
from training.authoring import drafting
from training.cases import service
from training.cases.errors import CaseError
from training.cases.graph import validate_case
from training.cases.models import CaseAttempt
from training.competence.models import Evidence
from training.extensions import db
from training.netmap.models import MapPerson

REFERENCE = [
    {"name": "broer", "aliases": ["Daan", "zijn broer"], "sector": "familie", "ring": "vrienden",
     "quality": "belastend", "active": False, "gets": [], "gives": [],
     "if_missed": "Zonder de broer mis je de oude band waar Sem naar verlangt.",
     "if_different": "Of de broer nu steunt of belast, bepaalt hoe je het eerste contact opent."},
    {"name": "buurvrouw", "aliases": ["Ans"], "sector": "buurt", "ring": "bekenden",
     "quality": "sterk", "active": True, "gets": ["praktisch"], "gives": [],
     "if_missed": "De buurvrouw is een licht contact dat er al is; dat wil je niet kwijt."},
    {"name": "pastor", "aliases": ["de pastor", "priester"], "sector": "professionals",
     "ring": "diensten", "quality": "zwak", "active": True, "gets": ["emotioneel"], "gives": [],
     "if_missed": "De pastor is een plek waar Sem zonder hulpvraag welkom is."},
]  # fmt: skip


def map_case() -> dict:
    data = case_data()
    nodes = data["nodes"]
    nodes[0]["next"] = "kaart"
    nodes.insert(1, {
        "id": "kaart", "type": "netwerkkaart", "next": "k1", "reference": REFERENCE,
        "text": "Breng samen met Sem zijn netwerk in kaart.",
    })  # fmt: skip
    return data


@pytest.fixture
def map_case_published(synced_content, guard_ready):
    service.sync_case_files([("cases/proefcasus.yaml", map_case())])
    db.session.commit()
    return service.get_case("proefcasus")


def _attempt(client) -> CaseAttempt:
    response = post_form(client, "/cases/proefcasus/start", {}, page="/cases/proefcasus")
    db.session.expire_all()
    return db.session.get(CaseAttempt, int(response.headers["Location"].rsplit("/", 1)[-1]))


def _play(attempt) -> str:
    return f"/cases/proefcasus/spelen/{attempt.id}"


def _step(client, attempt, **data):
    db.session.expire_all()
    attempt = db.session.get(CaseAttempt, attempt.id)
    return post_form(client, _play(attempt), {"knoop": attempt.current_node, **data})


def _add(client, attempt, form):
    return post_form(client, _play(attempt) + "/kaart/personen", form, page=_play(attempt))


def test_the_node_validates_its_reference_map():
    data = map_case()
    assert validate_case(data, {"bewustwording", "relatieherstel"}) == []
    data["nodes"][1]["reference"] = [
        {"name": "Ria Jansen", "sector": "kerk", "ring": "intimi", "quality": "sterk"}
    ]
    problems = [str(p) for p in validate_case(data, {"bewustwording", "relatieherstel"})]
    assert any("volledige naam" in p for p in problems)
    assert any("'sector'" in p for p in problems)
    assert any("if_missed" in p for p in problems)
    data["nodes"][1]["reference"] = []
    assert any(
        "1 tot 30" in str(p) for p in validate_case(data, {"bewustwording", "relatieherstel"})
    )


def test_a_learner_maps_the_network_and_the_debrief_names_who_was_missed(
    login_as, map_case_published, person_form
):
    client, user = login_as("learner")
    attempt = _attempt(client)
    _step(client, attempt)  # begin -> kaart
    page = client.get(_play(attempt)).get_data(as_text=True)
    assert "Iemand op de kaart zetten" in page and "<svg" in page
    empty = _step(client, attempt)
    assert empty.status_code == 302
    db.session.expire_all()
    assert db.session.get(CaseAttempt, attempt.id).current_node == "kaart"
    assert _add(client, attempt, person_form(name="zijn broer", sector="familie", ring="intimi",
                                             quality="belastend", contact="slapend")).status_code == 302  # fmt: skip
    assert _add(client, attempt, person_form(name="Ans", sector="buurt", ring="bekenden",
                                             quality="sterk", gets=["praktisch"])).status_code == 302  # fmt: skip
    assert _add(client, attempt, person_form(name="Kees", sector="vrienden")).status_code == 302
    assert _step(client, attempt).status_code == 302  # hand in the map
    db.session.expire_all()
    assert db.session.get(CaseAttempt, attempt.id).current_node == "k1"
    # The handed-in map is frozen.
    assert _add(client, attempt, person_form(name="pastor")).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(MapPerson.id))) == 3
    for data in ({"keuze": "0"}, {"keuze": "0"}, {"reflectie": "Geduld."}, {"keuze": "0"}, {}):
        _step(client, attempt, **data)
    debrief = client.get(f"/cases/proefcasus/debrief/{attempt.id}").get_data(as_text=True)
    assert "Je zette 2 van de 3 personen uit het verhaal op de kaart." in debrief
    assert "Wie je miste" in debrief and "De pastor is een plek waar Sem" in debrief
    assert "Jij plaatst broer bij intimi" in debrief  # closer than the story
    assert "Of de broer nu steunt of belast" in debrief
    assert "Van de slapende contacten vond je er 1 van de 1." in debrief
    assert "Kees" in debrief.split("Niet op de kaart van de auteur")[1]
    assert debrief.count("<svg") == 2
    evidence = {
        e.category.slug: e.score
        for e in db.session.scalars(
            sa.select(Evidence).where(Evidence.source.like("netwerkkaart%"))
        )
    }
    # broer: found, ring one off, quality and contact right: 0.6 + 0.1 + 0.1 + 0.1 = 0.9;
    # buurvrouw: all right: 1.0; pastor missed: 0. Mean 1.9 / 3.
    assert evidence["bewustwording"] == pytest.approx(1.9 / 3, abs=1e-4)
    assert evidence["netwerk-vergroten"] == pytest.approx(1.0)


def test_going_back_withdraws_the_map_evidence(login_as, map_case_published, person_form):
    client, user = login_as("learner")
    attempt = _attempt(client)
    _step(client, attempt)
    _add(client, attempt, person_form(name="buurvrouw", sector="buurt", ring="bekenden"))
    _step(client, attempt)
    scores = {e.category.slug: e.score for e in db.session.scalars(sa.select(Evidence))}
    assert scores["netwerk-vergroten"] == 0  # the dormant brother was not found
    assert _step(client, attempt, actie="terug").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Evidence.id))) == 0
    _add(client, attempt, person_form(name="broer", sector="familie", contact="slapend",
                                      quality="belastend"))  # fmt: skip
    _step(client, attempt)
    scores = {e.category.slug: e.score for e in db.session.scalars(sa.select(Evidence))}
    assert db.session.scalar(sa.select(sa.func.count(Evidence.id))) == 2
    assert scores["netwerk-vergroten"] == pytest.approx(1.0)


def test_another_learner_cannot_touch_the_map(
    app, login_as, make_user, map_case_published, person_form
):
    client, _ = login_as("learner")
    attempt = _attempt(client)
    _step(client, attempt)
    _add(client, attempt, person_form())
    key = db.session.scalar(sa.select(MapPerson.key))
    other = app.test_client()
    log_in(other, make_user(role="trainer").email)
    base = _play(attempt) + "/kaart/personen"
    assert other.get(f"{base}/{key}").status_code == 404
    assert post_form(other, base, person_form(name="indringer"), page="/cases/").status_code == 404
    assert post_form(other, f"{base}/{key}/verwijderen", {}, page="/cases/").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(MapPerson.id))) == 1


def test_the_editor_reads_the_reference_map_as_yaml():
    data = map_case()
    reference_yaml = service.to_yaml(REFERENCE[:1])
    values = {
        "id": "kaart",
        "text": "Maak de kaart.",
        "next": "k1",
        "reference_yaml": reference_yaml,
    }
    drafting.apply_node(data, "kaart", values)
    assert data["nodes"][1]["reference"] == REFERENCE[:1]
    with pytest.raises(CaseError, match="geen geldige YAML"):
        drafting.apply_node(data, "kaart", {**values, "reference_yaml": "- name: [broer"})
    with pytest.raises(CaseError, match="lijst van personen"):
        drafting.apply_node(data, "kaart", {**values, "reference_yaml": "name: broer"})
    assert data["nodes"][1]["reference"] == REFERENCE[:1]
