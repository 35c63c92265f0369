"""A learner's attempts and the item statistics report, in pages."""

import random
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import count_queries, log_in
from training.clock import utcnow
from training.curriculum import service as curriculum
from training.extensions import db
from training.quizzes import service, statistics
from training.quizzes.models import QuizAttempt


def quiz_modules():
    return [m for m in curriculum.active_modules() if m.category_id]


def take(user, count: int, modules=None, seed: int = 1) -> list[QuizAttempt]:
    """`count` scored attempts at the module quizzes in one INSERT, the first one the oldest."""
    modules = modules or quiz_modules()
    draw = random.Random(seed)
    start = utcnow() - timedelta(days=count)
    db.session.execute(
        sa.insert(QuizAttempt),
        [
            {"user_id": user.id, "kind": "module", "module_id": modules[n % len(modules)].id,
             "categories": [], "state": "graded", "score": float(draw.randint(0, 8)),
             "max_score": 8.0, "started_at": start + timedelta(hours=n),
             "submitted_at": start + timedelta(hours=n, minutes=draw.randint(1, 50))}
            for n in range(count)
        ],
    )  # fmt: skip
    db.session.commit()
    return list(db.session.scalars(sa.select(QuizAttempt).where(QuizAttempt.user_id == user.id)))


def attempt_links(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/quizzes/pogingen/(\d+)/terugblik"', html)]


@pytest.mark.parametrize("method", ["highest", "last"])
def test_the_grades_counted_in_the_database_are_those_module_grade_gives(
    make_user, synced_content, method
):
    user = make_user()
    attempts = take(user, 60, seed=7)
    db.session.add(QuizAttempt(user_id=user.id, kind="module", module_id=quiz_modules()[0].id))
    db.session.commit()  # an open attempt counts as an attempt, not for the grade
    summaries = service.module_summaries(user, method)
    for module in quiz_modules():
        own = [a for a in attempts if a.module_id == module.id]
        count, grade = summaries[module.id]
        assert count == len(own) + (module.id == quiz_modules()[0].id)
        assert grade == pytest.approx(service.module_grade(own, method))
    assert service.module_summaries(make_user(), method) == {}


def test_the_attempts_come_in_pages_newest_first(login_as, synced_content):
    client, user = login_as("learner")
    attempts = take(user, 30)
    newest_first = [a.id for a in sorted(attempts, key=lambda a: a.started_at, reverse=True)]
    html = client.get("/quizzes/").get_data(as_text=True)
    assert attempt_links(html) == newest_first[:25]
    assert 'href="/quizzes/?pagina=2#pogingen" rel="next"' in html
    html = client.get("/quizzes/?pagina=2").get_data(as_text=True)
    assert attempt_links(html) == newest_first[25:]
    html = client.get("/quizzes/?pagina=3").get_data(as_text=True)
    assert "Pagina 3 bestaat niet" in html and "nog geen toetsen gemaakt" not in html
    module = quiz_modules()[0]
    own = [a.id for a in attempts if a.module_id == module.id]
    html = client.get(f"/quizzes/module/{module.slug}").get_data(as_text=True)
    assert sorted(attempt_links(html)) == sorted(own)


def test_quiz_pages_run_the_same_queries_for_3_or_120_attempts(app, make_user, synced_content):
    module = quiz_modules()[0]
    counts = []
    for total in (3, 120):
        user = make_user()
        take(user, total, modules=[module])
        client = app.test_client()
        log_in(client, user.email)
        row = []
        for path in ("/quizzes/", "/quizzes/?pagina=2", f"/quizzes/module/{module.slug}"):
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            row.append(len(statements))
        counts.append(row)
    assert counts[0] == counts[1], counts


def test_the_report_pages_its_questions(app, make_user, synced_content, monkeypatch):
    trainer = make_user(role="trainer")
    items = statistics.item_statistics(trainer)
    assert len(items) > statistics.QUESTIONS_PER_PAGE
    client = app.test_client()
    log_in(client, trainer.email)
    pages = -(-len(items) // statistics.QUESTIONS_PER_PAGE)
    shown = []
    for number in range(1, pages + 1):
        html = client.get(f"/quizzes/rapport?pagina={number}").get_data(as_text=True)
        rows = re.findall(r'<th scope="row" class="fw-normal">\s*(.+?)\s*<div', html, re.S)
        assert len(rows) == min(25, len(items) - len(shown))
        shown += rows
        assert f"Pagina {number} van {pages}" in html
    assert len(set(shown)) == len(items)
    beyond = client.get("/quizzes/rapport?pagina=999").get_data(as_text=True)
    assert f"Pagina {pages} van {pages}" in beyond
    monkeypatch.setattr(statistics, "QUESTIONS_PER_PAGE", 2)
    html = client.get("/quizzes/rapport?categorie=randvoorwaarden").get_data(as_text=True)
    assert 'href="/quizzes/rapport?pagina=2&amp;categorie=randvoorwaarden" rel="next"' in html
