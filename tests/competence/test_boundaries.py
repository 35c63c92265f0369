"""Whose data a viewer reaches (only consenting learners, no role bypass) and the audit log of it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tests.competence.helpers import enrol, join
from tests.conftest import count_queries, export_via_job, log_in, post_form
from training.accounts import service as accounts
from training.audit import service as audit
from training.audit.models import AuditEntry
from training.cases import service as cases
from training.cases.models import CaseStep
from training.competence import cohorts, service
from training.competence.models import ACCEPTED, Cohort
from training.curriculum import service as curriculum
from training.extensions import db
from training.journal import service as journal
from training.organisations import service as organisations
from training.quizzes import bank
from training.quizzes import service as quizzes

CASE = "dave-logeert-bij-moeder-kostendelersnorm"
ESSAY_TEXT = "Ik bel eerst zijn zus, met hem erbij."
REFLECTION = "Ik merk dat ik te snel zelf ga bellen."
ENTRY_TITLE = "Na het huisbezoek bij R."


def client_of(app, user):
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    return client


def essay_of(user):
    essay = next(q for q in bank.bank_questions() if q.qtype == "essay")
    attempt = quizzes._start(user, "practice", [essay.id], categories=["randvoorwaarden"])
    attempt.responses[0].given = {"text": ESSAY_TEXT}
    quizzes.submit_attempt(attempt)
    return attempt.responses[0]


def case_reflection_of(user, text: str = REFLECTION):
    attempt = cases.start_or_resume(user, cases.get_case(CASE))
    attempt.steps.append(CaseStep(position=len(attempt.steps), node_id="r1", reflection=text))
    db.session.flush()
    return attempt


@pytest.fixture
def world(make_user, synced_content):
    """Karim (HVO-Querido) leads a cohort Sanne accepted; Kenter Jeugdhulp is another tenant."""
    organisations.create_organisation("HVO-Querido", ["hvoquerido.nl"])
    organisations.create_organisation("Kenter Jeugdhulp", ["kenter.nl"])
    db.session.commit()
    w = SimpleNamespace(
        trainer=make_user(email="karim@hvoquerido.nl", name="Karim Bouzid", role="trainer"),
        learner=make_user(email="sanne@hvoquerido.nl", name="Sanne de Vries"),
        # the same organisation, without consent to anyone here
        colleague_trainer=make_user(email="nina@hvoquerido.nl", role="trainer"),
        beheerder=make_user(email="bea@hvoquerido.nl", role="beheerder"),
        # another organisation
        other_trainer=make_user(email="tom@kenter.nl", role="trainer"),
        other_beheerder=make_user(email="kees@kenter.nl", role="beheerder"),
        other_learner=make_user(email="mehmet@kenter.nl", name="Mehmet Yilmaz"),
        # the platform's operator, in the default organisation
        admin=make_user(email="operator@example.nl", role="admin"),
    )
    w.cohort = enrol(w.trainer, w.learner, name="Najaar 2027")
    category = curriculum.get_category("bewustwording")
    service.record_evidence(w.learner, category, "quiz", 0.8, "toets netwerk")
    w.entry = journal.create_entry(
        w.learner, title=ENTRY_TITLE, framework="starr", answers={"situatie": "Een huisbezoek."},
        shared=True,
    )  # fmt: skip
    w.essay = essay_of(w.learner)
    case_reflection_of(w.learner)
    db.session.commit()
    return w


def _entries(subject) -> list[tuple[str, str]]:
    db.session.expire_all()
    return [(e.action, e.actor_id) for e in audit.entries_about(subject)]


# --- cross-tenant: the owner reaches, nobody else ------------------------------------------

OUTSIDERS = ["other_trainer", "other_beheerder", "other_learner", "colleague_trainer", "beheerder",
             "admin"]  # fmt: skip


def _paths(w) -> dict[str, str]:
    return {
        "cohort": f"/competence/groepen/{w.cohort.id}",
        "estimate": f"/competence/deelnemer/{w.learner.id}",
        "evidence": f"/competence/deelnemer/{w.learner.id}/bewijs.csv",
        "assess": f"/competence/deelnemer/{w.learner.id}/beoordelen/bewustwording",
        "journal entry": f"/journal/{w.entry.id}",
    }


def test_the_cohorts_trainer_reaches_everything_the_learner_accepted(app, world):
    trainer = client_of(app, world.trainer)
    for name, path in _paths(world).items():
        assert trainer.get(path).status_code == 200, name
    export = export_via_job(
        trainer, f"/competence/groepen/{world.cohort.id}/schattingen.csv", _paths(world)["cohort"]
    )
    assert export.status_code == 200 and world.learner.email in export.get_data(as_text=True)
    assert world.cohort.name in trainer.get("/competence/groepen/").get_data(as_text=True)
    assert ENTRY_TITLE in trainer.get("/journal/gedeeld").get_data(as_text=True)
    assert REFLECTION in trainer.get(f"/cases/{CASE}/statistiek").get_data(as_text=True)
    assert ESSAY_TEXT in trainer.get("/quizzes/beoordelen").get_data(as_text=True)


def test_the_learner_reaches_their_own_data(app, world):
    learner = client_of(app, world.learner)
    for path in ("/competence/", "/competence/bewijs.csv", f"/journal/{world.entry.id}"):
        assert learner.get(path).status_code == 200, path


@pytest.mark.parametrize("who", OUTSIDERS)
def test_nobody_else_reaches_the_learners_data(app, world, who):
    """Another organisation's trainer, beheerder or learner; a trainer or the beheerder of the
    learner's own organisation without their consent; the platform admin: 404, or 403 where
    the page is for trainers only, and nothing in any listing."""
    user = getattr(world, who)
    client = client_of(app, user)
    expected = {403, 404} if user.role == "learner" else {404}
    paths = _paths(world)
    if who == "beheerder":  # manages the cohort of the own organisation, without its data
        assert client.get(paths.pop("cohort")).status_code == 200
    for name, path in paths.items():
        assert client.get(path).status_code in expected, f"{who}: {name}"
    listings = {
        "/competence/groepen/": world.cohort.name if who != "beheerder" else "Sanne de Vries",
        "/journal/gedeeld": ENTRY_TITLE,
        f"/cases/{CASE}/statistiek": REFLECTION,
        "/quizzes/beoordelen": ESSAY_TEXT,
    }
    for path, secret in listings.items():
        response = client.get(path)
        assert secret not in response.get_data(as_text=True), f"{who}: {path}"
    response = post_form(
        client, f"/quizzes/beoordelen/{world.essay.id}",
        {f"r{world.essay.id}-grade": "1.0", f"r{world.essay.id}-comment": "Top"}, page="/dashboard",
    )  # fmt: skip
    assert response.status_code in expected | {403}
    assert (
        post_form(client, paths["assess"], {"level": "4"}, page="/dashboard").status_code
        in expected
    )
    db.session.expire_all()
    assert db.session.get(type(world.essay), world.essay.id).fraction is None
    assert service.trainer_assessments_of(world.learner) == []
    assert audit.entries_about(world.learner) == []


def test_a_trainer_leading_a_cohort_of_another_organisation_learns_nothing(app, world, make_user):
    """Tom leads a Kenter cohort; even a Kenter learner cannot get Sanne into it."""
    tom = world.other_trainer
    cohort = enrol(tom, world.other_learner, name="Kenter cohort")
    assert cohorts.invite(cohort, world.learner.email) is None
    assert cohorts.learner_ids_for(tom) == {world.other_learner.id}
    html = client_of(app, tom).get(f"/competence/groepen/{cohort.id}").get_data(as_text=True)
    assert "Mehmet Yilmaz" in html and "Sanne de Vries" not in html


def test_an_admin_sees_learner_data_only_through_a_cohort_they_lead(app, world, make_user):
    own = make_user(email="lid@example.nl")  # the admin's own organisation
    enrol(world.admin, own, name="Platformcohort")
    essay_of(own)
    db.session.commit()
    admin = client_of(app, world.admin)
    assert admin.get(f"/competence/deelnemer/{own.id}").status_code == 200
    queue = admin.get("/quizzes/beoordelen").get_data(as_text=True)
    assert queue.count(ESSAY_TEXT) == 1  # own's, not Sanne's
    assert cohorts.learner_ids_for(world.admin) == {own.id}


def test_a_beheerder_leading_a_cohort_sees_its_members(app, world):
    cohort = enrol(world.beheerder, name="Bea's cohort")
    join(cohort, world.learner)
    beheerder = client_of(app, world.beheerder)
    assert beheerder.get(f"/competence/deelnemer/{world.learner.id}").status_code == 200
    assert ESSAY_TEXT in beheerder.get("/quizzes/beoordelen").get_data(as_text=True)


def test_a_learner_cannot_be_graded_on_their_own_essay(app, world):
    """A trainer who is also in someone else's cohort never grades their own answer."""
    cohort = enrol(world.colleague_trainer, world.trainer, name="Trainers leren ook")
    response = essay_of(world.trainer)
    db.session.commit()
    assert cohorts.can_view_learner(world.trainer, world.trainer)
    assert quizzes.response_for_grader(world.trainer, response.id) is None
    assert cohorts.leads(world.colleague_trainer, cohort)
    assert quizzes.response_for_grader(world.colleague_trainer, response.id) is response


