"""The kinds of job: each feature registers its own with `@task(...)` at import time.

A task is a plain function `func(job, context) -> Outcome | None` that works inside an app
context with a fresh session; it re-checks the rights of the person who asked (a job never
has more rights than its requester), raises `RuleError` for a refusal that no retry can
change, and any other exception for a fault worth retrying (RQ retries with backoff).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Seconds to wait before the 1st, 2nd, 3rd retry; after the last the job is "failed".
DEFAULT_RETRY_INTERVALS = (15, 120, 900)


@dataclass(frozen=True)
class Outcome:
    """What a job hands back: a message for its requester and perhaps a file to download."""

    message: str = ""
    filename: str | None = None
    mimetype: str = "application/octet-stream"
    data: bytes | None = None


@dataclass(frozen=True)
class Task:
    kind: str
    func: Callable
    label: Callable[[], str]  # a lazy Dutch/English label for pages
    timeout: int = 600
    retry_intervals: tuple[int, ...] = DEFAULT_RETRY_INTERVALS
    # A cron expression (Europe/Amsterdam) when the scheduler runs this task by itself.
    cron: str | None = None


TASKS: dict[str, Task] = {}


def task(kind: str, *, label, timeout: int = 600, cron: str | None = None, retry=None):
    """Register `func` as the job kind `kind` (one registration per kind)."""

    def decorator(func: Callable) -> Callable:
        if kind in TASKS and TASKS[kind].func is not func:
            raise ValueError(f"job kind {kind!r} registered twice")
        TASKS[kind] = Task(
            kind=kind,
            func=func,
            label=(lambda: str(label)),
            timeout=timeout,
            retry_intervals=tuple(retry) if retry is not None else DEFAULT_RETRY_INTERVALS,
            cron=cron,
        )
        return func

    return decorator


def periodic_tasks() -> list[Task]:
    return sorted((t for t in TASKS.values() if t.cron), key=lambda t: t.kind)
