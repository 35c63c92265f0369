"""A real LRS for the tests: Ralph (`ralph-malph`) on 127.0.0.1, and a relay that cuts answers.

`start_ralph(folder)` makes credentials with `ralph auth ... -w` for two tenants, each with its
own `--target` (a folder of its own in the file-system backend, so one tenant never reads the
other's statements), starts `tests/lrs/serve.py` on a free port and waits until it answers.
Ralph lives in its own virtualenv, tests/lrs/.venv, built by `make install`; when it is missing
it is built here once (one xdist worker at a time). When it cannot be had, the tests that need
it are skipped, except in CI (CI=true), where they fail.

`Relay` sits between the app and Ralph and passes everything on, except the answers it is told
to cut: it forwards the request, lets Ralph store the statements, and drops the connection to
the app when Ralph's answer begins. That is an LRS outage in the middle of a batch.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

LRS_DIR = Path(__file__).resolve().parents[1] / "lrs"
VENV = LRS_DIR / ".venv"
RALPH = VENV / "bin" / "ralph"
PYTHON = VENV / "bin" / "python"
INSTALLED = VENV / ".installed"
SERVE = LRS_DIR / "serve.py"
# tenant (username, and the folder its statements go to) -> password
TENANTS = {"noord": "lrs-wachtwoord-noord-7", "zuid": "lrs-wachtwoord-zuid-8"}
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens: an LRS that is down."""
    return f"http://127.0.0.1:{free_port()}"


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI needs Ralph for the xAPI tests: {reason}")
    pytest.skip(
        f"Ralph (LRS) ontbreekt, de xAPI-tests met een echte LRS zijn overgeslagen: {reason}"
    )


def _install_once() -> None:
    """Build tests/lrs/.venv as `make install` does, when it has not been built yet."""
    if INSTALLED.exists():
        return
    with (LRS_DIR / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if INSTALLED.exists():
            return
        shutil.rmtree(VENV, ignore_errors=True)
        python = shutil.which("python3") or sys.executable
        try:
            subprocess.run([python, "-m", "venv", str(VENV)], check=True, capture_output=True)
            subprocess.run(
                [str(PYTHON), "-m", "pip", "install", "--quiet", "--require-hashes",
                 "-r", str(LRS_DIR / "requirements.txt")],
                check=True, capture_output=True, timeout=600,
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError) as exc:
            shutil.rmtree(VENV, ignore_errors=True)
            _unavailable(f"tests/lrs/.venv kon niet worden gebouwd ({type(exc).__name__})")
        INSTALLED.touch()


@dataclass
class Ralph:
    url: str
    data: Path
    log: Path

    def credentials(self, tenant: str) -> tuple[str, str]:
        return tenant, TENANTS[tenant]

    def statements(self, tenant: str) -> list[dict]:
        """Everything this tenant's store holds, every page of it (GET /xAPI/statements)."""
        found: list[dict] = []
        url = f"{self.url}/xAPI/statements?limit=100"
        while url:
            response = requests.get(
                url, headers=XAPI_HEADERS, auth=self.credentials(tenant), timeout=10
            )
            assert response.status_code == 200, response.text
            page = response.json()
            found += page["statements"]
            more = page.get("more")
            url = (self.url + more if more.startswith("/") else more) if more else ""
        return found

    def ids(self, tenant: str) -> list[str]:
        return [statement["id"] for statement in self.statements(tenant)]

    def clear(self) -> None:
        """Empty every tenant's store: each test starts with an LRS that holds nothing."""
        for tenant in TENANTS:
            (self.data / tenant / "fs_lrs.jsonl").unlink(missing_ok=True)


@contextmanager
def start_ralph(folder: Path) -> Iterator[Ralph]:
    """Ralph on a free port of 127.0.0.1 with the TENANTS, until the block ends."""
    _install_once()
    if not (RALPH.exists() and PYTHON.exists()):
        _unavailable("tests/lrs/.venv/bin/ralph ontbreekt")
    run, app_dir, data = folder / "run", folder / "app", folder / "data"
    for path in (run, app_dir, *(data / tenant for tenant in TENANTS)):
        path.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith("RALPH_")}
    env |= {
        "RALPH_APP_DIR": str(app_dir),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data),
    }
    for tenant, password in TENANTS.items():
        subprocess.run(
            [str(RALPH), "auth", "-u", tenant, "-p", password, "-s", "all",
             "-M", f"mailto:{tenant}@example.org", "-t", tenant, "-w"],
            cwd=run, env=env, check=True, capture_output=True, timeout=60,
        )  # fmt: skip
    port = free_port()
    ralph = Ralph(url=f"http://127.0.0.1:{port}", data=data, log=folder / "ralph.log")
    with ralph.log.open("w") as log:
        process = subprocess.Popen(
            [str(PYTHON), str(SERVE), str(port)], cwd=run, env=env, stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if requests.get(f"{ralph.url}/__heartbeat__", timeout=1).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Ralph startte niet: " + ralph.log.read_text())
                time.sleep(0.1)
            yield ralph
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Relay:
    """TCP on 127.0.0.1 from the app to Ralph; `cut_answers(n, ...)` drops those answers.

    Answers are counted from 1 as they begin: the first bytes from Ralph after the app sent
    something. A cut answer is never passed on: both connections are shut down; Ralph has done its
    work by then.
    """

    def __init__(self, upstream_port: int):
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.answers = 0
        self.cut: set[int] = set()
        self.log: list[str] = []  # "passed 1", "cut 2", ...
        self._lock = threading.Lock()
        self._closing = False
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_answers(self, *numbers: int) -> None:
        with self._lock:
            self.cut = set(numbers)

    def close(self) -> None:
        self._closing = True
        self.listener.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream = socket.create_connection(self.upstream)
        state = {"asked": False}

        def requests_in() -> None:
            try:
                while data := client.recv(65536):
                    with self._lock:
                        state["asked"] = True
                    upstream.sendall(data)
            except OSError:
                pass
            finally:
                with suppress(OSError):
                    upstream.shutdown(socket.SHUT_WR)

        threading.Thread(target=requests_in, daemon=True).start()
        try:
            while data := upstream.recv(65536):
                with self._lock:
                    if state["asked"]:
                        state["asked"] = False
                        self.answers += 1
                        cut = self.answers in self.cut
                        self.log.append(f"{'cut' if cut else 'passed'} {self.answers}")
                    else:
                        cut = False
                if cut:
                    break
                client.sendall(data)
        except OSError:
            pass
        finally:
            # shutdown first: it also wakes the thread still reading from the app, which a
            # close alone would not (the socket would stay open until that read returned)
            for sock in (client, upstream):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
