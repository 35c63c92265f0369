"""`make soak-cluster`: two app nodes, a worker and two schedulers on one PostgreSQL and one
Redis, mixed traffic at both nodes, one node and the worker killed half-way; then the counts.

The topology (all on 127.0.0.1, NETWERKWIJS_ENV=production): the privacy guard; node A and
node B, each gunicorn with 2 workers and a `flask jobs scheduler` beside it; one `flask jobs
worker`; a real SMTP server (aiosmtpd, in this process) and a real learning record store
(Ralph, from its own virtualenv in tests/lrs) for the bench organisation. The bench seed (S)
gives the accounts: players with open quiz and case attempts (whose answers become xAPI
statements), a learner in an intervision group (her posts notify the others: digests), and
plenty of unread notifications from the seed itself. Digests run every minute here
(JOBS_CRON), xAPI delivery too; job time limits are 60 s so a killed worker's job is taken
over within the soak.

Each simulated user sends every request to a node at random; a node that refuses the
connection is skipped for the other, as a load balancer does. At 40% of the time node A (its
gunicorn and its scheduler) and the worker get SIGKILL; a new worker starts 10 s later. When
the traffic stops, the soak waits until no job is open and the outbox is empty, then checks:

- every write the app accepted (journal entries, thread posts with a unique marker, quiz
  submissions, case steps) is in the database exactly once; one whose answer was lost in the
  kill is there at most once;
- no 5xx from a node that was up;
- every person got at most one digest e-mail, and everyone the database marks as mailed got
  exactly one; every digest job slot ran once;
- every statement in the outbox was delivered, the LRS holds each statement id exactly once,
  and holds nothing else.

Figures go to stdout and bench/cluster.md; the exit code is 1 when a check fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import secrets
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlencode

import redis
import requests
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from training.bench import lrs as lrs_helpers
from training.bench.runner import (
    BIN,
    ROOT,
    Processes,
    children,
    drop_postgres,
    free_port,
    log_in,
    prepare_postgres,
    run,
    wait_until_up,
)

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/soak_cluster"
REDIS_URL = "redis://127.0.0.1:6379/13"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
POST_TEXT = "Wat zou er gebeuren als we samen met hem zijn oude voetbalclub bellen? Code {marker}."


# --- the traffic ---------------------------------------------------------------------------


@dataclass
class Tally:
    """What the simulated users saw, shared by their threads (under one lock)."""

    statuses: Counter = field(default_factory=Counter)
    failovers: int = 0
    lost: int = 0  # requests whose answer never came (the node died during them)
    accepted: dict[str, list[str]] = field(default_factory=dict)  # kind -> markers/ids
    uncertain: dict[str, list[str]] = field(default_factory=dict)  # the answer was lost
    refused: dict[str, list[str]] = field(default_factory=dict)  # the app said no (not 302)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, key: str, outcome: str) -> None:
        with self.lock:
            target = {"accepted": self.accepted, "uncertain": self.uncertain}.get(
                outcome, self.refused
            )
            target.setdefault(kind, []).append(key)


class Client:
    """One simulated person: a session valid on every node (one signed cookie)."""

    def __init__(self, session: dict, nodes: list[str], tally: Tally, rng: random.Random):
        self.http = requests.Session()
        self.http.trust_env = False  # 127.0.0.1 only, never through a proxy
        self.cookie = session["cookie"]
        self.csrf = session["csrf"]
        self.nodes = nodes
        self.tally = tally
        self.rng = rng

    def request(self, method: str, path: str, body: dict | None = None):
        """The response, or None when the node died while answering (the answer is lost)."""
        order = self.rng.sample(self.nodes, len(self.nodes))
        for number, node in enumerate(order):
            try:
                response = self.http.request(
                    method,
                    node + path,
                    data=urlencode({**body, "csrf_token": self.csrf}, doseq=True)
                    if body is not None
                    else None,
                    headers={
                        "Cookie": self.cookie,
                        **(
                            {"Content-Type": "application/x-www-form-urlencoded"}
                            if body is not None
                            else {}
                        ),
                    },
                    allow_redirects=False,
                    timeout=60,
                )
            except requests.RequestException as error:
                refused = isinstance(error, requests.ConnectionError) and (
                    "refused" in str(error).lower()
                )
                if refused and number + 1 < len(order):
                    with self.tally.lock:
                        self.tally.failovers += 1
                    continue  # the load balancer's next node: nothing reached the dead one
                with self.tally.lock:
                    self.tally.lost += 1
                return None
            with self.tally.lock:
                self.tally.statuses[response.status_code] += 1
            return response
        return None


def _outcome(response) -> str:
    if response is None:
        return "uncertain"
    return "accepted" if response.status_code == 302 else "refused"


def drive(client: Client, fixtures: dict, player: dict | None, learner: bool, until: float):
    """One person's mix of reads and writes until `until` (monotonic time)."""
    quizzes = list(player["quizzes"]) if player else []
    steps = list(player["cases"]) if player else []
    thread = fixtures["thread"]["id"]
    while time.monotonic() < until:
        roll = client.rng.random()
        if roll < 0.35:
            client.request("GET", client.rng.choice(["/dashboard", "/journal/", "/modules/"]))
        elif roll < 0.5:
            client.request("GET", "/intervisie/meldingen")
        elif roll < 0.65:
            marker = f"cluster-{uuid.uuid4().hex}"
            body = {
                "title": marker,
                "category": "",
                "handelen": "Ik belde de broer van de deelnemer en vroeg hoe het met hem ging.",
            }
            response = client.request("POST", "/journal/nieuw?model=alact", body)
            client.tally.note("journal", marker, _outcome(response))
        elif roll < 0.75 and learner:
            # letters only: a run of digits could look like a phone number to the privacy guard
            marker = "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:12])
            body = {"body": POST_TEXT.format(marker=marker)}
            response = client.request("POST", f"/intervisie/draad/{thread}", body)
            client.tally.note("post", marker, _outcome(response))
        elif roll < 0.88 and quizzes:
            attempt = quizzes.pop()
            body = {"actie": "inleveren", **fixtures["quiz_form"]}
            response = client.request("POST", f"/quizzes/pogingen/{attempt}", body)
            client.tally.note("quiz", str(attempt), _outcome(response))
        elif steps:
            attempt, slug, node = steps.pop()
            body = {"knoop": node, "keuze": "0"}
            response = client.request("POST", f"/cases/{slug}/spelen/{attempt}", body)
            client.tally.note("case", str(attempt), _outcome(response))
        else:
            client.request("GET", "/competence/")
        time.sleep(client.rng.uniform(0.05, 0.4))


