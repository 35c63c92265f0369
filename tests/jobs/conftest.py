"""A real Redis on 127.0.0.1 for the queue tests: a database number of their own per xdist
worker, emptied before and after each test; a real RQ worker runs the jobs (in burst mode)."""

from __future__ import annotations

import os

import pytest
import redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from tests.intervision.conftest import make_group, make_thread  # noqa: F401 - fixtures
from training.jobs import queue as jobqueue

REDIS_BASE = os.environ.get("TEST_REDIS_BASE", "redis://127.0.0.1:6379")


def _database_number() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return 10 + (int(worker[2:]) if worker[2:].isdigit() else 0) % 5


@pytest.fixture
def redis_url() -> str:
    url = f"{REDIS_BASE}/{_database_number()}"
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis antwoordt niet op 127.0.0.1:6379")
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def queued(app, redis_url):
    """The app queues its jobs on Redis for this test instead of running them at once."""
    app.config["JOBS_REDIS_URL"] = redis_url
    try:
        yield redis_url
    finally:
        app.config["JOBS_REDIS_URL"] = None


def work(*, due_retries: bool = False) -> None:
    """A real RQ worker empties the queue (burst) inside the test's app context; with
    `due_retries` it first queues the retries whose wait is over (RQ's scheduler)."""
    worker = SimpleWorker(
        [jobqueue.queue()], connection=jobqueue.connection(), serializer=JSONSerializer
    )
    worker.work(burst=True, with_scheduler=due_retries, logging_level="WARNING")