# --- the audit log --------------------------------------------------------------------------


def test_each_look_at_a_learners_competence_is_logged(app, world):
    trainer = client_of(app, world.trainer)
    learner_id = world.learner.id
    trainer.get(f"/competence/deelnemer/{learner_id}")
    trainer.get(f"/competence/deelnemer/{learner_id}/bewijs.csv")
    trainer.get(f"/competence/deelnemer/{learner_id}/xapi.json")
    url = f"/competence/deelnemer/{learner_id}/beoordelen/bewustwording"
    assert post_form(trainer, url, {"level": "3"}).status_code == 302
    entries = _entries(world.learner)
    assert sorted(action for action, _actor in entries) == [
        "competence.assess", "competence.evidence", "competence.export", "competence.profile",
    ]  # fmt: skip
    assert {actor for _action, actor in entries} == {world.trainer.id}
    refs = {e.action: e.ref for e in audit.entries_about(world.learner)}
    assert refs["competence.assess"] == "bewustwording"


def test_a_refused_assessment_leaves_no_audit_entry(app, world):
    trainer = client_of(app, world.trainer)
    url = f"/competence/deelnemer/{world.learner.id}/beoordelen/bewustwording"
    assert post_form(trainer, url, {"level": "9"}).status_code == 200
    assert _entries(world.learner) == []


