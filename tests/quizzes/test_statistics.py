import csv
import io

import pytest
import sqlalchemy as sa

from tests.conftest import count_queries, log_in
from training.curriculum import service as curriculum
from training.extensions import db
from training.organisations import service as organisations
from training.quizzes import bank, service, statistics
from training.quizzes.models import Answer, Question

CATEGORY = "randvoorwaarden"


def category():
    return curriculum.get_category(CATEGORY)


def two_questions():
    singles = [q for q in bank.bank_questions(category()) if q.qtype == "single"]
    return singles[0], singles[1]


def right(question):
    return next(a for a in question.answers if a.fraction == 1)


def wrong(question):
    return next(a for a in question.answers if a.fraction == 0)


def answer(user, pairs):
    """One submitted attempt of `user` choosing the given answer per question."""
    attempt = service._start(user, "practice", [q.id for q, _ in pairs], categories=[CATEGORY])
    chosen = {q.id: a for q, a in pairs}
    for response in attempt.responses:
        response.given = {"answer_ids": [chosen[response.question_id].id]}
    service.submit_attempt(attempt)
    return attempt


def item(items, question):
    return next(i for i in items if i.question.id == question.id)


def test_pearson_correlates_and_refuses_a_constant_series():
    assert statistics.pearson([0, 1, 0, 1], [0.2, 0.8, 0.1, 0.9]) == pytest.approx(0.7 / 0.5**0.5)
    assert statistics.pearson([1, 0, 1, 0], [0, 1, 0, 1]) == pytest.approx(-1)
    assert statistics.pearson([1, 1, 1], [0, 1, 0.5]) is None
    assert statistics.pearson([1], [1]) is None


def test_facility_discrimination_and_option_shares(app, make_user, synced_content):
    first, second = two_questions()
    trainer = make_user(role="trainer")
    # Strong learners get both right, weak ones both wrong, and one weak learner guesses the first.
    for n in range(12):
        strong = n < 6
        guess = n == 11
        answer(make_user(), [
            (first, right(first) if strong or guess else wrong(first)),
            (second, right(second) if strong else wrong(second)),
        ])  # fmt: skip
    db.session.commit()
    stats = item(statistics.item_statistics(trainer, category()), first)
    assert stats.attempts == 12
    assert stats.facility == pytest.approx(7 / 12)
    assert 0.8 < stats.discrimination < 1
    shares = {o.label: o.share for o in stats.options}
    assert shares[right(first).text] == pytest.approx(7 / 12)
    assert shares[wrong(first).text] == pytest.approx(5 / 12)
    assert stats.flag is None  # fewer than MIN_ATTEMPTS: no judgement yet


def test_a_question_strong_learners_miss_is_flagged_negative_once_there_are_enough(
    app, make_user, synced_content
):
    first, second = two_questions()
    trainer = make_user(role="trainer")
    for n in range(statistics.MIN_ATTEMPTS):
        strong = n % 2 == 0
        answer(make_user(), [
            (first, wrong(first) if strong else right(first)),
            (second, right(second) if strong else wrong(second)),
        ])  # fmt: skip
    db.session.commit()
    items = statistics.item_statistics(trainer, category())
    stats = item(items, first)
    assert stats.discrimination == pytest.approx(-1)
    assert stats.flag == "negatief"
    assert items[0].flag is not None  # flagged questions come first


def test_few_answers_show_no_figures(app, make_user, synced_content):
    first, second = two_questions()
    trainer = make_user(role="trainer")
    answer(make_user(), [(first, right(first)), (second, wrong(second))])
    db.session.commit()
    stats = item(statistics.item_statistics(trainer, category()), first)
    assert stats.attempts == 1
    assert stats.facility is None and stats.discrimination is None
    text = statistics.as_csv([stats])
    assert right(first).text[:20] not in text


