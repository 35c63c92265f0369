"""Start and stop the guard service from Python (tests, the benchmark, `make run`'s helpers)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(port: int, workers: int = 1) -> subprocess.Popen:
    """The guard on 127.0.0.1:`port`, in its own process group (so stopping it stops all)."""
    env = {**os.environ, "PRIVACY_GUARD_PORT": str(port), "PRIVACY_GUARD_WORKERS": str(workers)}
    return subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "training.privacyguard.server"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def healthy(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout) as reply:  # noqa: S310 - 127.0.0.1
            return reply.status == 200
    except OSError:
        return False


def wait_until_healthy(url: str, seconds: float = 120.0) -> bool:
    """True once the guard answers (deduce loads in about ten seconds, longer on a busy machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if healthy(url):
            return True
        time.sleep(0.25)
    return False


def stop(process: subprocess.Popen) -> None:
    """Quick shutdown (gunicorn's SIGINT), then SIGKILL for anything left; always reaped."""
    for sig, wait in ((signal.SIGINT, 10), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=wait)
        except ProcessLookupError:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
