"""Delivery to a real LRS (Ralph on 127.0.0.1): each statement arrives once, and nothing is lost.

Figures these tests pin: every queued id is in Ralph exactly once after delivery, also after an
outage, a cut answer, a conflict and a second run; a second run sends nothing; organisation A's
statements are never in organisation B's store.
"""

from __future__ import annotations

from collections import Counter

import pytest
import requests
import sqlalchemy as sa

from tests.xapi.conftest import connect, later, queue, rows, statement
from tests.xapi.ralph import XAPI_HEADERS, closed_port_url
from training.clock import as_utc
from training.extensions import db
from training.xapi import delivery, outbox
from training.xapi.models import LrsConnection


def _once_each(ids: list[str], stored: list[str]) -> None:
    counts = Counter(stored)
    assert sorted(counts) == sorted(ids)
    assert set(counts.values()) == {1}, {i: n for i, n in counts.items() if n > 1}


@pytest.fixture
def learner(make_user, noord):
    return make_user(email="sanne@noord.nl", org=noord)


def test_delivery_sends_every_waiting_statement_and_the_lrs_has_each_once(lrs, noord, learner):
    connect(noord, lrs.url)
    ids = queue(learner, 7)
    report = delivery.deliver(noord.id, batch_size=3)
    assert (report.delivered, report.batches, report.deferred, report.errors) == (7, 3, 0, [])
    _once_each(ids, lrs.ids("noord"))
    assert all(row.delivered_at is not None and row.attempts == 0 for row in rows())
    assert outbox.backlog(noord.id).delivered == 7


def test_a_second_delivery_sends_nothing(lrs, noord, learner):
    connect(noord, lrs.url)
    ids = queue(learner, 4)
    delivery.deliver(noord.id)
    again = delivery.deliver(noord.id, now=later(hours=5))
    assert (again.delivered, again.batches) == (0, 0)
    _once_each(ids, lrs.ids("noord"))


def test_max_batches_leaves_the_rest_for_the_next_run(lrs, noord, learner):
    connect(noord, lrs.url)
    ids = queue(learner, 5)
    first = delivery.deliver(noord.id, batch_size=2, max_batches=1)
    assert first.delivered == 2
    assert outbox.backlog(noord.id).waiting == 3
    delivery.deliver(noord.id, batch_size=2)
    _once_each(ids, lrs.ids("noord"))


def test_while_the_lrs_is_down_nothing_is_lost_and_rows_wait_with_backoff(lrs, noord, learner):
    connection = connect(noord, closed_port_url())
    ids = queue(learner, 3)
    before = later()
    report = delivery.deliver(noord.id)
    assert (report.delivered, report.deferred) == (0, 3)
    assert report.errors == ["opvang-noord: niet bereikbaar"]
    waiting = rows()
    assert [row.attempts for row in waiting] == [1, 1, 1]
    assert all(row.delivered_at is None and row.last_error == "niet bereikbaar" for row in waiting)
    assert all(as_utc(row.next_attempt_at) >= before + delivery.BACKOFF_FIRST for row in waiting)
    # not due yet: nothing is tried
    assert delivery.deliver(noord.id).batches == 0
    # a minute later still down: the wait doubles
    delivery.deliver(noord.id, now=later(minutes=1.5))
    assert [row.attempts for row in rows()] == [2, 2, 2]
    # the LRS is back (at its address)
    db.session.get(LrsConnection, connection.id).endpoint = lrs.url
    db.session.commit()
    report = delivery.deliver(noord.id, now=later(minutes=10))
    assert report.delivered == 3
    _once_each(ids, lrs.ids("noord"))
    backlog = outbox.backlog(noord.id)
    assert (backlog.waiting, backlog.delivered) == (0, 3)


def test_backoff_doubles_and_stops_growing_at_an_hour():
    assert [delivery.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4, 7, 8, 30)] == [
        1, 2, 4, 8, 60, 60, 60,
    ]  # fmt: skip


