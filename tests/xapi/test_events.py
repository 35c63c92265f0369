"""Events put their statements in the outbox in their own transaction, and only while the LRS is on.

Each feature's service function is called as its page calls it; the outbox rows commit with the
event or vanish with its rollback. The statements speak the competence export's words.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from tests.competence.helpers import enrol
from tests.competence.test_exports import assert_valid_statement
from tests.quizzes.test_attempts import right_answers
from tests.xapi.conftest import connect, rows
from tests.xapi.ralph import closed_port_url
from training.cases import service as cases
from training.cases.models import CaseAttempt
from training.competence import exports
from training.competence import service as competence
from training.curriculum import service as curriculum
from training.extensions import db
from training.intervision import access, groups, posts, threads
from training.quizzes import bank
from training.quizzes import service as quizzes
from training.quizzes import xapi as quiz_statements
from training.xapi import delivery, vocabulary
from training.xapi.models import OutboxStatement

CASE = "dave-logeert-bij-moeder-kostendelersnorm"
ADL = "http://adlnet.gov/expapi/verbs/"
SECRET = "Zeer-persoonlijke-notitie-7781"


@pytest.fixture
def learner(make_user, noord):
    return make_user(email="sanne@noord.nl", name="Sanne Eigenaar", org=noord)


@pytest.fixture
def lrs_on(noord):
    """Noord's LRS is switched on (nothing is delivered in these tests)."""
    return connect(noord, closed_port_url())


def _verbs(found) -> list[str]:
    return [row.statement["verb"]["id"].removeprefix(ADL) for row in found]


def _practice(user, count: int = 3):
    questions = [q for q in bank.bank_questions() if q.qtype in ("single", "truefalse")][:count]
    attempt = quizzes._start(user, "practice", [q.id for q in questions], categories=[])
    db.session.commit()
    return attempt


def test_a_submitted_quiz_queues_each_answer_and_its_completion(synced_content, learner, lrs_on):
    attempt = _practice(learner)
    quizzes.save_answers(attempt, MultiDict(right_answers(attempt)))
    quizzes.submit_attempt(attempt)
    db.session.commit()
    found = rows()
    assert _verbs(found) == ["answered"] * 3 + ["completed"]
    assert {row.user_id for row in found} == {learner.id}
    assert {row.organisation_id for row in found} == {learner.organisation_id}
    for row in found:
        assert_valid_statement(row.statement)
        assert row.statement["id"] == row.statement_id
        assert row.statement["actor"]["account"] == {
            "homePage": "http://127.0.0.1:5000",
            "name": str(learner.id),
        }
        assert "sanne@noord.nl" not in str(row.statement)
    completed = found[-1].statement
    assert completed["result"]["score"] == {"scaled": 1.0, "raw": 3.0, "min": 0.0, "max": 3.0}
    registrations = {row.statement["context"]["registration"] for row in found}
    assert len(registrations) == 1


def test_an_event_rolled_back_leaves_no_statement(synced_content, learner, lrs_on):
    attempt = _practice(learner)
    quizzes.submit_attempt(attempt)
    db.session.flush()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxStatement)) == 4
    db.session.rollback()
    assert rows() == []
    assert db.session.get(type(attempt), attempt.id).state == "open"


def test_nothing_is_queued_while_the_lrs_is_off_or_not_set_up(synced_content, learner, noord):
    quizzes.submit_attempt(_practice(learner))
    db.session.commit()
    connect(noord, closed_port_url(), enabled=False)
    quizzes.submit_attempt(_practice(learner))
    db.session.commit()
    assert rows() == []


def test_another_organisations_lrs_does_not_make_this_one_queue(
    synced_content, learner, zuid, make_user
):
    connect(zuid, closed_port_url(), "zuid")
    quizzes.submit_attempt(_practice(learner))
    db.session.commit()
    assert rows() == []