# --- the mail server ---------------------------------------------------------------------------


class Inbox:
    def __init__(self):
        self.messages: list[tuple[list[str], object]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


# --- checks ------------------------------------------------------------------------------------


def count_by(engine, sql: str, keys: list[str]) -> Counter:
    if not keys:
        return Counter()
    with engine.connect() as conn:
        rows = conn.execute(sa.text(sql), {"keys": keys}).all()
    return Counter({str(key): count for key, count in rows})


def write_checks(engine, tally: Tally) -> tuple[dict, list[str]]:
    """Every accepted write exactly once, every uncertain one at most once."""
    queries = {
        "journal": "SELECT title, count(*) FROM journal_entries WHERE title = ANY(:keys) "
        "GROUP BY title",
        "post": "SELECT substring(body from 'Code ([a-p]{12})'), count(*) FROM intervision_posts "
        "WHERE substring(body from 'Code ([a-p]{12})') = ANY(:keys) GROUP BY 1",
        "quiz": "SELECT CAST(id AS TEXT), count(*) FROM quiz_attempts "
        "WHERE CAST(id AS TEXT) = ANY(:keys) AND state <> 'open' GROUP BY id",
        # steps taken during the soak: those after the position each attempt had before it
        "case": "SELECT CAST(s.attempt_id AS TEXT), count(*) FROM case_steps s "
        "JOIN soak_case_baseline b ON b.attempt_id = s.attempt_id AND s.position > b.steps "
        "WHERE CAST(s.attempt_id AS TEXT) = ANY(:keys) GROUP BY s.attempt_id",
    }
    figures, problems = {}, []
    for kind, sql in queries.items():
        accepted = tally.accepted.get(kind, [])
        uncertain = tally.uncertain.get(kind, [])
        refused = tally.refused.get(kind, [])
        found = count_by(engine, sql, accepted + uncertain + refused)
        missing = [k for k in accepted if found[k] == 0]
        doubled = [k for k in accepted + uncertain if found[k] > 1]
        figures[kind] = {
            "accepted": len(accepted),
            "found": sum(1 for k in accepted if found[k] >= 1),
            "missing": len(missing),
            "duplicates": len(doubled),
            "answer_lost": len(uncertain),
            "answer_lost_but_saved": sum(1 for k in uncertain if found[k] == 1),
            "refused_by_the_app": len(refused),
            "refused_but_saved": sum(1 for k in refused if found[k]),
        }
        if any(found[k] for k in refused):
            problems.append(f"{kind}: een geweigerde schrijfactie staat toch in de database")
        if missing:
            problems.append(f"{kind}: {len(missing)} geaccepteerde schrijfacties ontbreken")
        if doubled:
            problems.append(f"{kind}: {len(doubled)} schrijfacties staan er dubbel in")
    return figures, problems


def digest_checks(engine, inbox: Inbox) -> tuple[dict, list[str]]:
    with inbox.lock:
        digests = [
            (rcpts, message)
            for rcpts, message in inbox.messages
            if str(message.get("Message-ID", "")).startswith("<overzicht-")
        ]
        recipients = Counter(r for rcpts, _ in digests for r in rcpts)
        ids = Counter(message["Message-ID"] for _, message in inbox.messages)
    with engine.connect() as conn:
        marked = set(
            conn.scalars(
                sa.text(
                    "SELECT u.email FROM intervision_digest_settings d "
                    "JOIN users u ON u.id = d.user_id "
                    "WHERE d.last_sent_at IS NOT NULL"
                )
            )
        )
        slots = conn.execute(
            sa.text(
                "SELECT status, count(*) FROM jobs WHERE kind = 'intervision.digests' "
                "GROUP BY status"
            )
        ).all()
    twice = [r for r, n in recipients.items() if n > 1]
    problems = []
    if twice:
        problems.append(f"{len(twice)} mensen kregen meer dan één overzicht")
    if set(recipients) != marked:
        problems.append(
            f"mail en database verschillen: {len(set(recipients) - marked)} alleen gemaild, "
            f"{len(marked - set(recipients))} alleen als verstuurd gemarkeerd"
        )
    if any(n > 1 for n in ids.values()):
        problems.append("een Message-ID kwam twee keer binnen")
    return {
        "digests_received": sum(recipients.values()),
        "people_mailed": len(recipients),
        "marked_sent_in_database": len(marked),
        "people_mailed_twice": len(twice),
        "digest_jobs_by_status": dict(slots),
    }, problems


def job_checks(engine) -> tuple[dict, list[str]]:
    with engine.connect() as conn:
        rows = dict(
            conn.execute(sa.text("SELECT status, count(*) FROM jobs GROUP BY status")).all()
        )
        doubled = conn.scalar(
            sa.text(
                "SELECT count(*) FROM (SELECT key FROM jobs GROUP BY key HAVING count(*) > 1) k"
            )
        )
        retried = conn.scalar(sa.text("SELECT count(*) FROM jobs WHERE attempts > 1"))
    problems = []
    if rows.get("failed"):
        problems.append(f"{rows['failed']} taken mislukt")
    if doubled:
        problems.append(f"{doubled} periodes met meer dan één taak")
    return {"jobs_by_status": rows, "jobs_taken_over_or_retried": retried}, problems


def running_jobs(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(sa.text("SELECT key FROM jobs WHERE status = 'running'")))


def wait_until_quiet(engine, deadline: float, extra=None) -> bool:
    """No job open (and, with `extra`, its own condition) before the deadline."""
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            open_jobs = conn.scalar(
                sa.text("SELECT count(*) FROM jobs WHERE status IN ('queued','running','retrying')")
            )
        if not open_jobs and (extra is None or extra()):
            return True
        time.sleep(2)
    return False


# --- the run -----------------------------------------------------------------------------------


def kill_tree(proc) -> None:
    """SIGKILL a process and every process under it: a machine that loses power."""
    pids = [proc.pid]
    index = 0
    while index < len(pids):
        pids += children(pids[index])
        index += 1
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=10)


