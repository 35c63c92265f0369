"""Submitting, running and following background jobs.

`submit` writes the job's row (and an uploaded file) and commits, then hands the id to RQ, or
runs it at once when no queue is configured. `run_job` is what the RQ worker calls: it claims
the row (a job already done, or running elsewhere, is left alone: running a job twice is
harmless), runs the task in a fresh session, stores the outcome, and on a fault lets RQ retry
with backoff until the last attempt marks the row failed for the admin's list.
"""

from __future__ import annotations

import traceback
import uuid
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from rq import get_current_job

from training.accounts.models import User
from training.clock import as_utc, utcnow
from training.extensions import db
from training.jobs import queue as jobqueue
from training.jobs.models import (
    DONE,
    FAILED,
    FINISHED,
    QUEUED,
    RETRYING,
    RUNNING,
    Job,
    JobFile,
)
from training.jobs.registry import TASKS, Outcome, Task
from training.rules import RuleError


class JobError(RuleError):
    """A job cannot be submitted or retried (unknown kind, not allowed)."""


class JobBusy(RuntimeError):
    """Another worker runs this job right now: RQ tries this copy again later (by then the job
    is done and the copy ends at once, or the other worker died and this one takes over)."""


def timeout_of(task: Task) -> int:
    """The task's time limit, capped by JOBS_MAX_TIMEOUT (the cluster soak uses a short one)."""
    cap = current_app.config.get("JOBS_MAX_TIMEOUT")
    return min(task.timeout, int(cap)) if cap else task.timeout


def task_for(kind: str) -> Task:
    try:
        return TASKS[kind]
    except KeyError:
        raise JobError(_l("Onbekende taak.")) from None


def submit(
    kind: str,
    *,
    user=None,
    params: dict | None = None,
    upload: tuple[str, str, bytes] | None = None,
    key: str | None = None,
) -> Job:
    """Record a job and start it; commits the session (the job must exist before a worker looks)."""
    task = task_for(kind)
    job = Job(
        key=key or f"job-{uuid.uuid4().hex}",
        kind=kind,
        status=QUEUED,
        requested_by_id=user.id if user is not None else None,
        organisation_id=user.organisation_id if user is not None else None,
        params=params or {},
    )
    db.session.add(job)
    if upload is not None:
        filename, mimetype, data = upload
        job.files.append(
            JobFile(role="input", filename=filename, mimetype=mimetype, size=len(data), data=data)
        )
    db.session.commit()
    dispatch(job.id, job.key, task)
    return job


def submit_local(kind: str) -> Job:
    """Run a job here and now, queue or not (the `flask jobs run KIND` command)."""
    task_for(kind)
    job = Job(key=f"manual-{uuid.uuid4().hex}", kind=kind, status=QUEUED, params={})
    db.session.add(job)
    db.session.commit()
    job_id = job.id
    run_job(job_id)
    db.session.expire_all()
    return db.session.get(Job, job_id)


def dispatch(job_id: int, key: str, task: Task) -> None:
    if jobqueue.redis_url():
        jobqueue.enqueue(
            key, job_id, timeout=timeout_of(task), retry_intervals=task.retry_intervals
        )
    else:
        run_job(job_id)


# --- running ------------------------------------------------------------------------------


class Context:
    """What a running task may use: report progress (visible at once on the job's page)."""

    def __init__(self, job: Job):
        self.job = job

    def progress(self, percent: int) -> None:
        percent = max(0, min(99, int(percent)))
        # Its own short transaction, so the page sees it while the task's work is uncommitted.
        with db.engine.begin() as conn:
            conn.execute(sa.update(Job).where(Job.id == self.job.id).values(progress=percent))