def test_an_essay_is_queued_when_the_trainer_grades_it(synced_content, learner, lrs_on, make_user):
    trainer = make_user(email="karim@noord.nl", role="trainer", org=learner.org)
    enrol(trainer, learner)
    essay = next(q for q in bank.bank_questions() if q.qtype == "essay")
    attempt = quizzes._start(learner, "practice", [essay.id], categories=[])
    attempt.responses[0].given = {"text": SECRET}
    quizzes.submit_attempt(attempt)
    db.session.commit()
    assert _verbs(rows()) == ["completed"]
    quizzes.grade_essay(trainer, attempt.responses[0], 0.75, "Goed bedacht")
    db.session.commit()
    found = rows()
    assert _verbs(found) == ["completed", "answered"]
    assert found[1].statement["result"]["score"]["scaled"] == 0.75
    assert all(SECRET not in str(row.statement) for row in found)
    # grading it again is no new event
    quizzes.grade_essay(trainer, attempt.responses[0], 1.0, "Nog beter")
    db.session.commit()
    assert len(rows()) == 2


def _play(attempt: CaseAttempt) -> None:
    for _step in range(40):
        if attempt.state != "open":
            return
        kind = cases.current_node(attempt)["type"]
        cases.take_step(
            attempt,
            attempt.current_node,
            choice="0" if kind == "decision" else None,
            reflection=SECRET if kind == "reflection" else None,
        )
        db.session.commit()


def test_every_case_step_and_the_ending_are_queued_without_reflections(
    synced_content, learner, lrs_on
):
    attempt = cases.start_or_resume(learner, cases.get_case(CASE))
    db.session.commit()
    _play(attempt)
    found = rows()
    assert attempt.state == "finished"
    assert len(found) == len(attempt.steps) + 1
    verbs = _verbs(found)
    assert verbs[-1] == "completed"
    assert set(verbs[:-1]) <= {"responded", "experienced"} and "responded" in verbs
    decisions = [row.statement for row in found if "response" in row.statement.get("result", {})]
    assert decisions and all(0 <= s["result"]["score"]["scaled"] <= 1 for s in decisions)
    ending = found[-1].statement
    assert ending["object"]["definition"]["type"] == vocabulary.ADL_ACTIVITY + "simulation"
    assert ending["object"]["id"].endswith(f"/xapi/casussen/{CASE}")
    assert all(SECRET not in str(row.statement) for row in found)
    assert len({row.statement_id for row in found}) == len(found)


def test_a_closed_intervision_case_and_a_helpful_mark_are_queued_for_their_people(
    synced_content, guard_ready, make_user, learner, lrs_on
):
    colleague = make_user(email="ali@noord.nl", org=learner.org)
    group = groups.create_group(
        learner,
        name="Intervisie Noord",
        purpose="Casuïstiek",
        rules="Wat hier gezegd wordt, blijft hier.",
    )
    groups.add_member(group, colleague, None)
    thread = threads.start_thread(
        group, learner, title="Een broer", situation="Een cliënt wil zijn broer zien.",
        question="Hoe begin ik?", method="vrij",
    )  # fmt: skip
    post = posts.add_post(
        thread,
        access.membership_in(colleague, group.id),
        body=SECRET,
        categories=["relatieherstel"],
    )
    db.session.commit()
    assert posts.toggle_helpful(post, learner) is True
    threads.close_thread(
        thread, access.membership_in(learner, group.id), takeaway=SECRET,
        categories=["relatieherstel"], confidence="3", to_journal=False,
    )  # fmt: skip
    db.session.commit()
    helpful, takeaway = rows()
    # the mark is evidence for the post's author; the one who marked it is not in it
    assert helpful.user_id == colleague.id
    assert helpful.statement["actor"]["account"]["name"] == str(colleague.id)
    assert str(learner.id) not in {helpful.statement["actor"]["account"]["name"]}
    assert takeaway.user_id == learner.id
    assert takeaway.statement["result"]["score"]["scaled"] == 0.75
    assert all(SECRET not in str(row.statement) for row in (helpful, takeaway))


def _marked_post(make_user, learner):
    colleague = make_user(email="ali@noord.nl", org=learner.org)
    group = groups.create_group(learner, name="G", purpose="P", rules="R")
    groups.add_member(group, colleague, None)
    thread = threads.start_thread(
        group, learner, title="T", situation="S", question="V", method="vrij"
    )
    post = posts.add_post(thread, access.membership_in(colleague, group.id), body="Idee")
    db.session.commit()
    return post