def test_an_outage_in_the_middle_of_a_batch_loses_nothing_and_duplicates_nothing(
    relay, lrs, noord, learner
):
    """Ralph stores batch 2, but the connection drops before its answer reaches the app."""
    connect(noord, relay.url)
    ids = queue(learner, 6)
    relay.cut_answers(2)
    report = delivery.deliver(noord.id, batch_size=2)
    assert relay.log == ["passed 1", "cut 2"]
    assert (report.delivered, report.deferred) == (2, 2)
    assert report.errors == ["opvang-noord: verbinding verbroken voordat het antwoord kwam"]
    # Ralph has batches 1 and 2; the app knows only of batch 1
    assert sorted(lrs.ids("noord")) == sorted(ids[:4])
    assert [row.delivered_at is not None for row in rows()] == [True] * 2 + [False] * 4
    assert [row.attempts for row in rows()] == [0, 0, 1, 1, 0, 0]
    # batch 3 never went: it is due at once; batch 2 after its backoff
    assert delivery.deliver(noord.id, batch_size=2).delivered == 2
    retry = delivery.deliver(noord.id, batch_size=2, now=later(minutes=2))
    # the same ids again: Ralph already holds them and says so (204), nothing is stored twice
    assert (retry.delivered, retry.deferred, retry.errors) == (2, 0, [])
    assert relay.log == ["passed 1", "cut 2", "passed 3", "passed 4"]
    _once_each(ids, lrs.ids("noord"))
    assert outbox.backlog(noord.id).waiting == 0


def test_a_conflict_409_is_resent_one_by_one_and_counts_as_delivered(lrs, noord, learner):
    """The LRS holds one of the ids with another content: the batch gets 409, each alone passes."""
    connect(noord, lrs.url)
    ids = queue(learner, 3)
    older = rows()[0]
    other_version = {**older.statement, "verb": statement(learner, "commented")["verb"]}
    put = requests.put(
        f"{lrs.url}/xAPI/statements",
        params={"statementId": older.statement_id},
        json=other_version,
        headers=XAPI_HEADERS,
        auth=lrs.credentials("noord"),
        timeout=10,
    )
    assert put.status_code == 204
    report = delivery.deliver(noord.id)
    assert (report.delivered, report.conflicts, report.deferred, report.errors) == (3, 1, 0, [])
    _once_each(ids, lrs.ids("noord"))
    conflicted = rows()[0]
    assert conflicted.delivered_at is not None
    assert conflicted.last_error.startswith("HTTP 409")


def test_a_statement_the_lrs_refuses_fails_after_three_tries_without_blocking_the_rest(
    lrs, noord, learner
):
    connect(noord, lrs.url)
    good = queue(learner, 2)
    broken = statement(learner)
    del broken["actor"]  # Ralph answers 422: a statement needs an actor
    outbox.add(noord.id, learner.id, [broken])
    db.session.commit()
    after = queue(learner, 1)
    report = delivery.deliver(noord.id)
    assert (report.delivered, report.deferred, report.refused, report.failed) == (3, 1, 1, 0)
    assert report.errors == [
        "opvang-noord: de LRS weigerde 1 statement(s) (HTTP 422: de LRS weigert dit statement)"
    ]
    for minutes in (5, 30):
        report = delivery.deliver(noord.id, now=later(minutes=minutes))
    assert report.failed == 1
    refused = [row for row in rows() if row.statement_id == broken["id"]][0]
    assert refused.attempts == delivery.MAX_REJECTIONS
    assert refused.failed_at is not None and refused.last_error.startswith("HTTP 422")
    assert delivery.deliver(noord.id, now=later(hours=5)).batches == 0
    _once_each(good + after, lrs.ids("noord"))
    backlog = outbox.backlog(noord.id)
    assert (backlog.waiting, backlog.failed, backlog.delivered) == (0, 1, 3)


def test_a_wrong_password_keeps_every_row_waiting(lrs, noord, learner):
    connect(noord, lrs.url, password="niet-het-wachtwoord")
    queue(learner, 2)
    report = delivery.deliver(noord.id)
    assert (report.delivered, report.deferred, report.failed) == (0, 2, 0)
    assert report.errors == ["opvang-noord: HTTP 401"]
    assert lrs.ids("noord") == []
    connection = db.session.scalar(sa.select(LrsConnection))
    assert connection.last_error == "HTTP 401" and connection.last_error_at is not None


def test_statements_of_an_organisation_whose_lrs_is_off_wait(lrs, noord, learner):
    connect(noord, lrs.url)
    ids = queue(learner, 2)
    connect(noord, lrs.url, enabled=False)
    assert delivery.deliver_all().batches == 0
    assert outbox.backlog(noord.id).waiting == 2
    connect(noord, lrs.url)
    assert delivery.deliver_all().delivered == 2
    _once_each(ids, lrs.ids("noord"))