def test_a_cohort_export_logs_one_entry_per_learner_in_it(app, world, make_user):
    lotte = make_user(email="lotte@hvoquerido.nl")
    join(world.cohort, lotte)
    waiting = make_user(email="piet@hvoquerido.nl")
    cohorts.invite(db.session.get(Cohort, world.cohort.id), waiting.email)
    db.session.commit()
    trainer = client_of(app, world.trainer)
    page = f"/competence/groepen/{world.cohort.id}"
    assert export_via_job(trainer, f"{page}/schattingen.csv", page).status_code == 200
    assert export_via_job(trainer, f"{page}/xapi.json", page).status_code == 200
    for person in (world.learner, lotte):
        assert [a for a, _ in _entries(person)] == ["competence.export", "competence.export"]
    assert _entries(waiting) == []  # invited, not accepted: not in the export, not logged


def test_reading_shared_reflections_case_answers_and_essays_is_logged(app, world):
    trainer = client_of(app, world.trainer)
    trainer.get(f"/journal/{world.entry.id}")
    trainer.get(f"/cases/{CASE}/statistiek")
    trainer.get("/quizzes/beoordelen")
    rid = world.essay.id
    post_form(
        trainer, f"/quizzes/beoordelen/{rid}", {f"r{rid}-grade": "0.75", f"r{rid}-comment": "Ja"},
        page="/dashboard",
    )  # fmt: skip
    assert sorted(a for a, _ in _entries(world.learner)) == [
        "cases.reflection", "journal.shared", "quizzes.essay", "quizzes.essay",
    ]  # fmt: skip


def test_a_learner_opening_their_own_data_is_not_logged(app, world):
    learner = client_of(app, world.learner)
    for path in (
        "/competence/", "/competence/bewijs.csv", "/competence/xapi.json",
        f"/competence/deelnemer/{world.learner.id}", f"/journal/{world.entry.id}",
    ):  # fmt: skip
        learner.get(path)
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0


def test_a_page_showing_nobodys_data_writes_no_audit_entry(app, world):
    client_of(app, world.other_trainer).get("/quizzes/beoordelen")
    client_of(app, world.other_trainer).get(f"/cases/{CASE}/statistiek")
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0


# --- query counts ---------------------------------------------------------------------------


def test_the_grading_queue_runs_constant_queries(app, world, make_user):
    trainer = client_of(app, world.trainer)
    counts = []
    for size in (2, 12):
        while len(quizzes.essays_to_grade(world.trainer)) < size:
            learner = make_user(email=f"deelnemer{make_user().id}@hvoquerido.nl")
            join(world.cohort, learner)
            essay_of(learner)
            db.session.commit()
        with count_queries() as statements:
            html = trainer.get("/quizzes/beoordelen").get_data(as_text=True)
        assert html.count(ESSAY_TEXT) == size
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_case_statistics_run_constant_queries(app, world, make_user):
    trainer = client_of(app, world.trainer)
    counts = []
    for size in (1, 10):
        while len(cohorts.learner_ids_for(world.trainer)) < size:
            learner = make_user(email=f"deelnemer{make_user().id}@hvoquerido.nl")
            join(world.cohort, learner)
            case_reflection_of(learner)
            db.session.commit()
        with count_queries() as statements:
            html = trainer.get(f"/cases/{CASE}/statistiek").get_data(as_text=True)
        assert html.count(REFLECTION) == size
        counts.append(len(statements))
    assert counts[0] == counts[1]


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_learner_has_accepted_the_demo_cohort(app, synced_content):
    assert app.test_cli_runner().invoke(args=["demo", "seed"]).exit_code == 0
    trainer = accounts.find_user_by_email("trainer@netwerkwijs.test")
    learner = accounts.find_user_by_email("leerling@netwerkwijs.test")
    colleague = accounts.find_user_by_email("collega@netwerkwijs.test")
    [cohort] = cohorts.cohorts_for(trainer)
    assert [(m.user_id, m.status) for m in cohort.members] == [(learner.id, ACCEPTED)]
    assert cohorts.can_view_learner(trainer, learner)
    assert not cohorts.can_view_learner(trainer, colleague)
