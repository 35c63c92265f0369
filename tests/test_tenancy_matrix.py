"""Every object a person owns, tried by people of another organisation.

One table for the object types whose pages are the owner's alone (user, journal entry, case
attempt and reflection, quiz attempt and essay, evidence and estimates, network map with its
persons and versions, the "my data" export):
the owner reaches each page; a trainer, a beheerder, a learner and the platform admin of
another organisation get 404 (or 403 on a trainers-only page) and change nothing. Cohorts,
shared reflections and the intervision objects have their own tables in
tests/competence/test_boundaries.py and tests/intervision/test_tenancy.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tests.competence.helpers import enrol
from tests.conftest import log_in, post_form
from training.cases import service as cases
from training.cases.models import CaseAttempt
from training.competence import service as competence
from training.curriculum import service as curriculum
from training.extensions import db
from training.journal import service as journal
from training.journal.models import JournalEntry
from training.netmap import service as netmaps
from training.netmap.models import MapPerson, MapVersion
from training.organisations import service as organisations
from training.quizzes import bank
from training.quizzes import service as quizzes
from training.quizzes.models import QuizAttempt

CASE = "dave-logeert-bij-moeder-kostendelersnorm"
SECRET = "Zeer-persoonlijke-notitie-7781"


@pytest.fixture
def world(make_user, synced_content):
    own = organisations.create_organisation("Opvang Noord", ["noord.nl"])
    other = organisations.create_organisation("Kenter Zuid", ["zuid.nl"])
    db.session.commit()
    w = SimpleNamespace(
        owner=make_user(email="sanne@noord.nl", name="Sanne Eigenaar", org=own),
        trainer=make_user(email="karim@noord.nl", role="trainer", org=own),
        outsiders={
            role: make_user(email=f"{role}@zuid.nl", role=role, org=other)
            for role in ("trainer", "beheerder", "learner", "admin")
        },
    )
    enrol(w.trainer, w.owner)
    w.entry = journal.create_entry(
        w.owner, title=SECRET, framework="starr", answers={"situatie": SECRET}, shared=False
    )
    essay = next(q for q in bank.bank_questions() if q.qtype == "essay")
    w.quiz = quizzes._start(w.owner, "practice", [essay.id], categories=["randvoorwaarden"])
    w.quiz.responses[0].given = {"text": SECRET}
    quizzes.submit_attempt(w.quiz)
    w.case = cases.start_or_resume(w.owner, cases.get_case(CASE))
    for _step in range(40):  # play the case to its end, reflecting where asked
        if w.case.state != "open":
            break
        kind = cases.current_node(w.case)["type"]
        cases.take_step(
            w.case,
            w.case.current_node,
            choice="0" if kind == "decision" else None,
            reflection=SECRET if kind == "reflection" else None,
        )
    w.case_steps = len(w.case.steps)
    competence.record_evidence(
        w.owner, curriculum.get_category("bewustwording"), "quiz", 0.8, "toets"
    )
    w.map = netmaps.create_map(w.owner, "S.")
    w.map_person = netmaps.add_person(w.map, {
        "name": "buurvrouw", "sector": "buurt", "ring": "bekenden", "quality": "sterk",
        "active": True, "gets": [], "gives": [], "note": SECRET,
    }).key  # fmt: skip
    netmaps.save_version(w.map, netmaps.today(), "")
    db.session.commit()
    return w


def _pages(w) -> dict[str, str]:
    """Object type → a page that shows it to its owner."""
    return {
        "journal entry": f"/journal/{w.entry.id}",
        "journal entry edit": f"/journal/{w.entry.id}/bewerken",
        "quiz attempt": f"/quizzes/pogingen/{w.quiz.id}",
        "quiz attempt review (essay)": f"/quizzes/pogingen/{w.quiz.id}/terugblik",
        "case attempt": f"/cases/{CASE}/spelen/{w.case.id}",  # finished: sends on to debrief
        "case debrief (reflection)": f"/cases/{CASE}/debrief/{w.case.id}",
        "estimate": f"/competence/deelnemer/{w.owner.id}",
        "evidence": f"/competence/deelnemer/{w.owner.id}/bewijs.csv",
        "user (beheer)": f"/beheer/gebruikers/{w.owner.id}/gegevens",
        "network map": f"/netwerkkaarten/{w.map.id}",
        "network map person": f"/netwerkkaarten/{w.map.id}/personen/{w.map_person}",
        "network map (print)": f"/netwerkkaarten/{w.map.id}/afdrukken",
        "network map (SVG)": f"/netwerkkaarten/{w.map.id}/kaart.svg",
        "network map versions": f"/netwerkkaarten/{w.map.id}/vergelijken",
    }


def _client(app, user):
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    return client


def test_the_owner_reaches_their_own_pages(app, world):
    client = _client(app, world.owner)
    own = {k: v for k, v in _pages(world).items() if k not in ("user (beheer)",)}
    for name, path in own.items():
        if name.startswith(("estimate", "evidence")):
            path = "/competence/" if name == "estimate" else "/competence/bewijs.csv"
        assert client.get(path).status_code in (200, 302), name
    assert client.get("/account/gegevens").status_code == 200


@pytest.mark.parametrize("role", ["trainer", "beheerder", "learner", "admin"])
def test_another_organisation_reaches_none_of_them_and_changes_nothing(app, world, role):
    outsider = world.outsiders[role]
    client = _client(app, outsider)
    for name, path in _pages(world).items():
        response = client.get(path)
        assert response.status_code in (403, 404), f"{role}: {name} -> {response.status_code}"
        assert SECRET not in response.get_data(as_text=True)
    # writes: editing or deleting the entry, answering in the attempts, grading the essay,
    # deleting the account on someone's behalf
    writes = {
        f"/journal/{world.entry.id}/verwijderen": {},
        f"/journal/{world.entry.id}/bewerken": {"title": "overgenomen"},
        f"/quizzes/pogingen/{world.quiz.id}": {},
        f"/cases/{CASE}/spelen/{world.case.id}": {"keuze": "0"},
        f"/quizzes/beoordelen/{world.quiz.responses[0].id}": {
            f"r{world.quiz.responses[0].id}-grade": "1.0"
        },
        f"/beheer/gebruikers/{world.owner.id}/verwijderen": {"email": world.owner.email},
        f"/netwerkkaarten/{world.map.id}/personen": {
            "name": "indringer",
            "sector": "buurt",
            "ring": "intimi",
            "quality": "sterk",
            "contact": "actief",
        },  # fmt: skip
        f"/netwerkkaarten/{world.map.id}/personen/{world.map_person}/verwijderen": {},
        f"/netwerkkaarten/{world.map.id}/versies": {"conversation_on": "2026-11-01"},
        f"/netwerkkaarten/{world.map.id}/verwijderen": {},
        f"/intervisie/netwerkkaart/{world.map.id}/delen": {"with_notes": "ja"},
    }
    for path, data in writes.items():
        response = post_form(client, path, data, page="/dashboard")
        assert response.status_code in (403, 404), f"{role}: POST {path}"
    # listings that gather many people's things never show the owner's
    for path in ("/journal/", "/journal/gedeeld", "/netwerkkaarten/", "/quizzes/beoordelen", "/competence/groepen/",
                 "/admin/users", "/beheer/inzage", f"/cases/{CASE}/statistiek"):  # fmt: skip
        assert SECRET not in client.get(path).get_data(as_text=True), f"{role}: {path}"
        assert "Sanne Eigenaar" not in client.get(path).get_data(as_text=True), f"{role}: {path}"
    db.session.expire_all()
    entry = db.session.get(JournalEntry, world.entry.id)
    assert entry is not None and entry.title == SECRET
    assert db.session.get(QuizAttempt, world.quiz.id).responses[0].fraction is None
    assert len(db.session.get(CaseAttempt, world.case.id).steps) == world.case_steps
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(JournalEntry)
            .where(JournalEntry.user_id == world.owner.id)
        )
        == 1
    )
    assert [p.note for p in db.session.scalars(sa.select(MapPerson))] == [SECRET]
    assert db.session.scalar(sa.select(sa.func.count(MapVersion.id))) == 1
