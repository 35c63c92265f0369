"""The RQ queue on Redis, or none: without `JOBS_REDIS_URL` (development, most tests) a job
runs in the process that submits it, right after the submitting transaction commits."""

from __future__ import annotations

from flask import current_app
from redis import Redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.serializers import JSONSerializer

QUEUE_NAME = "netwerkwijs"


def redis_url() -> str | None:
    return current_app.config.get("JOBS_REDIS_URL")


def connection() -> Redis:
    """One Redis client per app and URL (a pool inside); tests may point the app elsewhere."""
    url = redis_url()
    cache = current_app.extensions.setdefault("jobs_redis", {})
    if url not in cache:
        cache[url] = Redis.from_url(url, socket_timeout=10, health_check_interval=30)
    return cache[url]


def queue() -> Queue:
    # JSON, not pickle: what Redis holds can name a job and its id, never run code on load.
    return Queue(QUEUE_NAME, connection=connection(), serializer=JSONSerializer)


def enqueue(key: str, job_id: int, *, timeout: int, retry_intervals: tuple[int, ...]) -> None:
    retry = (
        Retry(max=len(retry_intervals), interval=list(retry_intervals)) if retry_intervals else None
    )
    queue().enqueue(
        "training.jobs.service.run_job",
        job_id,
        job_id=key,
        job_timeout=timeout,
        retry=retry,
        result_ttl=3600,
        failure_ttl=14 * 24 * 3600,
    )


def known(key: str) -> bool:
    """Does Redis still hold this RQ job (queued, running, scheduled for a retry or failed)?"""
    try:
        RQJob.fetch(key, connection=connection(), serializer=JSONSerializer)
    except NoSuchJobError:
        return False
    return True


def counts() -> dict[str, int]:
    q = queue()
    return {
        "queued": q.count,
        "started": q.started_job_registry.count,
        "scheduled": q.scheduled_job_registry.count,
        "failed": q.failed_job_registry.count,
        "workers": len(q.connection.smembers(f"rq:workers:{QUEUE_NAME}")),
    }
