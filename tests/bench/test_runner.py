"""The runner's figures and the pages' requests (pure functions), the floor, the query header."""

from __future__ import annotations

import pytest

from training.bench import pages, runner
from training.bench.floor import create_floor_app

FIXTURES = {
    "learner": {"email": "l@bench.test", "id": 1, "evidence": 10000},
    "trainer": {"email": "t@bench.test", "id": 2},
    "cohort": {"id": 3, "members": 200},
    "thread": {"id": 4, "posts": 200},
    "module": "bewustwording",
    "lesson": "intro",
    "players": [
        {"email": "p1@bench.test", "cases": [[10, "c", "k"], [11, "c", "k"], [12, "c", "k"]],
         "quizzes": [20, 21, 22]},
        {"email": "p2@bench.test", "cases": [[13, "c", "k"], [14, "c", "k"]],
         "quizzes": [23, 24]},
    ],
    "quiz_form": {"q5": ["7"], "q6": ["true"]},
}  # fmt: skip


def test_percentile_interpolates_between_ranks():
    values = [4, 1, 3, 2]
    assert runner.percentile(values, 50) == 2.5
    assert runner.percentile(values, 0) == 1
    assert runner.percentile(values, 100) == 4
    assert runner.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert runner.percentile([7], 99) == 7
    assert runner.percentile([], 50) is None


def test_summarise_counts_answers_over_the_measured_span_and_leaves_out_failures():
    # [start s, ms, status, queries, failed]
    samples = [
        [100.0, 10.0, 200, 5, False],
        [100.5, 20.0, 200, 5, False],
        [101.0, 30.0, 200, 7, False],
        [101.9, 100.0, 500, 9, True],
    ]
    summary = runner.summarise(samples)
    assert summary["requests"] == 3
    assert summary["errors"] == 1
    assert summary["error_statuses"] == {"500": 1}
    assert summary["rps"] == 1.5  # three answers from 100.0 to 102.0
    assert summary["p50_ms"] == 20.0
    assert summary["p99_ms"] == pytest.approx(29.8)
    assert summary["queries"] == 5


def test_summarise_of_nothing_but_failures():
    summary = runner.summarise([[1.0, 5.0, 0, None, True]])
    assert summary["rps"] == 0.0
    assert summary["p95_ms"] is None
    assert summary["errors"] == 1


def test_result_row_has_the_issue_fields_and_the_ratio_to_the_floor():
    summary = runner.summarise([[0.0, 10.0, 200, 4, False], [0.5, 10.0, 200, 4, False]])
    row = runner.result_row("thread", "draad", "sqlite", "S", 16, summary, 8.0, 120.5, 110.0)
    assert {
        "page", "database", "size", "clients", "rps", "p50_ms", "p95_ms", "p99_ms", "queries",
        "ratio_to_floor", "worker_rss_mb",
    } <= set(row)  # fmt: skip
    assert row["rps"] == 3.9
    assert row["ratio_to_floor"] == 0.49
    assert (
        runner.result_row("floor", "vloer", "sqlite", "S", 1, summary, None, 1, 1)["ratio_to_floor"]
        is None
    )


def test_the_slowest_page_is_the_highest_p95_at_the_most_clients():
    def row(page, clients, p95):
        return {"page": page, "clients": clients, "p95_ms": p95}

    rows = [row("floor", 16, 900), row("a", 1, 500), row("a", 16, 40), row("b", 16, 60)]
    assert runner.slowest(rows)["page"] == "b"
    assert runner.slowest([row("floor", 16, 1)]) is None


def _meta(size: str, date: str) -> dict:
    return {"size": size, "date": date, "commit": "c", "machine": "m", "workers": 5,
            "seconds": 10, "seed_seconds": {"sqlite": 4.2},
            "load_average": {"sqlite": {"start": "1.0 1.0 1.0", "end": "2.0 1.0 1.0"}}}  # fmt: skip


