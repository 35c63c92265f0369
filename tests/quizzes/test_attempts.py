import random
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.competence.helpers import enrol
from tests.conftest import count_queries, log_in, post_form
from training.competence.models import Evidence
from training.curriculum import service as curriculum
from training.extensions import db
from training.quizzes import bank, service
from training.quizzes.models import QuizAttempt

CATEGORY = "randvoorwaarden"


def category():
    return curriculum.get_category(CATEGORY)


def right_answers(attempt) -> dict:
    """Form data that answers every question of the attempt correctly."""
    data = {}
    for response in attempt.responses:
        q = response.question
        key = f"q{q.id}"
        best = max(q.answers, key=lambda a: a.fraction) if q.answers else None
        if q.qtype == "single":
            data[key] = str(best.id)
        elif q.qtype == "multiple":
            data[key] = [str(a.id) for a in q.answers if a.fraction > 0]
        elif q.qtype == "truefalse":
            data[key] = best.text
        elif q.qtype == "shortanswer":
            data[key] = best.text.replace("*", "")
        elif q.qtype == "numerical":
            data[key] = best.text
        elif q.qtype == "matching":
            for a in q.answers:
                if a.text:
                    data[f"{key}_{a.id}"] = a.match_text
        elif q.qtype == "essay":
            data[key] = "Ik zou eerst met de cliënt bespreken wat hij wil."
    return data


def test_the_draw_never_repeats_a_question(app, synced_content):
    pool = len(service._pool(category()))
    assert pool > 0
    ids = service.draw_questions([category(), category()], pool, random.Random(7))
    assert len(ids) == len(set(ids)) == pool


def test_a_draw_is_random_per_category(app, synced_content):
    draws = {
        tuple(service.draw_questions([category()], 3, random.Random(seed))) for seed in range(8)
    }
    assert len(draws) > 1


def test_module_quiz_right_answers_score_full_marks_and_record_evidence(
    login_as, synced_content, guard_ready
):
    # guard_ready: an essay among the drawn questions is checked by the privacy guard
    client, user = login_as("learner")
    start = post_form(client, f"/quizzes/module/{CATEGORY}", {}, page=f"/quizzes/module/{CATEGORY}")
    attempt = db.session.get(QuizAttempt, int(start.headers["Location"].rsplit("/", 1)[-1]))
    assert attempt.responses
    url = f"/quizzes/pogingen/{attempt.id}"
    response = post_form(client, url, {**right_answers(attempt), "actie": "inleveren"})
    assert response.headers["Location"].endswith("/terugblik")
    db.session.expire_all()
    attempt = db.session.get(QuizAttempt, attempt.id)
    essays = sum(1 for r in attempt.responses if r.question.qtype == "essay")
    assert attempt.score == pytest.approx(attempt.max_score - essays)
    assert attempt.state == ("submitted" if essays else "graded")
    evidence = db.session.scalars(sa.select(Evidence).where(Evidence.user_id == user.id)).all()
    assert len(evidence) == len(attempt.responses) - essays
    assert {e.kind for e in evidence} == {"quiz"}
    review = client.get(response.headers["Location"]).get_data(as_text=True)
    assert review.count("Juiste antwoord:</strong>") == len(attempt.responses) - essays


def test_a_double_submit_is_harmless(login_as, synced_content):
    client, user = login_as("learner")
    attempt = service.start_practice_quiz(user, [category()], 3, random.Random(1))
    db.session.commit()
    url = f"/quizzes/pogingen/{attempt.id}"
    post_form(client, url, {"actie": "inleveren"})
    second = post_form(
        client, url, {**right_answers(attempt), "actie": "inleveren"}, page="/quizzes/"
    )
    assert second.status_code == 302
    db.session.expire_all()
    attempt = db.session.get(QuizAttempt, attempt.id)
    assert attempt.score == 0
    marked = sum(1 for r in attempt.responses if r.question.qtype != "essay")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == marked


def test_practice_check_shows_feedback_at_once(login_as, synced_content):
    client, user = login_as("learner")
    attempt = service.start_practice_quiz(user, [category()], 2, random.Random(3))
    db.session.commit()
    first = attempt.responses[0].question
    url = f"/quizzes/pogingen/{attempt.id}"
    post_form(client, url, {**right_answers(attempt), "actie": f"controleer-{first.id}"})
    html = client.get(url).get_data(as_text=True)
    assert html.count("Juiste antwoord:</strong>") == 1
    # the checked question is locked: saving the page again (its inputs now disabled) keeps it
    post_form(client, url, {"actie": "opslaan"})
    db.session.expire_all()
    checked = db.session.get(QuizAttempt, attempt.id).responses[0]
    assert checked.given is not None and checked.fraction is not None


