"""The outbox: statements wait here, in the database, until the LRS has them.

A feature's service function that records an event calls `add` in the same transaction: the
rows are only added to the session, so they commit with the event or roll back with it, and a
statement never exists for an event that did not happen. Rows are queued only while the
organisation's LRS is switched on; events while it is off are not queued (switching it on
does not send the past; the competence export `flask competence export-xapi` has the history
of evidence). Rows already waiting when it is switched off wait until it is on again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from training.clock import utcnow
from training.extensions import db
from training.xapi import vocabulary
from training.xapi.models import LrsConnection, OutboxStatement


def is_on(organisation_id: int) -> bool:
    return bool(
        db.session.scalar(
            sa.select(LrsConnection.enabled).where(LrsConnection.organisation_id == organisation_id)
        )
    )


def add(organisation_id: int, user_id: int, statements: Iterable[dict]) -> int:
    """Queue statements about `user_id` for the organisation's LRS; how many (0 when it is off).

    `statements` is read only when the LRS is on, so a generator builds nothing for an
    organisation without one. No commit, no flush: the caller's transaction decides.
    """
    if not is_on(organisation_id):
        return 0
    now = utcnow()
    count = 0
    for statement in statements:
        db.session.add(
            OutboxStatement(
                organisation_id=organisation_id,
                user_id=user_id,
                statement_id=statement["id"],
                statement=statement,
                created_at=now,
                next_attempt_at=now,
                attempts=0,
            )
        )
        count += 1
    return count


def take_back(organisation_id: int, user_id: int, statement_id: str, actor: dict) -> str:
    """Undo a queued statement: 'dropped' while it waits, 'voided' once the LRS has it.

    A statement still waiting is deleted, so the LRS never hears of it. One the LRS has is
    voided the xAPI way, by a `voided` statement that points at it (queued like any other,
    and only while the LRS is on). 'nothing' when it was never queued.
    """
    dropped = db.session.execute(
        sa.delete(OutboxStatement).where(
            OutboxStatement.statement_id == statement_id,
            OutboxStatement.delivered_at.is_(None),
        )
    ).rowcount
    if dropped:
        return "dropped"
    delivered = db.session.scalar(
        sa.select(OutboxStatement.id).where(
            OutboxStatement.statement_id == statement_id,
            OutboxStatement.delivered_at.is_not(None),
        )
    )
    if delivered is None:
        return "nothing"
    voiding = vocabulary.voiding(f"voided/{statement_id}", actor, statement_id, utcnow())
    return "voided" if add(organisation_id, user_id, [voiding]) else "nothing"


# --- the backlog --------------------------------------------------------------------------


@dataclass
class Backlog:
    waiting: int = 0  # neither delivered nor failed
    due: int = 0  # waiting and its next attempt has come
    failed: int = 0  # refused by the LRS too often; not sent again
    delivered: int = 0
    oldest_waiting: datetime | None = None


def _waiting() -> sa.ColumnElement[bool]:
    return sa.and_(OutboxStatement.delivered_at.is_(None), OutboxStatement.failed_at.is_(None))


def backlogs(
    organisation_ids: list[int] | None = None, now: datetime | None = None
) -> dict[int, Backlog]:
    """The counts per organisation, in one query; organisations without rows are left out."""
    now = now or utcnow()
    waiting = _waiting()

    def count(condition) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    query = sa.select(
        OutboxStatement.organisation_id,
        count(waiting),
        count(sa.and_(waiting, OutboxStatement.next_attempt_at <= now)),
        count(OutboxStatement.failed_at.is_not(None)),
        count(OutboxStatement.delivered_at.is_not(None)),
        sa.func.min(sa.case((waiting, OutboxStatement.created_at), else_=None)),
    ).group_by(OutboxStatement.organisation_id)
    if organisation_ids is not None:
        query = query.where(OutboxStatement.organisation_id.in_(organisation_ids))
    return {
        org: Backlog(int(w), int(d), int(f), int(done), oldest)
        for org, w, d, f, done, oldest in db.session.execute(query)
    }


def backlog(organisation_id: int, now: datetime | None = None) -> Backlog:
    return backlogs([organisation_id], now).get(organisation_id, Backlog())


def purge_delivered(before: datetime) -> int:
    """Delete rows delivered before this moment (the LRS keeps them); how many went."""
    return db.session.execute(
        sa.delete(OutboxStatement).where(
            OutboxStatement.delivered_at.is_not(None), OutboxStatement.delivered_at < before
        )
    ).rowcount