def test_results_of_a_run_replace_only_their_own_database_and_size():
    summary = runner.summarise([[0.0, 10.0, 200, 4, False]])

    def row(database, size, page="thread"):
        return runner.result_row(page, "draad", database, size, 1, summary, 100.0, 900, 800)

    first = runner.merge(None, _meta("S", "maandag"), [row("sqlite", "S"), row("postgresql", "S")])
    second = runner.merge(first, _meta("L", "dinsdag"), [row("sqlite", "L")])
    assert [(r["database"], r["size"]) for r in second["rows"]] == [
        ("sqlite", "S"), ("postgresql", "S"), ("sqlite", "L"),
    ]  # fmt: skip
    again = runner.merge(second, _meta("S", "woensdag"), [row("sqlite", "S", "journal")])
    assert [(r["database"], r["size"], r["page"]) for r in again["rows"]] == [
        ("postgresql", "S", "thread"), ("sqlite", "L", "thread"), ("sqlite", "S", "journal"),
    ]  # fmt: skip
    assert again["runs"]["S"]["date"] == "woensdag"
    assert again["runs"]["L"]["date"] == "dinsdag"


def test_markdown_has_a_table_per_database_and_size():
    summary = runner.summarise([[0.0, 10.0, 200, 4, False]])
    rows = [
        runner.result_row("floor", "vloer", "sqlite", "S", 1, summary, None, 30, 20),
        runner.result_row("thread", "draad", "postgresql", "S", 1, summary, 100.0, 900, 800),
    ]
    text = runner.markdown({"runs": {"S": _meta("S", "maandag")}, "rows": rows})
    assert "## sqlite, grootte S (seed 4 s)" in text
    assert "## postgresql, grootte S" in text
    assert "Gemeten op maandag" in text
    assert "bij de start 1.0 1.0 1.0" in text
    assert "| draad | 1 | 100 | 10 | 10 | 10 | 4 | 1 | 900 | 800 | 0 |" in text


def test_csrf_is_read_from_a_form():
    html = '<input id="csrf_token" name="csrf_token" type="hidden" value="abc.def">'
    assert runner.csrf_from(html) == "abc.def"
    with pytest.raises(RuntimeError):
        runner.csrf_from("<form></form>")


def test_a_get_page_repeats_its_request_as_its_user():
    calls = pages.calls(pages.BY_KEY["heatmap"], FIXTURES, 0, 16, (0, 10))
    first, second = next(calls), next(calls)
    assert first == second
    assert first.path == "/competence/groepen/3"
    assert first.email == "t@bench.test"


def test_post_pages_deal_each_open_attempt_once():
    page = pages.BY_KEY["quiz_submit"]
    one = list(pages.calls(page, FIXTURES, 0, 1, (0, 3)))
    assert [c.path for c in one] == [f"/quizzes/pogingen/{n}" for n in (20, 23, 21, 24, 22)]
    assert "actie=inleveren" in one[0].body and "q5=7" in one[0].body
    split = [list(pages.calls(page, FIXTURES, k, 2, (1, 3))) for k in range(2)]
    assert [c.path for c in split[0]] == ["/quizzes/pogingen/21", "/quizzes/pogingen/22"]
    assert [c.email for c in split[1]] == ["p2@bench.test"]
    case = next(pages.calls(pages.BY_KEY["case_step"], FIXTURES, 0, 1, (0, 1)))
    assert case.path == "/cases/c/spelen/10"
    assert case.body == "knoop=k&keuze=0"


def test_labels_show_the_fixture_sizes():
    assert (
        pages.label(pages.BY_KEY["competence"], FIXTURES) == "competenties (10.000 bewijsstukken)"
    )
    assert pages.label(pages.BY_KEY["heatmap"], FIXTURES) == "cohort-heatmap (200 deelnemers)"


def test_the_floor_renders_the_layout_without_a_database():
    client = create_floor_app().test_client()
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vloer · Netwerkwijs" in html
    assert 'href="/journal/index"' in html  # the learner's menu, as in the real layout
    assert 'name="csrf_token"' in html


def test_the_query_header_is_off_by_default(client):
    assert "X-Query-Count" not in client.get("/healthz").headers


def test_the_query_header_counts_statements(make_app):
    app = make_app(BENCH_QUERY_COUNT=True)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert int(response.headers["X-Query-Count"]) >= 1


def test_postgres_is_asked_through_the_server_database():
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
    assert runner.server_url(url) == "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
