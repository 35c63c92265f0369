"""Periodic jobs, exactly once per period however many schedulers run.

Every scheduler (one per node is fine) wakes each minute and, for every task with a cron
expression, works out the latest slot that is due (Europe/Amsterdam time). The slot names the
job: `periodic-<kind>-<YYYYmmddTHHMM>` is a unique key in the jobs table, so the first scheduler
to insert it queues the job and every other one gets an IntegrityError and moves on. A slot
missed while no scheduler ran is caught up once (only the latest). RQ's own CronScheduler
(rq >= 2.5) keeps no lock between instances: two nodes would both enqueue, hence this.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from croniter import croniter
from flask import current_app
from sqlalchemy.exc import IntegrityError

from training.clock import as_utc, utcnow
from training.extensions import db
from training.jobs.models import QUEUED, Job
from training.jobs.registry import Task, periodic_tasks
from training.jobs.service import dispatch, requeue_lost

ZONE = ZoneInfo("Europe/Amsterdam")


def due_slot(cron: str, now: datetime) -> datetime:
    """The latest moment at or before `now` that the cron expression names (in UTC)."""
    local = as_utc(now).astimezone(ZONE).replace(second=0, microsecond=0)
    if not croniter.match(cron, local):
        local = croniter(cron, local).get_prev(datetime)  # keeps the time zone
    return local.astimezone(UTC)


def slot_key(task: Task, slot: datetime) -> str:
    # RQ ids hold letters, digits, '-' and '_' only
    return f"periodic-{task.kind.replace('.', '_')}-{slot.astimezone(ZONE):%Y%m%dT%H%M}"


def cron_of(task: Task) -> str:
    """The task's cron expression, or the one JOBS_CRON gives it ("kind=cron;...")."""
    for part in (current_app.config.get("JOBS_CRON") or "").split(";"):
        kind, _, cron = part.partition("=")
        if kind.strip() == task.kind and croniter.is_valid(cron.strip()):
            return cron.strip()
    return task.cron


def tick(now: datetime | None = None) -> list[Job]:
    """Claim and queue every periodic job that is due; returns the ones this call queued."""
    now = now or utcnow()
    queued = []
    for task in periodic_tasks():
        slot = due_slot(cron_of(task), now)
        job = Job(
            key=slot_key(task, slot),
            kind=task.kind,
            status=QUEUED,
            params={"slot": slot.isoformat()},
        )
        db.session.add(job)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # another scheduler (or this one, earlier) has this slot
            continue
        dispatch(job.id, job.key, task)
        queued.append(job)
    requeue_lost(now)
    return queued


def run_forever(log) -> None:  # pragma: no cover - a loop
    """The scheduler process: a tick at the start of every minute."""
    while True:
        try:
            for job in tick():
                log(f"ingepland: {job.key}")
        except Exception as error:  # the database or Redis away: try again next minute
            db.session.rollback()
            log(f"planner: {type(error).__name__}: {error}")
        finally:
            db.session.remove()
        time.sleep(60 - time.time() % 60 + 0.5)
