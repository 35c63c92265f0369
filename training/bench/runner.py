"""`make bench`: seed a fresh database, serve it with gunicorn next to the floor, drive both.

For each database (SQLite in a temporary folder; PostgreSQL database `bench` when the server
answers) the runner upgrades the schema, syncs the content, seeds (`BENCH_SIZE`, default S),
starts the app and the floor (`training.bench.floor`) under gunicorn with 2 x cores + 1
workers on 127.0.0.1, logs in as the benchmark's accounts, warms every page up, and then runs
locust headless against each key page at 1 and 16 clients. It measures requests/s and
percentiles from locust's samples, queries per request from the `X-Query-Count` header
(BENCH_QUERY_COUNT=1), and each worker's RSS and PSS from /proc. It writes `bench/results.json`
and `bench/results.md` and keeps a pyinstrument profile of the slowest page.

Every process it starts runs in its own process group and is stopped on the way out, also on
Ctrl-C or an error; the temporary folder is removed.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess  # noqa: S404 - starts our own programs, never through a shell
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from training.bench import pages
from training.dbcheck import database_answers

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench"
BIN = Path(sys.executable).parent
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
CLIENTS = (1, 16)
# Each player's pool of open attempts is cut in windows: warm-up, 1 client, 16 clients, profile.
WINDOWS = {"warmup": (0, 30), 1: (30, 180), 16: (180, 380), "profile": (380, 400)}
CSRF_RE = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')

# --- figures (pure functions, tested) --------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between ranks, as numpy does."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median_int(values: list[int]) -> int | None:
    value = percentile(values, 50)
    return None if value is None else round(value)


def summarise(samples: list[list]) -> dict:
    """Requests/s and latency of one run from locust's samples [start s, ms, status, queries, failed].

    Requests/s counts the answered requests over the time from the first request's start to
    the last one's end; failures are counted apart and left out of the percentiles.
    """
    good = [s for s in samples if not s[4]]
    errors = len(samples) - len(good)
    statuses: dict[str, int] = {}
    for s in samples:
        if s[4]:
            statuses[str(s[2])] = statuses.get(str(s[2]), 0) + 1
    if not good:
        return {"requests": 0, "errors": errors, "error_statuses": statuses, "rps": 0.0,
                "p50_ms": None, "p95_ms": None, "p99_ms": None, "queries": None}  # fmt: skip
    first = min(s[0] for s in samples)
    last = max(s[0] + s[1] / 1000 for s in samples)
    span = max(last - first, 1e-9)
    times = [s[1] for s in good]
    queries = [s[3] for s in good if s[3] is not None]
    return {
        "requests": len(good),
        "errors": errors,
        "error_statuses": statuses,
        "rps": round(len(good) / span, 1),
        "p50_ms": _ms(percentile(times, 50)),
        "p95_ms": _ms(percentile(times, 95)),
        "p99_ms": _ms(percentile(times, 99)),
        "queries": median_int(queries),
    }


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def result_row(
    page: str, label: str, database: str, size: str, clients: int, summary: dict,
    floor_rps: float | None, worker_rss_mb: float | None, worker_pss_mb: float | None = None,
) -> dict:  # fmt: skip
    """One row of results.json."""
    ratio = round(summary["rps"] / floor_rps, 2) if floor_rps else None
    return {
        "page": page,
        "label": label,
        "database": database,
        "size": size,
        "clients": clients,
        "rps": summary["rps"],
        "p50_ms": summary["p50_ms"],
        "p95_ms": summary["p95_ms"],
        "p99_ms": summary["p99_ms"],
        "queries": summary["queries"],
        "ratio_to_floor": ratio,
        "worker_rss_mb": worker_rss_mb,
        "worker_pss_mb": worker_pss_mb,
        "requests": summary["requests"],
        "errors": summary["errors"],
        "error_statuses": summary.get("error_statuses", {}),
    }


def slowest(rows: list[dict]) -> dict | None:
    """The app page with the highest p95 at the most clients (the one to profile)."""
    candidates = [r for r in rows if r["page"] != pages.FLOOR.key and r["p95_ms"] is not None]
    if not candidates:
        return None
    top = max(r["clients"] for r in candidates)
    return max((r for r in candidates if r["clients"] == top), key=lambda r: r["p95_ms"])


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}" if value < 1000 else f"{value:.0f}"
    return str(value)


def merge(previous: dict | None, meta: dict, rows: list[dict]) -> dict:
    """results.json after this run: its rows replace earlier ones of the same database and size.

    So a run at S and one at L (or on another day) stand side by side in one file; `runs`
    keeps each size's circumstances (date, commit, machine, load, seed time).
    """
    done = {(r["database"], r["size"]) for r in rows}
    kept = [r for r in (previous or {}).get("rows", []) if (r["database"], r["size"]) not in done]
    runs = dict((previous or {}).get("runs", {}))
    runs[meta["size"]] = meta
    return {"runs": runs, "rows": kept + rows}


def markdown(results: dict) -> str:
    """The readable table: one section per database and size, with that run's circumstances."""
    lines = [
        "# Benchmark",
        "",
        "Gemaakt met `make bench` (`BENCH_SIZE=S|M|L`). rps: verzoeken per seconde; p50/p95/p99 "
        "in ms; queries: SQL-statements per verzoek (mediaan); × vloer: rps gedeeld door die van "
        "de vloer (base.html zonder database) bij hetzelfde aantal clients in dezelfde run; "
        "RSS/PSS: grootste gunicorn-worker na de meting, in MB.",
    ]
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in results["rows"]:
        groups.setdefault((row["database"], row["size"]), []).append(row)
    for (database, size), group in groups.items():
        meta = results["runs"].get(size, {})
        seed = meta.get("seed_seconds", {}).get(database)
        lines += ["", f"## {database}, grootte {size}" + (f" (seed {seed:.0f} s)" if seed else "")]
        lines += [
            "",
            f"Gemeten op {meta.get('date', '?')} (commit {meta.get('commit', '?')}), "
            f"{meta.get('machine', '?')}; gunicorn met {meta.get('workers', '?')} sync-workers, "
            f"locust headless op dezelfde machine, {meta.get('seconds', '?')} s per meting.",
        ]
        load = meta.get("load_average", {}).get(database)
        if load:
            lines[-1] += (
                f" Load average (1/5/15 min) bij de start {load['start']}, "
                f"aan het eind {load.get('end', '?')}."
            )
        lines += [
            "",
            "| pagina | clients | rps | p50 | p95 | p99 | queries | × vloer | RSS | PSS | fouten |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in group:
            cells = [r["label"], r["clients"], r["rps"], r["p50_ms"], r["p95_ms"], r["p99_ms"],
                     r["queries"], r["ratio_to_floor"], r["worker_rss_mb"], r["worker_pss_mb"],
                     r["errors"]]  # fmt: skip
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        profile = meta.get("profiles", {}).get(database)
        if profile:
            lines += ["", f"Profiel van de traagste pagina: `{profile}`."]
    notes = [note for meta in results["runs"].values() for note in meta.get("notes", [])]
    if notes:
        lines += ["", "## Opmerkingen", ""] + [f"- {note}" for note in dict.fromkeys(notes)]
    return "\n".join(lines) + "\n"


# --- processes ---------------------------------------------------------------------------------


class Processes:
    """Every process the runner starts, each in its own process group; all stopped at the end."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: list[subprocess.Popen] = []

    def start(self, name: str, cmd: list[str], env: dict) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(  # noqa: S603 - our own programs, fixed arguments
            cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        proc.log = log  # type: ignore[attr-defined]
        self.running.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        proc.log.close()  # type: ignore[attr-defined]
        if proc in self.running:
            self.running.remove(proc)

    def stop_all(self) -> None:
        for proc in reversed(list(self.running)):
            self.stop(proc)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(cmd: list[str], env: dict, log: Path) -> str:
    """A command to its end; its output is returned and appended to the log."""
    result = subprocess.run(  # noqa: S603 - our own programs
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"$ {' '.join(cmd)}\n{result.stdout}{result.stderr}\n")
    if result.returncode:
        raise RuntimeError(f"{' '.join(cmd)} mislukt:\n{result.stdout}{result.stderr}")
    return result.stdout


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    opener = _opener()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server stopte (code {proc.returncode}); zie de log")
        with contextlib.suppress(OSError):
            opener.open(url, timeout=5).read()
            return
        time.sleep(0.3)
    raise RuntimeError(f"{url} antwoordt niet binnen {timeout:.0f} s")


# --- /proc ---------------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            found += [int(p) for p in text.split()]
    return found


def _kb(path: str, field: str) -> int | None:
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def memory_mb(pids: list[int]) -> tuple[float | None, float | None]:
    """The largest worker's RSS (VmRSS) and PSS (smaps_rollup), in MB."""
    rss = [v for v in (_kb(f"/proc/{p}/status", "VmRSS") for p in pids) if v]
    pss = [v for v in (_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in pids) if v]
    return (round(max(rss) / 1024, 1) if rss else None, round(max(pss) / 1024, 1) if pss else None)


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def wait_idle(pids: list[int], timeout: float = 300) -> float:
    """Wait until the workers are idle (e.g. the privacy guard loaded); returns the seconds."""
    started = time.monotonic()
    quiet = 0
    before = cpu_seconds(pids)
    while time.monotonic() - started < timeout and quiet < 3:
        time.sleep(1)
        now = cpu_seconds(pids)
        quiet = quiet + 1 if now - before < 0.05 else 0
        before = now
    return time.monotonic() - started


# --- logging in --------------------------------------------------------------------------------


def _opener(jar=None):
    handlers = [urllib.request.ProxyHandler({})]  # 127.0.0.1 only, never through a proxy
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    if not match:
        raise RuntimeError("geen csrf_token in het formulier")
    return match.group(1)


def log_in(base: str, email: str, password: str) -> dict:
    """A session as a browser gets one: the login form's CSRF token, then a POST."""
    jar = http.cookiejar.CookieJar()
    opener = _opener(jar)
    token = csrf_from(opener.open(f"{base}/login", timeout=60).read().decode())
    form = urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    answer = opener.open(f"{base}/login", form, timeout=60)
    page = answer.read().decode()
    if "/login" in answer.geturl():
        raise RuntimeError(f"inloggen als {email} mislukt")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return {"cookie": cookie, "csrf": csrf_from(page)}


# --- one database ----------------------------------------------------------------------------


def server_url(url: str) -> str:
    """The server's own database: `bench` itself need not exist yet."""
    return sa.make_url(url).set(database="postgres").render_as_string(hide_password=False)


def prepare_postgres(url: str) -> None:
    """A new, empty database (dropped first when it exists)."""
    target = sa.make_url(url)
    engine = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    engine.dispose()


def drop_postgres(url: str) -> None:
    target = sa.make_url(url)
    engine = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    engine.dispose()


def locust(procs: Processes, workdir: Path, plan: dict, host: str, seconds: float) -> dict:
    plan_file = workdir / "plan.json"
    plan["out"] = str(workdir / "samples.json")
    plan_file.write_text(json.dumps(plan))
    Path(plan["out"]).unlink(missing_ok=True)
    cmd = [
        str(BIN / "locust"), "-f", str(ROOT / "training" / "bench" / "locustfile.py"),
        "--headless", "-u", str(plan["clients"]), "-r", "100", "-t", f"{max(1, round(seconds))}s",
        "--host", host, "--only-summary", "--stop-timeout", "30", "--exit-code-on-error", "0",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "BENCH_PLAN": str(plan_file)}
    proc = procs.start("locust", cmd, env)
    try:
        proc.wait(timeout=seconds + 120)
    finally:
        procs.stop(proc)
    return json.loads(Path(plan["out"]).read_text())


def bench_database(
    database: str, url: str, size: str, seconds: float, page_keys: list[str], workdir: Path,
    procs: Processes, meta: dict,
) -> list[dict]:  # fmt: skip
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "BENCH_PASSWORD": password,
        "BENCH_QUERY_COUNT": "1",
        # the benchmark logs in 18 accounts from one address within a minute
        "LOGIN_RATE_LIMIT": "10000 per minute",
        "FLASK_APP": "app",
    }
    log = workdir / f"{database}-setup.log"
    flask = [str(BIN / "flask"), "--app", "app"]
    print(f"== {database}: database klaarzetten en seed {size}", flush=True)
    meta["load_average"][database] = {"start": load_average()}
    run([*flask, "db", "upgrade"], env, log)
    run([*flask, "content", "sync"], env, log)
    started = time.monotonic()
    run([*flask, "bench", "seed", "--size", size], env, log)
    meta["seed_seconds"][database] = round(time.monotonic() - started, 1)
    print(f"   seed klaar in {meta['seed_seconds'][database]:.0f} s", flush=True)
    fixtures = json.loads(run([*flask, "bench", "fixtures"], env, log))
    meta["fixtures"][database] = {
        "learner_evidence": fixtures["learner"]["evidence"],
        "thread_posts": fixtures["thread"]["posts"],
        "cohort_members": fixtures["cohort"]["members"],
    }

    workers = 2 * (os.cpu_count() or 1) + 1
    meta["workers"] = workers
    app_port, floor_port = free_port(), free_port()
    gunicorn = [str(BIN / "gunicorn"), "-w", str(workers), "--timeout", "120",
                "--log-level", "warning"]  # fmt: skip
    app = procs.start(f"{database}-app", [*gunicorn, "-b", f"127.0.0.1:{app_port}", "app:app"], env)
    floor = procs.start(
        f"{database}-floor",
        [*gunicorn, "-b", f"127.0.0.1:{floor_port}", "training.bench.floor:app"],
        env,
    )
    hosts = {"app": f"http://127.0.0.1:{app_port}", "floor": f"http://127.0.0.1:{floor_port}"}
    wait_until_up(hosts["app"] + "/healthz", app)
    wait_until_up(hosts["floor"] + "/", floor)
    pids = {"app": children(app.pid), "floor": children(floor.pid)}

    print("   inloggen", flush=True)
    sessions = {e: log_in(hosts["app"], e, password) for e in pages.emails_needed(fixtures)}
    chosen = [pages.BY_KEY[k] for k in page_keys]

    print("   opwarmen", flush=True)
    for page in chosen:
        plan = {"page": page.key, "fixtures": fixtures, "sessions": sessions, "clients": 16,
                "window": WINDOWS["warmup"]}  # fmt: skip
        locust(procs, workdir, plan, hosts[page.target], 3)
    idle = wait_idle(pids["app"] + pids["floor"])
    print(f"   workers rustig na {idle:.0f} s", flush=True)

    rows: list[dict] = []
    floor_rps: dict[int, float] = {}
    for page in chosen:
        for clients in CLIENTS:
            # requests still queued from the run before are served first
            wait_idle(pids["app"] + pids["floor"], timeout=120)
            plan = {"page": page.key, "fixtures": fixtures, "sessions": sessions,
                    "clients": clients, "window": WINDOWS[clients]}  # fmt: skip
            result = locust(procs, workdir, plan, hosts[page.target], seconds)
            summary = summarise(result["samples"])
            if page.key == pages.FLOOR.key:
                floor_rps[clients] = summary["rps"]
            # a worker killed by gunicorn (WORKER TIMEOUT) is replaced, and reloads everything
            now = children(app.pid if page.target == "app" else floor.pid)
            restarted = len(set(now) - set(pids[page.target]))
            pids[page.target] = now
            rss, pss = memory_mb(pids[page.target])
            row = result_row(
                page.key, pages.label(page, fixtures), database, size, clients, summary,
                floor_rps.get(clients), rss, pss,
            )  # fmt: skip
            if restarted:
                row["workers_restarted"] = restarted
                meta["notes"].append(
                    f"Let op: bij {database} {page.key} ({clients} clients) startte gunicorn "
                    f"{restarted} worker(s) opnieuw (WORKER TIMEOUT); die laden alles opnieuw, "
                    "wat deze en volgende metingen van die run verstoort."
                )
            if result.get("exhausted"):
                row["pool_exhausted_clients"] = result["exhausted"]
            rows.append(row)
            print(
                f"   {page.key:14} {clients:>2} clients: {row['rps']:>7} rps, "
                f"p95 {row['p95_ms']} ms, {row['queries']} queries, fouten {row['errors']}",
                flush=True,
            )
    meta["load_average"][database]["end"] = load_average()
    meta["memory"][database] = {
        "app_workers_rss_mb": [memory_mb([p])[0] for p in pids["app"]],
        "app_workers_pss_mb": [memory_mb([p])[1] for p in pids["app"]],
        "floor_workers_rss_mb": [memory_mb([p])[0] for p in pids["floor"]],
    }

    top = slowest(rows)
    if top is not None:
        target = OUT / f"profile-{database}-{size}-{top['page']}.html"
        plan = {"page": top["page"], "fixtures": fixtures, "sessions": sessions,
                "window": WINDOWS["profile"]}  # fmt: skip
        plan_file = workdir / "profile-plan.json"
        plan_file.write_text(json.dumps(plan))
        run([str(BIN / "python"), "-m", "training.bench.profile", str(plan_file), str(target)],
            env, log)  # fmt: skip
        meta["profiles"][database] = str(target.relative_to(ROOT))
        print(f"   profiel van de traagste pagina ({top['page']}): {target}", flush=True)
    procs.stop(app)
    procs.stop(floor)
    return rows


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = _kb("/proc/meminfo", "MemTotal") or 0
    return (
        f"{os.cpu_count()} cores ({model or platform.processor()}), "
        f"{memory / 1024 / 1024:.0f} GB, Python {platform.python_version()}"
    )


