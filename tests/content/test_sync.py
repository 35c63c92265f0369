import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import CONTENT_DIR, count_queries
from tests.curriculum.helpers import make_content, module_text
from training.accounts.models import User
from training.content import service as content
from training.curriculum import service
from training.curriculum.models import Lesson, LessonProgress, Module
from training.extensions import db


def modules() -> dict[str, Module]:
    db.session.expire_all()
    return {m.slug: m for m in db.session.scalars(sa.select(Module))}


def test_sync_loads_nine_modules_with_their_lessons(synced_content):
    loaded = modules()
    assert len(loaded) == 9
    assert loaded["introductie"].category is None
    assert loaded["relatieherstel"].category.slug == "relatieherstel"
    lessons = loaded["bewustwording"].active_lessons
    assert len(lessons) >= 5
    assert len(lessons[-1].reflection_questions) == 3


def test_a_second_sync_changes_nothing(synced_content):
    with count_queries() as statements:
        report = content.sync_content(Path(CONTENT_DIR))
        db.session.commit()
    assert not report.changed
    assert len(report.unchanged) == 9
    writes = [
        s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_a_failed_sync_changes_nothing(app, tmp_path):
    root = make_content(tmp_path, {"a.md": module_text(slug="a", title="Eerste versie")})
    content.sync_content(root)
    db.session.commit()
    (root / "modules" / "a.md").write_text(module_text(slug="a", title="Tweede versie"))
    (root / "modules" / "b.md").write_text(module_text(slug="b", category="bestaat-niet"))
    result = app.test_cli_runner().invoke(args=["content", "sync", "--path", str(root)])
    assert result.exit_code == 1
    assert "content/modules/b.md:3: onbekende categorie 'bestaat-niet'" in result.output
    assert {slug: m.title for slug, m in modules().items()} == {"a": "Eerste versie"}


def test_a_removed_file_retires_the_module_and_keeps_progress(app, tmp_path, make_user):
    root = make_content(tmp_path, {"a.md": module_text(slug="a"), "b.md": module_text(slug="b")})
    content.sync_content(root)
    user = make_user()
    lesson = modules()["b"].active_lessons[0]
    service.mark_lesson_done(user, lesson)
    db.session.commit()

    (root / "modules" / "b.md").unlink()
    report = content.sync_content(root)
    db.session.commit()
    assert report.retired == ["b"]
    assert modules()["b"].retired
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 1
    assert [m.slug for m in service.active_modules()] == ["a"]


def test_a_renamed_file_keeps_the_module_and_is_reported(app, tmp_path):
    root = make_content(tmp_path, {"a.md": module_text(slug="a")})
    content.sync_content(root)
    module_id = modules()["a"].id
    shutil.move(root / "modules" / "a.md", root / "modules" / "nieuw.md")
    report = content.sync_content(root)
    assert report.renamed == ["content/modules/a.md → content/modules/nieuw.md"]
    assert modules()["a"].id == module_id


def test_a_removed_lesson_is_retired_not_deleted(app, tmp_path, make_user):
    root = make_content(tmp_path, {"a.md": module_text(slug="a", lessons=3)})
    content.sync_content(root)
    user = make_user()
    service.mark_lesson_done(user, modules()["a"].active_lessons[2])
    (root / "modules" / "a.md").write_text(module_text(slug="a", lessons=2))
    report = content.sync_content(root)
    db.session.commit()
    assert report.lessons_retired == ["a/les-3"]
    assert len(modules()["a"].active_lessons) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Lesson)) == 3
    assert service.completed_lesson_ids(db.session.get(User, user.id))


def test_stats_json_reports_the_counts(app, synced_content):
    result = app.test_cli_runner().invoke(args=["content", "stats", "--json"])
    assert result.exit_code == 0
    stats = json.loads(result.output)
    assert stats["categories"] == 8
    assert set(stats["modules_by_category"].values()) == {1}
    assert len(stats["modules_by_category"]) == 8
    assert stats["modules"] == 9
    assert all(words >= 1200 for words in stats["words_by_module"].values())
    assert stats["cases"] == len(list((Path(CONTENT_DIR).parent / "cases").glob("*.yaml")))
    assert set(stats["questions_by_category"]) == set(stats["modules_by_category"])


@pytest.mark.parametrize("bad", ["<script>alert('x')</script>", '<img src=x onerror="alert(1)">'])
def test_markdown_is_sanitised_when_synced(app, tmp_path, bad):
    root = make_content(tmp_path, {"a.md": module_text(slug="a", extra_body=f"\n{bad}\n")})
    content.sync_content(root)
    html = modules()["a"].active_lessons[-1].body_html
    assert "<script" not in html and "onerror" not in html
