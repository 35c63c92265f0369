"""`make bench-guard`: the text it sends and the load it makes, against the tests' guard."""

from training.bench import guard


def test_the_post_is_2000_characters_with_something_to_find():
    text = guard.post_text()
    assert len(text) == 2000
    assert "06-12345678" in text and "Kerkstraat 12" in text


def test_hammering_the_guard_counts_answers_with_findings(guard_ready):
    row = guard.hammer(guard_ready, guard.post_text(), 0.5, clients=2)
    assert row["errors"] == 0
    assert row["requests"] >= 2
    assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]


def test_a_guard_that_does_not_answer_is_counted_as_errors():
    row = guard.hammer("http://127.0.0.1:9", "tekst", 0.2, clients=1)
    assert row["requests"] == 0 and row["errors"] >= 1


def test_the_table_has_a_row_per_worker_count():
    rows = [
        {"workers": n, "rps": 10.0, "p50_ms": 1, "p95_ms": 2, "p99_ms": 3, "errors": 0,
         "pss_mb": 900.0}
        for n in (1, 2)
    ]  # fmt: skip
    text = guard.markdown(
        {"date": "d", "commit": "c", "machine": "m", "load_average": "0", "seconds": 5,
         "rows": rows}
    )  # fmt: skip
    assert "| 1 | 10.0 |" in text and "| 2 | 10.0 |" in text