def load_average() -> str:
    """The machine's load (1, 5, 15 minutes): other work on the same cores shows here."""
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "?"


def commit() -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    return "?"


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Netwerkwijs-benchmark (make bench)")
    parser.add_argument("--size", default=os.environ.get("BENCH_SIZE", "S"))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument(
        "--databases", default=os.environ.get("BENCH_DATABASES", "sqlite,postgresql"),
        help="sqlite, postgresql of beide (postgresql alleen als de server antwoordt)",
    )  # fmt: skip
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", PG_URL))
    parser.add_argument("--pages", default=os.environ.get("BENCH_PAGES", ""))
    args = parser.parse_args(argv)
    size = args.size.upper()
    page_keys = [p.key for p in pages.PAGES]
    if args.pages:
        wanted = {k.strip() for k in args.pages.split(",")}
        page_keys = [k for k in page_keys if k in wanted or k == pages.FLOOR.key]
    signal.signal(signal.SIGTERM, _interrupt)
    OUT.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="netwerkwijs-bench-"))
    procs = Processes(workdir)
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "machine": machine(),
        "size": size,
        "seconds": args.seconds,
        "workers": 2 * (os.cpu_count() or 1) + 1,
        "seed_seconds": {},
        "fixtures": {},
        "memory": {},
        "profiles": {},
        "load_average": {},
        "notes": [],
    }
    rows: list[dict] = []
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    pg_used = False
    try:
        for database in databases:
            if database == "sqlite":
                url = "sqlite:///" + str(workdir / "bench.db")
            elif database == "postgresql":
                if not database_answers(server_url(args.pg_url)):
                    note = "PostgreSQL antwoordt niet: alleen SQLite gemeten."
                    print("== " + note, flush=True)
                    meta["notes"].append(note)
                    continue
                url = args.pg_url
                prepare_postgres(url)
                pg_used = True
            else:
                raise SystemExit(f"onbekende database: {database}")
            rows += bench_database(
                database, url, size, args.seconds, page_keys, workdir, procs, meta
            )
    except KeyboardInterrupt:
        print("\n== onderbroken; alles wordt opgeruimd", flush=True)
        return 130
    except Exception as error:  # noqa: BLE001 - reported, then cleaned up
        print(f"== benchmark mislukt: {error}\n   logs: {workdir}", flush=True)
        keep = OUT / "last-failure"
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(workdir, keep, ignore=shutil.ignore_patterns("*.db"))
        return 1
    finally:
        procs.stop_all()
        logs = OUT / "last-run-logs"
        shutil.rmtree(logs, ignore_errors=True)
        logs.mkdir()
        for log in workdir.glob("*.log"):
            shutil.copy(log, logs / log.name)
        if pg_used and not os.environ.get("BENCH_KEEP"):
            with contextlib.suppress(sa.exc.SQLAlchemyError):
                drop_postgres(args.pg_url)
        shutil.rmtree(workdir, ignore_errors=True)
    target = OUT / "results.json"
    previous = json.loads(target.read_text()) if target.exists() else None
    results = merge(previous if previous and "runs" in previous else None, meta, rows)
    target.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (OUT / "results.md").write_text(markdown(results))
    print(f"== klaar: {OUT / 'results.md'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
