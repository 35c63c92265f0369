"""Delivery: the due statements of the outbox to their organisation's LRS, in batches.

Plain functions for a job or the CLI (`flask xapi deliver`); each batch commits its own outcome.

- A batch is POSTed as one JSON array. 200 (stored) or 204 (the LRS had them all) delivers it.
- 409 (the LRS has a statement with one of these ids and another content) or a refusal of the
  content (400, 413, 422): the batch goes again one statement at a time (PUT ?statementId=),
  so the others get through. For one statement, 200, 204 and 409 count as delivered; a refused
  one waits and is marked failed after MAX_REJECTIONS refusals, so it never blocks the rest.
- No answer (down, timeout, connection cut), 5xx, or a refusal of the connection itself (401,
  403, 404, a redirect, 429): every row of the batch waits, with a backoff doubling from a
  minute up to an hour, and this organisation's delivery stops for now. Nothing is lost.
- Nothing is sent twice: rows are taken with FOR UPDATE SKIP LOCKED on PostgreSQL, so two
  workers never hold the same row, and a row is sent again only when no answer said that the
  LRS has it. When the LRS stored a batch but its answer was lost, the retry carries the same
  statement ids, and the LRS answers 204 or 409 instead of storing them twice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from training.clock import utcnow
from training.extensions import db
from training.xapi import credentials, service
from training.xapi.client import Answer, LrsClient
from training.xapi.models import ERROR_LENGTH, LrsConnection, OutboxStatement

DEFAULT_BATCH_SIZE = 50
MAX_REJECTIONS = 3
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)
# Statuses that may be about one statement's content: try them one by one.
CONTENT_REFUSED = {400, 413, 422}
CONFLICT = 409


@dataclass
class Report:
    delivered: int = 0  # the LRS has them now
    conflicts: int = 0  # of those: a 409 for the single statement (another version was there)
    deferred: int = 0  # wait for a later attempt
    refused: int = 0  # of the rows sent alone: the LRS refused their content this time
    failed: int = 0  # given up: refused MAX_REJECTIONS times
    batches: int = 0
    errors: list[str] = field(default_factory=list)  # "<organisation>: <reason>"

    def merge(self, other: Report) -> None:
        self.delivered += other.delivered
        self.conflicts += other.conflicts
        self.deferred += other.deferred
        self.refused += other.refused
        self.failed += other.failed
        self.batches += other.batches
        self.errors += other.errors


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes after the 1st, 2nd, 3rd failed attempt, at most an hour."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def _claim(organisation_id: int, batch_size: int, now: datetime) -> list[OutboxStatement]:
    """The oldest due rows, locked; rows another worker holds are skipped, not waited for."""
    return list(
        db.session.scalars(
            sa.select(OutboxStatement)
            .where(
                OutboxStatement.organisation_id == organisation_id,
                OutboxStatement.delivered_at.is_(None),
                OutboxStatement.failed_at.is_(None),
                OutboxStatement.next_attempt_at <= now,
            )
            .order_by(OutboxStatement.id)
            .limit(batch_size)
            .with_for_update(skip_locked=True)
        )
    )


def _short(reason: str) -> str:
    return reason[:ERROR_LENGTH]


def _note_error(connection: LrsConnection, reason: str, now: datetime) -> None:
    connection.last_error = _short(reason)
    connection.last_error_at = now


def _delivered(rows: list[OutboxStatement], connection: LrsConnection, now: datetime) -> None:
    for row in rows:
        row.delivered_at = now
    connection.last_delivery_at = now


def _defer(rows: list[OutboxStatement], reason: str, now: datetime, report: Report) -> None:
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + backoff(row.attempts)
        row.last_error = _short(reason)
    report.deferred += len(rows)


def _one_by_one(
    client: LrsClient,
    connection: LrsConnection,
    rows: list[OutboxStatement],
    now: datetime,
    report: Report,
) -> bool:
    """Send each row alone; True when the LRS stopped answering (the rest waits)."""
    for index, row in enumerate(rows):
        answer = client.put(row.statement)
        if answer.stored or answer.status == CONFLICT:
            _delivered([row], connection, now)
            report.delivered += 1
            if answer.status == CONFLICT:
                report.conflicts += 1
                row.last_error = "HTTP 409: de LRS had al een statement met dit id"
        elif answer.status in CONTENT_REFUSED:
            report.refused += 1
            row.attempts += 1
            row.last_error = _short(f"{answer.describe()}: de LRS weigert dit statement")
            _note_error(connection, row.last_error, now)
            if row.attempts >= MAX_REJECTIONS:
                row.failed_at = now
                report.failed += 1
            else:
                row.next_attempt_at = now + backoff(row.attempts)
                report.deferred += 1
        else:
            _defer(rows[index:], answer.describe(), now, report)
            _note_error(connection, answer.describe(), now)
            return True
    return False


def _send_batch(
    client: LrsClient,
    connection: LrsConnection,
    rows: list[OutboxStatement],
    now: datetime,
    report: Report,
) -> bool:
    """One batch; True when this organisation's delivery should stop for now."""
    answer: Answer = client.post([row.statement for row in rows])
    if answer.stored:
        _delivered(rows, connection, now)
        report.delivered += len(rows)
        return False
    if answer.status == CONFLICT or answer.status in CONTENT_REFUSED:
        return _one_by_one(client, connection, rows, now, report)
    _defer(rows, answer.describe(), now, report)
    _note_error(connection, answer.describe(), now)
    return True