def test_taking_back_a_mark_drops_its_statement_while_it_waits(make_user, learner, lrs_on):
    post = _marked_post(make_user, learner)
    posts.toggle_helpful(post, learner)
    db.session.commit()
    assert len(rows()) == 1
    assert posts.toggle_helpful(post, learner) is False
    db.session.commit()
    assert rows() == []


def test_taking_back_a_delivered_mark_voids_its_statement(make_user, learner, lrs_on):
    post = _marked_post(make_user, learner)
    posts.toggle_helpful(post, learner)
    db.session.commit()
    (original,) = rows()
    original.delivered_at = original.created_at
    db.session.commit()
    posts.toggle_helpful(post, learner)
    db.session.commit()
    _, voiding = rows()
    assert voiding.statement["verb"]["id"] == ADL + "voided"
    assert voiding.statement["object"] == {
        "objectType": "StatementRef",
        "id": original.statement_id,
    }
    # marking it again is a new mark with a new statement
    posts.toggle_helpful(post, learner)
    db.session.commit()
    assert len({row.statement_id for row in rows()}) == 3


def test_a_trainer_assessment_speaks_the_exports_words(synced_content, make_user, learner, lrs_on):
    trainer = make_user(email="karim@noord.nl", role="trainer", org=learner.org)
    enrol(trainer, learner)
    category = curriculum.get_category("bewustwording")
    competence.assess_as_trainer(trainer, learner, category, 3, [], "Sterk gesprek")
    db.session.commit()
    (row,) = rows()
    delivered = row.statement
    (downloaded,) = exports.xapi_statements([learner], "http://127.0.0.1:5000")
    for key in ("actor", "verb"):
        assert delivered[key] == downloaded[key]
    assert delivered["object"]["definition"]["type"] == downloaded["object"]["definition"]["type"]
    assert delivered["result"]["score"] == downloaded["result"]["score"]
    assert delivered["result"]["success"] == downloaded["result"]["success"]
    assert (
        delivered["context"]["contextActivities"]["grouping"]
        == (downloaded["context"]["contextActivities"]["grouping"])
    )
    assert delivered["context"]["instructor"]["account"]["name"] == str(trainer.id)
    assert delivered["timestamp"] == downloaded["timestamp"]
    assert "Sterk gesprek" not in str(delivered)


def test_a_statement_id_does_not_depend_on_the_sites_address(app, synced_content, learner, lrs_on):
    attempt = _practice(learner, 1)
    quizzes.submit_attempt(attempt)
    db.session.commit()
    first = [row.statement_id for row in rows()]
    original = app.config["PUBLIC_BASE_URL"]
    app.config["PUBLIC_BASE_URL"] = "https://netwerkwijs.example.org"
    try:
        again = list(quiz_statements._submitted(attempt, None))
    finally:
        app.config["PUBLIC_BASE_URL"] = original
    assert [s["id"] for s in again] == first
    assert again[0]["actor"]["account"]["homePage"] == "https://netwerkwijs.example.org"


def test_the_lrs_accepts_every_kind_of_statement_once(
    synced_content, lrs, noord, make_user, learner
):
    """A quiz, a case played to its end, an assessment, a mark taken back after delivery."""
    connect(noord, lrs.url)
    trainer = make_user(email="karim@noord.nl", role="trainer", org=learner.org)
    enrol(trainer, learner)
    attempt = _practice(learner)
    quizzes.save_answers(attempt, MultiDict(right_answers(attempt)))
    quizzes.submit_attempt(attempt)
    db.session.commit()
    _play(cases.start_or_resume(learner, cases.get_case(CASE)))
    competence.assess_as_trainer(
        trainer, learner, curriculum.get_category("bewustwording"), 2, [], ""
    )
    post = _marked_post(make_user, trainer)
    posts.toggle_helpful(post, trainer)
    db.session.commit()
    report = delivery.deliver(noord.id, batch_size=10)
    assert report.errors == [] and report.deferred == 0
    posts.toggle_helpful(post, trainer)  # taken back after delivery: voided
    db.session.commit()
    report = delivery.deliver(noord.id)
    assert (report.delivered, report.errors) == (1, [])
    queued = [row.statement_id for row in rows()]
    stored = lrs.ids("noord")
    assert sorted(stored) == sorted(queued)
    assert len(stored) == len(set(stored))
