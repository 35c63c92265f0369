import re

import pytest
from markupsafe import escape

from tests.conftest import count_queries, log_in, post_form
from tests.curriculum.helpers import make_content, module_text
from training.content import service as content
from training.curriculum import service
from training.extensions import db


@pytest.mark.parametrize(
    "path", ["/modules/", "/modules/bewustwording", "/modules/bewustwording/print"]
)
def test_module_pages_need_a_login(client, synced_content, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_catalogue_groups_modules_by_the_eight_categories(learner_client, synced_content):
    html = learner_client.get("/modules/").get_data(as_text=True)
    assert "Begin hier" in html
    headings = re.findall(r'<h2 id="groep-\d+" class="h5">\s*(.*?)\s*</h2>', html)
    assert headings[0] == "Begin hier"
    assert [h.split(".")[0] for h in headings[1:]] == [str(n) for n in range(1, 9)]
    assert html.index("Creëer basisvoorwaarden") < html.index("Let op randvoorwaarden")
    assert html.count("Nog niet begonnen") == 9


def test_module_page_shows_objectives_lessons_and_time(learner_client, synced_content):
    module = service.get_module("bewustwording")
    html = learner_client.get("/modules/bewustwording").get_data(as_text=True)
    assert str(escape(module.title)) in html
    assert str(escape(module.objectives[0])) in html
    assert f"ongeveer {module.minutes} minuten" in html
    assert module.active_lessons
    for lesson in module.active_lessons:
        assert str(escape(lesson.title)) in html
    assert "Begin met de eerste les" in html


def test_marking_a_lesson_done_records_progress_and_moves_on(login_as, synced_content):
    client, user = login_as("learner")
    module = service.get_module("relatieherstel")
    first, second = module.active_lessons[:2]
    page = f"/modules/relatieherstel/lessen/{first.slug}"
    response = post_form(client, f"{page}/voortgang", {"done": "1"}, page=page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/lessen/{second.slug}")
    assert service.completed_lesson_ids(user) == {first.id}
    html = client.get("/modules/").get_data(as_text=True)
    assert f"1 van {len(module.active_lessons)} lessen gedaan" in html

    post_form(client, f"{page}/voortgang", {"done": "0"}, page=page)
    assert service.completed_lesson_ids(user) == set()


def test_progress_of_one_learner_is_not_shown_to_another(app, make_user, synced_content):
    module = service.get_module("relatieherstel")
    first = module.active_lessons[0]
    service.mark_lesson_done(make_user(), first)
    db.session.commit()
    other = app.test_client()
    log_in(other, make_user().email)
    html = other.get("/modules/relatieherstel").get_data(as_text=True)
    assert "0 van" in html and "gedaan</span>" not in html


def test_progress_form_refuses_nonsense(learner_client, synced_content):
    lesson = service.get_module("relatieherstel").active_lessons[0]
    page = f"/modules/relatieherstel/lessen/{lesson.slug}"
    response = post_form(learner_client, f"{page}/voortgang", {"done": "misschien"}, page=page)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/modules/bestaat-niet", "/modules/bewustwording/lessen/bestaat-niet"]
)
def test_unknown_module_or_lesson_is_404(learner_client, synced_content, path):
    assert learner_client.get(path).status_code == 404


def test_printable_view_holds_every_lesson(learner_client, synced_content):
    module = service.get_module("randvoorwaarden")
    html = learner_client.get("/modules/randvoorwaarden/print").get_data(as_text=True)
    assert module.active_lessons
    for lesson in module.active_lessons:
        assert str(escape(lesson.title)) in html


def test_lesson_offers_its_reflection_questions_as_journal_links(learner_client, synced_content):
    module = service.get_module("bewustwording")
    lesson = module.active_lessons[-1]
    html = learner_client.get(f"/modules/bewustwording/lessen/{lesson.slug}").get_data(as_text=True)
    assert f"/journal/nieuw?les={lesson.id}&amp;vraag=3" in html


def test_dashboard_shows_progress_per_category_and_where_to_continue(login_as, synced_content):
    client, user = login_as("learner")
    module = service.get_module("sociale-vaardigheden")
    service.mark_lesson_done(user, module.active_lessons[0])
    db.session.commit()
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Ga verder waar je was" in html
    assert str(escape(module.active_lessons[1].title)) in html
    assert f"1/{len(module.active_lessons)}" in html


def _page_queries(client, path: str) -> int:
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    "path", ["/modules/", "/modules/m1", "/modules/m1/lessen/les-2", "/dashboard"]
)
def test_catalogue_and_module_pages_run_constant_queries(app, tmp_path, make_user, path):
    counts = []
    for lessons, learners in ((2, 1), (12, 15)):
        root = make_content(
            tmp_path / str(lessons),
            {f"m{n}.md": module_text(slug=f"m{n}", lessons=lessons) for n in range(3)},
        )
        content.sync_content(root)
        db.session.commit()
        users = [make_user() for _ in range(learners)]
        for user in users:
            for module in service.active_modules():
                for lesson in module.active_lessons[: lessons // 2]:
                    service.mark_lesson_done(user, lesson)
        db.session.commit()
        client = app.test_client()
        log_in(client, users[-1].email)
        counts.append(_page_queries(client, path))
    assert counts[0] == counts[1]