def test_only_attempts_of_the_viewers_organisation_count(app, make_user, synced_content):
    first, second = two_questions()
    own = organisations.create_organisation("Opvang Noord", ["noord.nl"])
    other = organisations.create_organisation("Kenter Zuid", ["zuid.nl"])
    trainer = make_user(email="trainer@noord.nl", role="trainer", org=own)
    admin = make_user(email="admin@platform.nl", role="admin")
    for n in range(6):
        answer(
            make_user(email=f"l{n}@noord.nl", org=own),
            [(first, right(first)), (second, right(second))],
        )
        answer(
            make_user(email=f"l{n}@zuid.nl", org=other),
            [(first, wrong(first)), (second, wrong(second))],
        )
    db.session.commit()
    assert item(statistics.item_statistics(trainer, category()), first).attempts == 6
    assert item(statistics.item_statistics(trainer, category()), first).facility == 1
    assert item(statistics.item_statistics(admin, category()), first).attempts == 12


def test_csv_has_a_row_per_question_and_defuses_formulas(app, make_user, synced_content):
    question = Question(name="formule", qtype="single", text="Welke?", category=category())
    question.answers = [
        Answer(position=0, text="=1+1", fraction=1.0),
        Answer(position=1, text="twee", fraction=0.0),
        Answer(position=2, text="drie", fraction=0.0),
    ]
    db.session.add(question)
    db.session.flush()
    _first, second = two_questions()
    for _ in range(statistics.MIN_SHOWN):
        answer(make_user(), [(question, question.answers[0]), (second, right(second))])
    db.session.commit()
    rows = list(csv.reader(io.StringIO(statistics.as_csv(
        statistics.item_statistics(make_user(role="trainer"), category())
    )), delimiter=";"))  # fmt: skip
    assert rows[0][:3] == ["vraag", "categorie", "type"]
    row = next(r for r in rows if r[0] == "formule")
    assert row[3] == str(statistics.MIN_SHOWN) and row[4] == "1,00"
    assert "'=1+1: 100%" in row[7]


def test_the_report_page_and_download_are_for_trainers_in_constant_queries(
    app, learner_client, make_user, synced_content
):
    first, second = two_questions()
    assert learner_client.get("/quizzes/rapport").status_code == 403
    assert learner_client.get("/quizzes/rapport.csv").status_code == 403
    client = app.test_client()
    trainer = make_user(role="trainer", email="t@example.nl")
    log_in(client, trainer.email)
    counts = []
    for added in (5, 20):
        for _ in range(added):
            answer(make_user(), [(first, right(first)), (second, wrong(second))])
        db.session.commit()
        with count_queries() as queries:
            page = client.get("/quizzes/rapport?categorie=randvoorwaarden")
        counts.append(len(queries))
        assert page.status_code == 200
    assert counts[0] == counts[1]
    assert "Itemstatistieken" in page.text
    download = client.get("/quizzes/rapport.csv?categorie=randvoorwaarden")
    assert download.mimetype == "text/csv"
    assert "itemstatistieken-randvoorwaarden.csv" in download.headers["Content-Disposition"]
    assert client.get("/quizzes/rapport.csv?categorie=bestaat-niet").status_code == 404


def test_the_demo_year_group_takes_every_module_quiz_once(app, synced_content):
    from training.accounts import service as accounts
    from training.demo import service as demo
    from training.quizzes.models import QuizAttempt

    demo.seed_demo_accounts()
    assert demo.seed_demo_year_group()
    assert not demo.seed_demo_year_group()  # once
    db.session.commit()
    trainer = accounts.find_user_by_email("trainer@netwerkwijs.test")
    people = [
        accounts.find_user_by_email(f"deelnemer0{n}@jaargroep.netwerkwijs.test") for n in (1, 2, 3)
    ]
    assert all(p.organisation_id == trainer.organisation_id for p in people)
    modules = [m for m in curriculum.active_modules() if m.category_id]
    attempts = db.session.scalars(
        sa.select(QuizAttempt).where(QuizAttempt.user_id.in_([p.id for p in people]))
    ).all()
    assert len(attempts) == 3 * len(modules)
    assert all(a.state != "open" and a.score is not None for a in attempts)
    answered = sum(i.attempts for i in statistics.item_statistics(trainer))
    assert answered >= 3 * len(modules) * 5
    # the colleague's organisation sees none of it
    colleague = accounts.find_user_by_email("collega@netwerkwijs.test")
    assert sum(i.attempts for i in statistics.item_statistics(colleague)) == 0
