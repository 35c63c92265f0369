"""A real LRS for the cluster soak: Ralph from tests/lrs/.venv (built by `make install`), one
store ("tenant") per bench organisation, and the soak's checks on what arrived."""

from __future__ import annotations

import secrets
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests
import sqlalchemy as sa

from training.bench.runner import ROOT, Processes, free_port, run

LRS_DIR = ROOT / "tests" / "lrs"
RALPH = LRS_DIR / ".venv" / "bin" / "ralph"
PYTHON = LRS_DIR / ".venv" / "bin" / "python"
HEADERS = {"X-Experience-API-Version": "1.0.3"}


@dataclass
class Lrs:
    url: str
    passwords: dict[str, str] = field(default_factory=dict)  # tenant (organisation slug) -> pw

    def statements(self, tenant: str) -> list[dict]:
        found: list[dict] = []
        url = f"{self.url}/xAPI/statements?limit=500"
        session = requests.Session()
        session.trust_env = False
        while url:
            response = session.get(
                url, headers=HEADERS, auth=(tenant, self.passwords[tenant]), timeout=30
            )
            response.raise_for_status()
            page = response.json()
            found += page["statements"]
            more = page.get("more")
            url = (self.url + more if more.startswith("/") else more) if more else ""
        return found


def organisations(engine) -> list[tuple[int, str]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(
            sa.text("SELECT id, slug FROM organisations WHERE slug LIKE 'bench-%' ORDER BY id")
        )]  # fmt: skip


def start(procs: Processes, workdir: Path, slugs: list[str]) -> Lrs:
    if not RALPH.exists():
        raise RuntimeError("Ralph ontbreekt: draai eerst `make install` (tests/lrs/.venv)")
    app_dir, data = workdir / "ralph-app", workdir / "ralph-data"
    env = {
        "PATH": "/usr/bin:/bin",
        "RALPH_APP_DIR": str(app_dir),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data),
    }
    lrs = Lrs(url="")
    for slug in slugs:
        (data / slug).mkdir(parents=True, exist_ok=True)
        lrs.passwords[slug] = secrets.token_urlsafe(12)
        subprocess.run(  # noqa: S603 - our own Ralph, fixed arguments
            [str(RALPH), "auth", "-u", slug, "-p", lrs.passwords[slug], "-s", "all",
             "-M", f"mailto:{slug}@example.org", "-t", slug, "-w"],
            cwd=workdir, env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    port = free_port()
    lrs.url = f"http://127.0.0.1:{port}"
    proc = procs.start("ralph", [str(PYTHON), str(LRS_DIR / "serve.py"), str(port)], env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{lrs.url}/__heartbeat__", timeout=1).status_code == 200:
                return lrs
        except requests.ConnectionError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    raise RuntimeError("Ralph startte niet; zie ralph.log")


def connect_organisations(flask: list[str], env: dict, log: Path, lrs: Lrs) -> None:
    """Each bench organisation sends to its own store, set as an operator would."""
    for slug, password in lrs.passwords.items():
        run([*flask, "xapi", "connect", slug, "--endpoint", lrs.url, "--username", slug],
            {**env, "XAPI_LRS_PASSWORD": password}, log)  # fmt: skip


def backlog(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(
            sa.text(
                "SELECT count(*) FROM xapi_outbox WHERE delivered_at IS NULL AND failed_at IS NULL"
            )
        )


def checks(engine, lrs: Lrs) -> tuple[dict, list[str]]:
    """Every outbox row delivered; each store holds each of its statement ids exactly once and
    nothing that is not in the outbox (and no other organisation's statement)."""
    problems = []
    queued = delivered = failed = in_lrs = duplicates = strangers = 0
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT o.slug, x.statement_id, x.delivered_at IS NOT NULL, "
                "x.failed_at IS NOT NULL FROM xapi_outbox x "
                "JOIN organisations o ON o.id = x.organisation_id"
            )
        ).all()
    expected: dict[str, set[str]] = {}
    for slug, statement_id, was_delivered, was_failed in rows:
        expected.setdefault(slug, set()).add(str(statement_id))
        queued += 1
        delivered += bool(was_delivered)
        failed += bool(was_failed)
    for slug in lrs.passwords:
        ids = Counter(s["id"] for s in lrs.statements(slug))
        in_lrs += sum(ids.values())
        duplicates += sum(n - 1 for n in ids.values() if n > 1)
        strangers += len(set(ids) - expected.get(slug, set()))
        missing = expected.get(slug, set()) - set(ids)
        if missing:
            problems.append(f"{slug}: {len(missing)} statements niet in de LRS")
    if delivered + failed != queued:
        problems.append(f"{queued - delivered - failed} statements niet afgeleverd")
    if failed:
        problems.append(f"{failed} statements geweigerd door de LRS")
    if duplicates:
        problems.append(f"{duplicates} statements dubbel in de LRS")
    if strangers:
        problems.append(f"{strangers} statements in een LRS waar ze niet horen")
    return {
        "queued_in_outbox": queued,
        "delivered": delivered,
        "refused": failed,
        "held_by_the_lrs": in_lrs,
        "duplicates_in_the_lrs": duplicates,
        "in_the_wrong_lrs": strangers,
    }, problems