def test_another_learner_gets_404_on_an_attempt(app, make_user, synced_content):
    owner = make_user()
    attempt = service.start_practice_quiz(owner, [category()], 2)
    db.session.commit()
    other = app.test_client()
    log_in(other, make_user().email)
    assert other.get(f"/quizzes/pogingen/{attempt.id}").status_code == 404
    assert other.get(f"/quizzes/pogingen/{attempt.id}/terugblik").status_code == 404


@pytest.mark.parametrize("tamper", ["unknown-answer", "foreign-question"])
def test_a_tampered_form_is_refused_with_a_message(login_as, synced_content, tamper):
    client, user = login_as("learner")
    choice = next(q for q in bank.bank_questions(category()) if q.qtype == "single")
    attempt = service._start(user, "practice", [choice.id], categories=[CATEGORY])
    db.session.commit()
    data = {"actie": "opslaan"}
    if tamper == "unknown-answer":
        data[f"q{choice.id}"] = "999999"
    else:
        data["q999999"] = "x"
    response = post_form(client, f"/quizzes/pogingen/{attempt.id}", data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "hoort niet bij deze" in html
    db.session.expire_all()
    responses = db.session.get(QuizAttempt, attempt.id).responses
    assert responses
    assert all(r.given is None for r in responses)


def test_essay_grading_flows_into_the_score(app, make_user, synced_content):
    learner = make_user()
    essay = next(q for q in bank.bank_questions(category()) if q.qtype == "essay")
    attempt = service._start(learner, "practice", [essay.id], categories=[CATEGORY])
    attempt.responses[0].given = {"text": "Ik regel een ruimte met een tafel."}
    service.submit_attempt(attempt)
    db.session.commit()
    assert attempt.state == "submitted"

    trainer_user = make_user(role="trainer")
    enrol(trainer_user, learner)
    trainer = app.test_client()
    log_in(trainer, trainer_user.email)
    queue = trainer.get("/quizzes/beoordelen").get_data(as_text=True)
    assert "Ik regel een ruimte met een tafel." in queue
    response_id = attempt.responses[0].id
    post_form(
        trainer,
        f"/quizzes/beoordelen/{response_id}",
        {f"r{response_id}-grade": "0.75", f"r{response_id}-comment": "Goed bedacht."},
        page="/quizzes/beoordelen",
    )
    db.session.expire_all()
    attempt = db.session.get(QuizAttempt, attempt.id)
    assert (attempt.state, attempt.score) == ("graded", 0.75)
    assert attempt.responses[0].grader_comment == "Goed bedacht."
    assert "Er wachten geen antwoorden" in trainer.get("/quizzes/beoordelen").get_data(as_text=True)


def test_learners_cannot_grade(learner_client, synced_content):
    assert learner_client.get("/quizzes/beoordelen").status_code == 403
    assert learner_client.get("/quizzes/rapport").status_code == 403


def test_module_grade_by_highest_or_last():
    a = QuizAttempt(id=1, score=4.0, max_score=5.0)
    b = QuizAttempt(id=2, score=2.0, max_score=5.0)
    a.submitted_at, b.submitted_at = datetime.now(UTC) - timedelta(days=1), datetime.now(UTC)
    assert service.module_grade([a, b], "highest") == 0.8
    assert service.module_grade([a, b], "last") == 0.4
    assert service.module_grade([], "last") is None


def test_attempt_and_review_pages_run_constant_queries(login_as, synced_content):
    client, user = login_as("learner")
    counts = []
    for size in (2, 9):
        attempt = service.start_practice_quiz(user, [category()], size, random.Random(size))
        db.session.commit()
        with count_queries() as attempt_queries:
            client.get(f"/quizzes/pogingen/{attempt.id}")
        service.submit_attempt(attempt)
        db.session.commit()
        with count_queries() as review_queries:
            client.get(f"/quizzes/pogingen/{attempt.id}/terugblik")
        counts.append((len(attempt_queries), len(review_queries)))
    assert counts[0] == counts[1]


def test_choices_are_shuffled_per_attempt_and_stay_put_on_reload(login_as, synced_content):
    client, user = login_as("learner")
    question = next(q for q in bank.bank_questions(category()) if q.qtype == "single")
    orders = set()
    for _ in range(6):
        attempt = service._start(user, "practice", [question.id], categories=[CATEGORY])
        db.session.commit()
        shown = [a.id for a in attempt.responses[0].shown_answers]
        assert sorted(shown) == sorted(a.id for a in question.answers)
        page = client.get(f"/quizzes/pogingen/{attempt.id}").text
        assert [page.index(f'value="{i}"') for i in shown] == sorted(
            page.index(f'value="{i}"') for i in shown
        )
        assert [a.id for a in attempt.responses[0].shown_answers] == shown
        orders.add(tuple(shown))
    assert len(orders) > 1  # not the file's order every time
