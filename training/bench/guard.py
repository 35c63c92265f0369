"""`make bench-guard`: the privacy guard under 16 authors at once, and what it holds in memory.

Starts the guard service (training.privacyguard) on a free port on 127.0.0.1 with 1 and with 2
workers, sends `/check` for a 2,000-character intervision post (with a name, a phone number
and a street in it, so every detector works) from 16 threads for BENCH_GUARD_SECONDS seconds,
and reports requests per second, p50/p95/p99 and the service's memory (PSS of the master and
its workers together: deduce is loaded once in the master and shared). Writes
`bench/guard.json` and `bench/guard.md`; stops the service whatever happens.
"""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

from training.bench.runner import _kb, children, commit, load_average, machine, percentile
from training.privacyguard import process

OUT = Path(__file__).resolve().parents[2] / "bench"
CLIENTS = 16
TARGET_P95_MS = 150

SENTENCES = (
    "In de nachtopvang vertelde de cliënt dat hij niemand meer heeft sinds hij zijn huis kwijtraakte. ",
    "Bij doorvragen noemde hij toch een zus in Zaandam en een oud-collega van de bouw. ",
    "Zijn zus Marieke de Boer belde vorige week, haar nummer is 06-12345678. ",
    "Hij wil eerst zijn schulden op orde, maar de budgetcoach ziet hem pas over drie weken. ",
    "We spraken af dat hij zelf kiest wie hij uitnodigt voor een netwerkberaad. ",
    "Hij woonde tot vorig jaar aan de Kerkstraat 12 en gaat daar nog af en toe langs bij de buurman. ",
    "De vraag aan de groep: hoe houd ik de regie bij hem zonder over zijn grenzen te gaan? ",
)


def post_text(length: int = 2000) -> str:
    text, index = "", 0
    while len(text) < length:
        text += SENTENCES[index % len(SENTENCES)]
        index += 1
    return text[:length]


def pss_mb(pid: int) -> float | None:
    """PSS of the process and all its children together, in MB."""
    values = [_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in [pid, *children(pid)]]
    found = [v for v in values if v]
    return round(sum(found) / 1024, 1) if found else None


def hammer(url: str, text: str, seconds: float, clients: int = CLIENTS) -> dict:
    """`clients` threads post the text back to back; latencies of the answered requests."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        session = requests.Session()
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                reply = session.post(url + "/check", json={"texts": {"body": text}}, timeout=30)
                ok = reply.status_code == 200 and reply.json()["findings"]
            except (requests.RequestException, ValueError, KeyError):
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spent = time.monotonic() - began
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors[0],
        "rps": round(len(latencies) / spent, 1),
        "p50_ms": round(percentile(latencies, 50) or 0, 1),
        "p95_ms": round(percentile(latencies, 95) or 0, 1),
        "p99_ms": round(percentile(latencies, 99) or 0, 1),
    }


def measure(workers: int, seconds: float) -> dict:
    port = process.free_port()
    url = f"http://127.0.0.1:{port}"
    service = process.start(port, workers)
    try:
        if not process.wait_until_healthy(url, 300):
            raise SystemExit("de privacycontrole startte niet")
        text = post_text()
        hammer(url, text, 2.0)  # warm-up: every worker has checked a text
        row = hammer(url, text, seconds)
        row.update(workers=workers, characters=len(text), pss_mb=pss_mb(service.pid))
        return row
    finally:
        process.stop(service)


def markdown(result: dict) -> str:
    lines = [
        "# Privacycontrole onder belasting",
        "",
        f"Gemaakt met `make bench-guard` op {result['date']} (commit {result['commit']}), "
        f"{result['machine']}; load average bij de start {result['load_average']}. "
        f"{CLIENTS} schrijvers tegelijk sturen een bericht van 2.000 tekens naar `/check`, "
        f"{result['seconds']:g} s per meting. Doel: p95 ≤ {TARGET_P95_MS} ms. "
        "Geheugen: PSS van de dienst (master en workers samen).",
        "",
        "| workers | verzoeken/s | p50 | p95 | p99 | fouten | geheugen (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['workers']} | {row['rps']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['p99_ms']} | {row['errors']} | {row['pss_mb']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    seconds = float(os.environ.get("BENCH_GUARD_SECONDS", 10))
    workers = [int(w) for w in os.environ.get("BENCH_GUARD_WORKERS", "1,2").split(",")]
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "machine": machine(),
        "load_average": load_average(),
        "seconds": seconds,
        "rows": [],
    }
    for count in workers:
        print(f"== privacycontrole met {count} worker(s)", flush=True)
        row = measure(count, seconds)
        print(f"   {row}", flush=True)
        result["rows"].append(row)
    OUT.mkdir(exist_ok=True)
    (OUT / "guard.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    (OUT / "guard.md").write_text(markdown(result))
    print(f"== klaar: {OUT / 'guard.md'}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