def _claim(job_id: int, timeout: int) -> bool:
    """Take the job for this run: queued or waiting for a retry, or 'running' for longer than its
    timeout (the worker that had it died). One UPDATE, so two workers never both get it."""
    now = utcnow()
    stale = now - timedelta(seconds=timeout + 60)
    claimed = db.session.execute(
        sa.update(Job)
        .where(
            Job.id == job_id,
            sa.or_(
                Job.status.in_((QUEUED, RETRYING)),
                sa.and_(Job.status == RUNNING, Job.started_at < stale),
            ),
        )
        .values(status=RUNNING, started_at=now, attempts=Job.attempts + 1, progress=0)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def run_job(job_id: int) -> str:
    """Run one job (the function RQ calls); returns the status it ends in."""
    app = current_app._get_current_object()
    # A context of its own (its own session, also when run inside a request), with a request
    # to the public address so templates and url_for work in the worker as on the site.
    base = app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    with app.app_context(), app.test_request_context("/", base_url=base):
        try:
            return _run(job_id)
        finally:
            db.session.remove()


def _run(job_id: int) -> str:
    job = db.session.get(Job, job_id)
    if job is None:
        return "missing"  # deleted with its requester's account
    task = TASKS.get(job.kind)
    if task is None:
        _finish(job_id, FAILED, message=str(_l("Onbekende taak.")), error=f"kind {job.kind!r}")
        return FAILED
    if job.finished:
        return job.status
    if not _claim(job_id, timeout_of(task)):
        db.session.expire_all()
        status = db.session.scalar(sa.select(Job.status).where(Job.id == job_id))
        if status == RUNNING and get_current_job() is not None:
            raise JobBusy(f"job {job_id} runs elsewhere")
        return status
    job = db.session.get(Job, job_id)
    locale = _requester_locale(job)
    try:
        with force_locale(locale):
            outcome = task.func(job, Context(job)) or Outcome()
            message = str(outcome.message)
        db.session.flush()
    except RuleError as error:
        # A refusal (rights gone, file not valid): telling it again will not change it.
        db.session.rollback()
        with force_locale(locale):
            _finish(job_id, FAILED, message=str(error), error="")
        return FAILED
    except Exception as error:
        db.session.rollback()
        rq_job = get_current_job()
        last = rq_job is None or not rq_job.retries_left
        with force_locale(locale):
            message = (
                _l("Dit is niet gelukt. De beheerder kan het opnieuw laten proberen.")
                if last
                else _l("Dit lukte niet meteen; het wordt zo opnieuw geprobeerd.")
            )
            _finish(
                job_id, FAILED if last else RETRYING, message=str(message), error=_summary(error)
            )
        if rq_job is None:
            current_app.logger.exception("Taak %s (%s) mislukt", job_id, job.kind)
            return FAILED
        raise
    if outcome.data is not None:
        job.files.append(
            JobFile(
                role="output",
                filename=outcome.filename or "download",
                mimetype=outcome.mimetype,
                size=len(outcome.data),
                data=outcome.data,
            )
        )
    job.status, job.progress, job.message, job.error = DONE, 100, message[:400], ""
    job.finished_at = utcnow()
    db.session.commit()
    return DONE


def _finish(job_id: int, status: str, *, message: str, error: str) -> None:
    db.session.execute(
        sa.update(Job)
        .where(Job.id == job_id)
        .values(status=status, message=message[:400], error=error, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _summary(error: BaseException) -> str:
    lines = traceback.format_exception_only(type(error), error)
    return "".join(lines).strip()[:2000]


def _requester_locale(job: Job) -> str:
    if job.requested_by_id is None:
        return current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")
    return db.session.scalar(sa.select(User.locale).where(User.id == job.requested_by_id)) or "nl"


# --- reading ------------------------------------------------------------------------------


def own_job(user, job_id: int) -> Job | None:
    """The job, only for the person who asked for it (everyone else: None, a 404)."""
    job = db.session.get(Job, job_id)
    if job is None or job.requested_by_id != user.id:
        return None
    return job


def any_job(job_id: int) -> Job | None:
    """For the platform administrator's list only."""
    return db.session.get(Job, job_id)


def queue_counts() -> dict[str, int] | None:
    """RQ's own view (waiting, running, retry scheduled, failed, workers), or None without Redis
    or when Redis does not answer: the page then shows the database's view only."""
    if not jobqueue.redis_url():
        return None
    try:
        return jobqueue.counts()
    except Exception:  # redis.exceptions.ConnectionError and friends
        return None


def output(job: Job) -> JobFile | None:
    return db.session.scalar(
        sa.select(JobFile).where(JobFile.job_id == job.id, JobFile.role == "output")
    )


def input_data(job: Job) -> JobFile | None:
    return db.session.scalar(
        sa.select(JobFile).where(JobFile.job_id == job.id, JobFile.role == "input")
    )


def recent(*, status: str | None = None, limit: int = 100) -> list[Job]:
    query = sa.select(Job).order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
    if status:
        query = query.where(Job.status == status)
    return list(db.session.scalars(query))


def status_counts() -> dict[str, int]:
    rows = db.session.execute(sa.select(Job.status, sa.func.count()).group_by(Job.status)).all()
    return {status: count for status, count in rows}


def label(job: Job) -> str:
    task = TASKS.get(job.kind)
    return task.label() if task else job.kind


def retry(job: Job) -> Job:
    """An admin sends a failed job round again (a new RQ id; the row and its history stay)."""
    if job.status != FAILED:
        raise JobError(_l("Alleen een mislukte taak kan opnieuw."))
    task = task_for(job.kind)
    job.key = f"{job.key.split('--')[0]}--{job.attempts + 1}"
    job.status, job.message, job.progress, job.finished_at = QUEUED, "", 0, None
    db.session.commit()
    dispatch(job.id, job.key, task)
    return job


def requeue_lost(now=None, *, older_than: int = 300) -> int:
    """Jobs the database says are waiting but Redis forgot (a Redis restart, a scheduler that
    died between writing the row and queueing it) are queued again. Returns how many."""
    if not jobqueue.redis_url():
        return 0
    now = now or utcnow()
    waiting = db.session.scalars(
        sa.select(Job).where(
            Job.status.in_((QUEUED, RETRYING, RUNNING)),
            Job.created_at < now - timedelta(seconds=older_than),
        )
    ).all()
    count = 0
    for job in waiting:
        task = TASKS.get(job.kind)
        if task is None or jobqueue.known(job.key):
            continue
        if job.status == RUNNING and as_utc(job.started_at) > now - timedelta(
            seconds=timeout_of(task) + 60
        ):
            continue
        jobqueue.enqueue(
            job.key, job.id, timeout=timeout_of(task), retry_intervals=task.retry_intervals
        )
        count += 1
    return count


# What a job reads or makes is kept this long (the job's page promises a day).
KEEP_FILES = timedelta(hours=24)


def cleanup(now=None, *, periodic_days: int = 2, failed_days: int = 30) -> dict[str, int]:
    """Files after a day, finished periodic jobs after two days, everything after thirty: the
    jobs table does not grow without end."""
    now = now or utcnow()
    removed_files = db.session.execute(
        sa.delete(JobFile).where(JobFile.created_at < now - KEEP_FILES)
    ).rowcount
    removed_jobs = db.session.execute(
        sa.delete(Job).where(
            sa.or_(
                sa.and_(
                    Job.requested_by_id.is_(None),
                    Job.status == DONE,
                    Job.created_at < now - timedelta(days=periodic_days),
                ),
                sa.and_(
                    Job.status.in_(FINISHED), Job.created_at < now - timedelta(days=failed_days)
                ),
            )
        )
    ).rowcount
    return {"files": removed_files, "jobs": removed_jobs}