def deliver(
    organisation_id: int,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_batches: int | None = None,
    now: datetime | None = None,
    deadline: float | None = None,
) -> Report:
    """Send this organisation's due statements; nothing when its LRS is off or not set up.

    `now` is the moment that decides what is due (a test passes a later one to skip the
    backoff); by default the clock, read per batch. `deadline` (time.monotonic()) ends the run
    between two batches, so a job stops by itself before its time limit and the rest waits for
    the next run.
    """
    report = Report()
    connection = db.session.scalar(
        sa.select(LrsConnection).where(LrsConnection.organisation_id == organisation_id)
    )
    if connection is None or not connection.enabled:
        return report
    slug = connection.organisation.slug
    try:
        client = service.client_for(connection)
    except credentials.Unreadable:
        moment = now or utcnow()
        _note_error(connection, "wachtwoord onleesbaar: opnieuw invullen", moment)
        report.errors.append(f"{slug}: wachtwoord onleesbaar: opnieuw invullen")
        db.session.commit()
        return report
    try:
        with client:
            while max_batches is None or report.batches < max_batches:
                if deadline is not None and time.monotonic() >= deadline:
                    break
                moment = now or utcnow()
                rows = _claim(organisation_id, batch_size, moment)
                if not rows:
                    break
                report.batches += 1
                refused = report.refused
                stop = _send_batch(client, connection, rows, moment, report)
                db.session.commit()
                if report.refused > refused:
                    report.errors.append(
                        f"{slug}: de LRS weigerde {report.refused - refused} statement(s) "
                        f"({connection.last_error})"
                    )
                if stop:
                    report.errors.append(f"{slug}: {connection.last_error}")
                    break
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def organisations_with_due_rows(now: datetime | None = None) -> list[int]:
    """Organisations whose LRS is on and that have statements due."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            sa.select(LrsConnection.organisation_id)
            .where(
                LrsConnection.enabled.is_(True),
                sa.exists().where(
                    OutboxStatement.organisation_id == LrsConnection.organisation_id,
                    OutboxStatement.delivered_at.is_(None),
                    OutboxStatement.failed_at.is_(None),
                    OutboxStatement.next_attempt_at <= now,
                ),
            )
            .order_by(LrsConnection.organisation_id)
        )
    )


def deliver_all(
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_batches: int | None = None,
    now: datetime | None = None,
    deadline: float | None = None,
) -> Report:
    """`deliver` for every organisation with something due; one LRS down does not stop the rest."""
    report = Report()
    for organisation_id in organisations_with_due_rows(now):
        if deadline is not None and time.monotonic() >= deadline:
            break
        report.merge(
            deliver(
                organisation_id,
                batch_size=batch_size,
                max_batches=max_batches,
                now=now,
                deadline=deadline,
            )
        )
    return report
