"""`flask bench seed`: deterministic synthetic data, refusals, and key pages that render."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from tests.conftest import log_in
from training.bench import pages
from training.bench import seed as seeding
from training.competence.models import CohortMember, CompetenceEstimate, Evidence
from training.extensions import db
from training.intervision.models import Post
from training.quizzes.models import QuizAttempt

PASSWORD = "Bench-oefen-wachtwoord-14"
TODAY = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
CONTENT_TABLES = {
    "categories", "modules", "lessons", "questions", "answers", "cases", "case_versions",
    "content_pages",
}  # fmt: skip


def _seed() -> dict[str, int]:
    counts = seeding.seed("XS", password=PASSWORD, today=TODAY)
    db.session.commit()
    return counts


def _fingerprint() -> tuple:
    return (
        seeding.table_counts(),
        round(db.session.scalar(sa.select(sa.func.sum(Evidence.score))), 4),
        db.session.scalar(sa.select(sa.func.max(Post.body))),
        db.session.scalar(sa.select(sa.func.sum(QuizAttempt.score))),
    )


def _empty_all_but_content() -> None:
    db.session.rollback()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in CONTENT_TABLES:
                conn.execute(table.delete())


def test_the_seed_needs_synced_content(app):
    with pytest.raises(seeding.BenchError, match="flask content sync"):
        seeding.seed("XS", password=PASSWORD)


def test_the_seed_refuses_a_database_with_bench_data(synced_content):
    _seed()
    with pytest.raises(seeding.BenchError, match="al benchmarkgegevens"):
        seeding.seed("XS", password=PASSWORD)


def test_two_seeds_give_the_same_data(synced_content):
    counts = _seed()
    first = _fingerprint()
    _empty_all_but_content()
    assert _seed() == counts
    assert _fingerprint() == first
    assert counts["evidence"] > seeding.SIZES["XS"].evidence
    assert counts["intervision_posts"] == (
        seeding.SIZES["XS"].posts + seeding.SIZES["XS"].thread_posts
    )


def test_the_fixtures_have_their_sizes_and_consent(synced_content):
    _seed()
    size = seeding.SIZES["XS"]
    fixtures = seeding.fixtures()
    assert fixtures["learner"]["evidence"] == size.learner_evidence
    assert fixtures["thread"]["posts"] == size.thread_posts
    assert fixtures["cohort"]["members"] == size.cohort
    # every member of the bench cohort said yes and works at the trainer's organisation
    statuses = db.session.scalars(
        sa.select(CohortMember.status).where(CohortMember.cohort_id == fixtures["cohort"]["id"])
    )
    assert set(statuses) == {"accepted"}
    assert [len(p["cases"]) for p in fixtures["players"]] == [size.pool] * size.players
    assert [len(p["quizzes"]) for p in fixtures["players"]] == [size.pool] * size.players
    assert fixtures["quiz_form"]
    # one current estimate per category the learner has evidence in
    current = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(CompetenceEstimate)
        .where(
            CompetenceEstimate.user_id == fixtures["learner"]["id"],
            CompetenceEstimate.is_current.is_(True),
        )
    )
    assert current == 8


def test_the_key_pages_render_for_the_bench_accounts(app, synced_content):
    _seed()
    fixtures = seeding.fixtures()
    clients = {}
    for who in ("learner", "trainer"):
        clients[fixtures[who]["email"]] = app.test_client()
        assert (
            log_in(clients[fixtures[who]["email"]], fixtures[who]["email"], PASSWORD).status_code
            == 302
        )
    for page in pages.PAGES:
        if page.target != "app" or page.method != "GET":
            continue
        client = clients[pages.email(page, fixtures)]
        response = client.get(pages.path(page, fixtures))
        assert response.status_code == 200, page.key
    player = app.test_client()
    email = fixtures["players"][0]["email"]
    assert log_in(player, email, PASSWORD).status_code == 302
    token = player.get("/dashboard").get_data(as_text=True).split('name="csrf_token" value="')[1]
    token = token.split('"')[0]
    for key, target in (("case_step", "/cases/"), ("quiz_submit", "/terugblik")):
        call = next(pages.calls(pages.BY_KEY[key], fixtures, 0, 1, (0, 1)))
        assert call.email == email
        response = player.post(
            call.path, data=call.body + f"&csrf_token={token}",
            content_type="application/x-www-form-urlencoded",
        )  # fmt: skip
        assert response.status_code == 302, key
        assert target in response.headers["Location"]
    submitted = db.session.scalar(
        sa.select(QuizAttempt.state).where(QuizAttempt.id == fixtures["players"][0]["quizzes"][0])
    )
    assert submitted == "graded"


def test_the_cli_seeds_and_prints_the_fixtures(app, synced_content, monkeypatch):
    monkeypatch.setenv("BENCH_PASSWORD", PASSWORD)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["bench", "seed", "--size", "XS"])
    assert result.exit_code == 0, result.output
    assert "bench-learner@bench.test" in result.output
    assert PASSWORD not in result.output
    again = runner.invoke(args=["bench", "seed", "--size", "XS"])
    assert again.exit_code == 1
    assert "al benchmarkgegevens" in again.output
    fixtures = json.loads(runner.invoke(args=["bench", "fixtures"]).output)
    assert fixtures["learner"]["email"] == seeding.LEARNER_EMAIL


def test_the_cli_shows_a_generated_password_once(app, synced_content, monkeypatch):
    monkeypatch.delenv("BENCH_PASSWORD", raising=False)
    result = app.test_cli_runner().invoke(args=["bench", "seed", "--size", "XS"])
    assert result.exit_code == 0, result.output
    assert "eenmalig getoond" in result.output


def test_the_profile_of_a_page_is_written(app, synced_content, tmp_path):
    pytest.importorskip("pyinstrument")  # the `bench` extra, installed by `make install`
    from training.bench.profile import profile

    _seed()
    fixtures = seeding.fixtures()
    client = app.test_client()
    email = fixtures["learner"]["email"]
    assert log_in(client, email, PASSWORD).status_code == 302
    cookie = client.get_cookie("session")
    plan = {
        "page": "journal",
        "fixtures": fixtures,
        "sessions": {email: {"cookie": f"session={cookie.value}", "csrf": ""}},
        "window": [0, 1],
    }
    target = tmp_path / "profile.html"
    profile(plan, target, app=app)
    assert "pyinstrument" in target.read_text()
    assert "journal" in target.with_suffix(".txt").read_text()
