"""`make soak`: mixed reads and writes by 50 simulated users for SOAK_SECONDS (default 180).

The production topology on one machine: gunicorn with 4 workers on PostgreSQL (a fresh
database `soak`, dropped afterwards) with Redis as the rate-limit storage. The bench seed (S)
provides the accounts; locust drives `soakfile.py`. Afterwards it counts: responses by
status (a 5xx fails the soak) and every accepted write's unique marker in the database (a
missing one fails it too), and prints the figures.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import redis
import sqlalchemy as sa

from training.bench import pages
from training.bench.runner import (
    BIN,
    ROOT,
    Processes,
    drop_postgres,
    free_port,
    log_in,
    prepare_postgres,
    run,
    wait_until_up,
)

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/soak"
REDIS_URL = "redis://127.0.0.1:6379/14"


def status_figures(statuses: list[int]) -> dict:
    """Responses by class; `server_errors` counts 5xx and connection failures (status 0)."""
    by_status = Counter(statuses)
    return {
        "requests": len(statuses),
        "by_status": {str(k): v for k, v in sorted(by_status.items())},
        "server_errors": sum(v for k, v in by_status.items() if k >= 500 or k == 0),
    }


def missing_writes(accepted: list[str], found: set[str]) -> list[str]:
    """The markers the app said it saved (302) that are not in the database."""
    return [marker for marker in accepted if marker not in found]


def verdict(figures: dict, missing: list[str], accepted: int) -> list[str]:
    """Why the soak failed; empty when it held."""
    problems = []
    if figures["server_errors"]:
        problems.append(f"{figures['server_errors']} antwoorden met 5xx of zonder antwoord")
    if missing:
        problems.append(f"{len(missing)} van de {accepted} opgeslagen reflecties ontbreken")
    if not accepted:
        problems.append("geen enkele schrijfactie gelukt")
    return problems


def found_markers(url: str) -> set[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT title FROM journal_entries WHERE title LIKE 'soak-%'"))
        found = {row[0] for row in rows}
    engine.dispose()
    return found


def main() -> int:
    seconds = int(os.environ.get("SOAK_SECONDS", "180"))
    users = int(os.environ.get("SOAK_USERS", "50"))
    url = os.environ.get("SOAK_PG_URL", PG_URL)
    redis_url = os.environ.get("SOAK_REDIS_URL", REDIS_URL)
    workdir = Path(tempfile.mkdtemp(prefix="netwerkwijs-soak-"))
    procs = Processes(workdir)
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_hex(32),
        "BENCH_PASSWORD": password,
        # the soak logs in its accounts from one address at the start
        "LOGIN_RATE_LIMIT": "10000 per minute",
        "FLASK_APP": "app",
    }
    flask = [str(BIN / "flask"), "--app", "app"]
    log = workdir / "setup.log"
    try:
        # the rate-limit storage must answer, or the soak would test memory://
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).flushdb()
        print(f"== soak: PostgreSQL {sa.make_url(url).database}, Redis {redis_url}", flush=True)
        prepare_postgres(url)
        run([*flask, "db", "upgrade"], env, log)
        run([*flask, "content", "sync"], env, log)
        run([*flask, "bench", "seed", "--size", "S"], env, log)
        fixtures = json.loads(run([*flask, "bench", "fixtures"], env, log))
        port = free_port()
        app = procs.start(
            "app",
            [str(BIN / "gunicorn"), "-w", "4", "--timeout", "120", "--log-level", "warning",
             "-b", f"127.0.0.1:{port}", "app:app"],
            env,
        )  # fmt: skip
        host = f"http://127.0.0.1:{port}"
        wait_until_up(host + "/healthz", app)
        sessions = [log_in(host, e, password) for e in pages.emails_needed(fixtures)]
        print(f"   {len(sessions)} accounts ingelogd; {users} gebruikers, {seconds} s", flush=True)
        plan = workdir / "plan.json"
        out = workdir / "out.json"
        plan.write_text(json.dumps({"sessions": sessions, "out": str(out)}))
        started = time.monotonic()
        locust = procs.start(
            "locust",
            [str(BIN / "locust"), "-f", str(ROOT / "training" / "bench" / "soakfile.py"),
             "--headless", "-u", str(users), "-r", "10", "-t", f"{seconds}s", "--host", host,
             "--only-summary", "--stop-timeout", "30", "--exit-code-on-error", "0",
             "--loglevel", "WARNING"],
            {**env, "SOAK_PLAN": str(plan)},
        )  # fmt: skip
        locust.wait(timeout=seconds + 120)
        elapsed = time.monotonic() - started
        procs.stop(locust)
        result = json.loads(out.read_text())
        figures = status_figures(result["statuses"])
        accepted = result["accepted"]
        missing = missing_writes(accepted, found_markers(url))
        figures.update(
            seconds=round(elapsed),
            users=users,
            workers=4,
            requests_per_second=round(figures["requests"] / elapsed, 1),
            writes_accepted=len(accepted),
            writes_found=len(accepted) - len(missing),
            writes_missing=len(missing),
        )
        print(json.dumps(figures, indent=2), flush=True)
        problems = verdict(figures, missing, len(accepted))
        for problem in problems:
            print(f"SOAK MISLUKT: {problem}", flush=True)
        if not problems:
            print("Soak geslaagd: geen 5xx, elke schrijfactie teruggevonden.", flush=True)
        return 1 if problems else 0
    finally:
        procs.stop_all()
        if not os.environ.get("SOAK_KEEP"):
            drop_postgres(url)
        print(f"   logs in {workdir}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