def markdown(figures: dict, problems: list[str]) -> str:
    lines = [
        "# Cluster soak (`make soak-cluster`)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} UTC on {os.cpu_count()} cores: two nodes "
        "(gunicorn, 2 workers each, and a scheduler each), one RQ worker, PostgreSQL, Redis, "
        "the privacy guard, aiosmtpd and Ralph LRS, all on 127.0.0.1.",
        "",
        "```json",
        json.dumps(figures, indent=2, ensure_ascii=False),
        "```",
        "",
        "Verdict: " + ("held" if not problems else "FAILED: " + "; ".join(problems)),
        "",
    ]
    return "\n".join(lines)


def main() -> int:  # noqa: PLR0915 - one scenario, read top to bottom
    seconds = int(os.environ.get("SOAK_SECONDS", "150"))
    users = int(os.environ.get("SOAK_USERS", "24"))
    url = os.environ.get("SOAK_PG_URL", PG_URL)
    redis_url = os.environ.get("SOAK_REDIS_URL", REDIS_URL)
    workdir = Path(tempfile.mkdtemp(prefix="netwerkwijs-cluster-"))
    procs = Processes(workdir)
    password = secrets.token_urlsafe(16)
    inbox = Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    guard_port, port_a, port_b = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "NETWERKWIJS_ENV": "production",
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_hex(32),
        "BENCH_PASSWORD": password,
        "PRIVACY_GUARD_URL": f"http://127.0.0.1:{guard_port}",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port_a}",
        "LOGIN_RATE_LIMIT": "100000 per minute",
        "JOBS_MAX_TIMEOUT": "60",
        "JOBS_CRON": "intervision.digests=* * * * *;xapi.deliver=* * * * *",
    }
    flask = [str(BIN / "flask"), "--app", "app"]
    log = workdir / "setup.log"
    figures: dict = {}
    problems: list[str] = []
    lrs = None
    engine = sa.create_engine(url)
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).flushdb()
        print(f"== soak-cluster: PostgreSQL {sa.make_url(url).database}, Redis {redis_url}")
        prepare_postgres(url)
        smtp.start()
        run([*flask, "db", "upgrade"], env, log)
        run([*flask, "content", "sync"], env, log)
        run([*flask, "bench", "seed", "--size", "S"], env, log)
        fixtures = json.loads(run([*flask, "bench", "fixtures"], env, log))
        slugs = [slug for _, slug in lrs_helpers.organisations(engine)]
        lrs = lrs_helpers.start(procs, workdir, slugs)
        lrs_helpers.connect_organisations(flask, env, log, lrs)

        guard = procs.start(
            "guard",
            [str(BIN / "python"), "-m", "training.privacyguard.server"],
            {**env, "PRIVACY_GUARD_PORT": str(guard_port), "PRIVACY_GUARD_WORKERS": "1"},
        )
        gunicorn = [str(BIN / "gunicorn"), "--preload", "-w", "2", "--timeout", "60",
                    "--log-level", "warning"]  # fmt: skip
        node_a = procs.start("node-a", [*gunicorn, "-b", f"127.0.0.1:{port_a}", "app:app"], env)
        node_b = procs.start("node-b", [*gunicorn, "-b", f"127.0.0.1:{port_b}", "app:app"], env)
        scheduler_a = procs.start("scheduler-a", [*flask, "jobs", "scheduler"], env)
        procs.start("scheduler-b", [*flask, "jobs", "scheduler"], env)
        worker_cmd = [*flask, "jobs", "worker", "--maintenance-interval", "10"]
        worker = procs.start("worker-1", worker_cmd, env)
        nodes = [f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"]
        for node, proc in zip(nodes, (node_a, node_b), strict=True):
            wait_until_up(node + "/healthz", proc)
        wait_until_up(f"http://127.0.0.1:{guard_port}/health", guard, timeout=120)

        learner_email = fixtures["learner"]["email"]
        players = {p["email"]: p for p in fixtures["players"]}
        emails = [learner_email, *players]
        sessions = {e: log_in(nodes[i % 2], e, password) for i, e in enumerate(emails)}
        with engine.begin() as conn:  # where each open case attempt stood before the soak
            conn.execute(sa.text(
                "CREATE TABLE soak_case_baseline AS SELECT a.id AS attempt_id, "
                "coalesce(max(s.position), -1) AS steps FROM case_attempts a "
                "LEFT JOIN case_steps s ON s.attempt_id = a.id GROUP BY a.id"
            ))  # fmt: skip
        tally = Tally()
        rng = random.Random(2026)  # noqa: S311 - a reproducible mix, not a secret
        plan = []
        assigned = [emails[number % len(emails)] for number in range(users)]
        for number, email in enumerate(assigned):
            player = players.get(email)
            if player is not None:  # each open attempt goes to one simulated person only
                share, index = assigned.count(email), assigned[:number].count(email)
                player = {
                    **player,
                    "quizzes": player["quizzes"][index::share],
                    "cases": player["cases"][index::share],
                }
            client = Client(sessions[email], nodes, tally, random.Random(rng.random()))  # noqa: S311
            plan.append((client, player, email == learner_email))
        print(f"   {len(emails)} accounts, {users} gebruikers, {seconds} s, knooppunten {nodes}")

        started = time.monotonic()
        until = started + seconds
        threads = [
            threading.Thread(target=drive, args=(c, fixtures, p, lrn, until), daemon=True)
            for c, p, lrn in plan
        ]
        for thread in threads:
            thread.start()
        time.sleep(seconds * 0.4)
        # the worker dies in the middle of a job: wait (at most 45 s) until one runs
        busy_until = time.monotonic() + 45
        while time.monotonic() < busy_until and not running_jobs(engine):
            time.sleep(0.05)
        killed_jobs = running_jobs(engine)
        print(f"   node A en de worker: SIGKILL (bezig met {killed_jobs or 'niets'})", flush=True)
        kill_tree(node_a)
        kill_tree(scheduler_a)
        kill_tree(worker)
        killed_at = round(time.monotonic() - started)
        time.sleep(10)
        procs.start("worker-2", worker_cmd, env)
        print("   nieuwe worker gestart", flush=True)
        for thread in threads:
            thread.join(timeout=seconds + 120)
        elapsed = time.monotonic() - started

        quiet = wait_until_quiet(
            engine, time.monotonic() + 420, extra=lambda: lrs_helpers.backlog(engine) == 0
        )
        if not quiet:
            problems.append("na 7 minuten staan er nog taken of statements open")
        writes, write_problems = write_checks(engine, tally)
        digests, digest_problems = digest_checks(engine, inbox)
        jobs, job_problems = job_checks(engine)
        statements, statement_problems = lrs_helpers.checks(engine, lrs)
        problems += write_problems + digest_problems + job_problems + statement_problems
        server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
        if server_errors:
            problems.append(f"{server_errors} antwoorden met 5xx")
        figures = {
            "seconds": round(elapsed),
            "simulated_users": users,
            "killed_at_second": killed_at,
            "jobs_running_when_the_worker_was_killed": killed_jobs,
            "requests_answered": sum(tally.statuses.values()),
            "by_status": {str(k): v for k, v in sorted(tally.statuses.items())},
            "server_errors": server_errors,
            "failovers_to_the_other_node": tally.failovers,
            "answers_lost_in_the_kill": tally.lost,
            "writes": writes,
            "digests": digests,
            "statements": statements,
            **jobs,
        }
        print(json.dumps(figures, indent=2, ensure_ascii=False), flush=True)
        for problem in problems:
            print(f"CLUSTER-SOAK MISLUKT: {problem}", flush=True)
        if not problems:
            print("Cluster-soak geslaagd: alles één keer, niets kwijt, geen 5xx.", flush=True)
        out = ROOT / "bench" / "cluster.md"
        out.parent.mkdir(exist_ok=True)
        out.write_text(markdown(figures, problems), encoding="utf-8")
        return 1 if problems else 0
    finally:
        procs.stop_all()
        smtp.stop()
        engine.dispose()
        if not os.environ.get("SOAK_KEEP"):
            drop_postgres(url)
        print(f"   logs in {workdir}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
