"""The journal and the trainers' list of shared reflections, in pages."""

import re
from datetime import timedelta

import sqlalchemy as sa

from tests.competence.helpers import enrol
from tests.conftest import count_queries, log_in
from training.clock import utcnow
from training.curriculum import service as curriculum
from training.extensions import db
from training.journal.models import JournalEntry


def write(user, count: int, category: str = "relatieherstel", shared: bool = False) -> None:
    """`count` reflections in one INSERT, "Reflectie 0" the oldest."""
    category_id = curriculum.get_category(category).id
    start = utcnow() - timedelta(days=count)
    db.session.execute(
        sa.insert(JournalEntry),
        [
            {"user_id": user.id, "title": f"Reflectie {n}", "framework": "starr",
             "answers": {"situatie": "Een huisbezoek."}, "prompt": "",
             "category_id": category_id, "shared_with_trainers": shared,
             "created_at": start + timedelta(hours=n), "updated_at": start + timedelta(hours=n)}
            for n in range(count)
        ],
    )  # fmt: skip
    db.session.commit()


def titles(html: str) -> list[int]:
    return [int(n) for n in re.findall(r">Reflectie (\d+)</a>", html)]


def test_the_journal_comes_in_pages_newest_first_keeping_the_filter(login_as, synced_content):
    client, user = login_as("learner")
    write(user, 30)
    write(user, 2, category="bewustwording")
    html = client.get("/journal/?categorie=relatieherstel").get_data(as_text=True)
    assert titles(html) == list(range(29, 4, -1))
    assert 'href="/journal/?pagina=2&amp;categorie=relatieherstel" rel="next"' in html
    html = client.get("/journal/?categorie=relatieherstel&pagina=2").get_data(as_text=True)
    assert titles(html) == [4, 3, 2, 1, 0]
    assert 'rel="next"' not in html
    html = client.get("/journal/?pagina=9").get_data(as_text=True)
    assert "Pagina 9 bestaat niet" in html and "Je hebt nog geen reflecties" not in html
    assert client.get("/journal/?pagina=99999999999999999999").status_code == 200


def test_the_journal_runs_the_same_queries_for_3_or_120_reflections(app, make_user, synced_content):
    counts = []
    for total in (3, 120):
        user = make_user()
        write(user, total)
        client = app.test_client()
        log_in(client, user.email)
        for path in ("/journal/", "/journal/?pagina=2&categorie=relatieherstel"):
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            counts.append((total, path, len(statements)))
    assert [n for *_, n in counts[:2]] == [n for *_, n in counts[2:]], counts


def test_shared_reflections_come_in_pages_in_constant_queries(app, make_user, synced_content):
    counts = []
    for total in (3, 120):
        trainer, learner = make_user(role="trainer"), make_user()
        enrol(trainer, learner)
        write(learner, total, shared=True)
        write(learner, 5, shared=False)
        client = app.test_client()
        log_in(client, trainer.email)
        with count_queries() as statements:
            html = client.get("/journal/gedeeld").get_data(as_text=True)
        counts.append(len(statements))
        assert titles(html) == list(range(total - 1, max(total - 26, -1), -1))
    assert counts[0] == counts[1], counts
    last = client.get("/journal/gedeeld?pagina=5").get_data(as_text=True)
    assert titles(last) == list(range(19, -1, -1))
    assert "Pagina 5" in last and 'rel="next"' not in last