def test_one_organisations_statements_never_reach_anothers_lrs(lrs, noord, zuid, make_user):
    sanne = make_user(email="sanne@noord.nl", org=noord)
    karim = make_user(email="karim@zuid.nl", org=zuid)
    connect(noord, lrs.url, "noord")
    connect(zuid, lrs.url, "zuid")
    noord_ids = queue(sanne, 3)
    zuid_ids = queue(karim, 2)
    report = delivery.deliver_all(batch_size=2)
    assert report.delivered == 5
    _once_each(noord_ids, lrs.ids("noord"))
    _once_each(zuid_ids, lrs.ids("zuid"))
    accounts = {s["actor"]["account"]["name"] for s in lrs.statements("zuid")}
    assert accounts == {str(karim.id)}


def test_one_lrs_down_does_not_stop_the_others(lrs, noord, zuid, make_user):
    connect(noord, closed_port_url(), "noord")
    connect(zuid, lrs.url, "zuid")
    queue(make_user(email="sanne@noord.nl", org=noord), 2)
    zuid_ids = queue(make_user(email="karim@zuid.nl", org=zuid), 2)
    report = delivery.deliver_all()
    assert (report.delivered, report.deferred) == (2, 2)
    assert report.errors == ["opvang-noord: niet bereikbaar"]
    _once_each(zuid_ids, lrs.ids("zuid"))


def test_rows_another_worker_holds_are_skipped_not_sent_twice(app, lrs, noord, learner):
    """PostgreSQL: FOR UPDATE SKIP LOCKED; a second worker's transaction holds two rows."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no row locks; one delivery at a time")
    connect(noord, lrs.url)
    ids = queue(learner, 4)
    with db.engine.connect() as other:
        transaction = other.begin()
        locked = (
            other.execute(
                sa.text("SELECT statement_id FROM xapi_outbox ORDER BY id LIMIT 2 FOR UPDATE")
            )
            .scalars()
            .all()
        )
        report = delivery.deliver(noord.id)
        assert report.delivered == 2
        assert sorted(lrs.ids("noord")) == sorted(set(ids) - set(locked))
        transaction.rollback()
    assert delivery.deliver(noord.id).delivered == 2
    _once_each(ids, lrs.ids("noord"))


def test_the_scheduler_and_a_worker_deliver_the_outbox_every_minute(lrs, noord, learner, app):
    """The periodic job on a real queue: the scheduler's tick queues `xapi.deliver`, a real RQ
    worker runs it, Ralph holds each statement once; the next minute's run sends nothing."""
    import redis

    from tests.jobs.conftest import work
    from training.jobs import schedule
    from training.jobs.models import Job

    url = "redis://127.0.0.1:6379/8"
    store = redis.Redis.from_url(url)
    store.flushdb()
    app.config["JOBS_REDIS_URL"] = url
    try:
        connect(noord, lrs.url)
        ids = queue(learner, 3)
        minute = later(minutes=0).replace(second=5)
        queued = [job.kind for job in schedule.tick(minute)]
        assert "xapi.deliver" in queued
        work()
        _once_each(ids, lrs.ids("noord"))
        ids += queue(learner, 2)
        assert "xapi.deliver" in [job.kind for job in schedule.tick(later(minutes=1))]
        work()
        _once_each(ids, lrs.ids("noord"))
        runs = db.session.scalars(sa.select(Job.message).where(Job.kind == "xapi.deliver")).all()
        assert sorted(runs) == [
            "2 afgeleverd, 0 wachten op een nieuwe poging, 0 geweigerd.",
            "3 afgeleverd, 0 wachten op een nieuwe poging, 0 geweigerd.",
        ]
    finally:
        app.config["JOBS_REDIS_URL"] = None
        store.flushdb()


def test_a_run_that_reaches_its_deadline_stops_between_batches_and_the_next_goes_on(
    lrs, noord, learner
):
    import time

    connect(noord, lrs.url)
    ids = queue(learner, 6)
    stopped = delivery.deliver_all(batch_size=2, deadline=time.monotonic() - 1)
    assert (stopped.delivered, stopped.batches) == (0, 0)
    assert outbox.backlog(noord.id).waiting == 6
    report = delivery.deliver_all(batch_size=2, deadline=time.monotonic() + 60)
    assert (report.delivered, report.batches) == (6, 3)
    _once_each(ids, lrs.ids("noord"))
