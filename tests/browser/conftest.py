"""Browser harness: the real app on a free port with a fresh database, driven by Playwright.

Chromium comes from Debian's package (`apt-get install chromium`), never from Playwright's
own download. Every test gets a fresh browser context and fails on console errors, CSP
violations included. Set SCREENSHOT_DIR to keep a PNG of each page a test calls `shot` on.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LIVE_ENV: dict[str, str] = {}  # the live server's environment, for CLI calls against its database
LIVE_MAIL: list[tuple[list[str], EmailMessage]] = []  # what the live server sent, as it arrives
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Browser tests run in two xdist groups, each on one worker with its own live server and
# Chromium, split by file so that the two take about as long.
FIRST_GROUP = {
    "test_accessibility.py",
    "test_case_journey.py",
    "test_signin_journey.py",
    "test_mydata_journey.py",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            group = "browser-a" if Path(str(item.fspath)).name in FIRST_GROUP else "browser-b"
            item.add_marker(pytest.mark.xdist_group(group))
            if CHROMIUM is None:
                item.add_marker(pytest.mark.skip(reason="Chromium staat niet op PATH"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content, policy=policy.default)
        LIVE_MAIL.append((envelope.rcpt_tos, message))
        return "250 OK"


@pytest.fixture(scope="session")
def live_mail_port():
    """A real SMTP server on localhost for the live server's e-mail (LIVE_MAIL keeps it)."""
    port = _free_port()
    controller = Controller(_Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def mail_to(address: str, subject: str, timeout: float = 10.0) -> EmailMessage:
    """The newest e-mail to `address` with this subject, waiting for it as a person would."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for to, m in LIVE_MAIL if address in to and m["Subject"] == subject]
        if found:
            return found[-1]
        time.sleep(0.05)
    raise AssertionError(f"no e-mail '{subject}' to {address}")


# A Redis database per xdist worker that starts a live server: two live servers (each with its
# own SQLite database) must never share a queue, or one's worker would take the other's jobs.
BROWSER_QUEUES = (9, 7, 6, 5)


def _browser_queue() -> str | None:
    """An emptied Redis database for the live server's jobs; without Redis (only outside CI)
    the jobs run inside the web process, as in `make run`."""
    import redis

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker[2:]) if worker[2:].isdigit() else 0
    url = f"redis://127.0.0.1:6379/{BROWSER_QUEUES[number % len(BROWSER_QUEUES)]}"
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        return None
    finally:
        client.close()
    return url


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, live_mail_port, guard_ready):
    """Start `flask run` as a user would, on an empty SQLite database built by migrations.

    It uses the test run's privacy guard service (PRIVACY_GUARD_URL), which answers by now."""
    folder = tmp_path_factory.mktemp("live")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'live.db'}",
        "SECRET_KEY": "browser-test-secret",
        "FLASK_APP": "tests.browser.live_app",
        # every journey registers its own people from 127.0.0.1; no browser test is about the limit
        "REGISTER_RATE_LIMIT": "1000 per minute",
        # ... and logs them in (and confirms their addresses) from there: dozens per group an hour
        "LOGIN_RATE_LIMIT": "1000 per minute",
        # as in development (`make run`): anyone may register, and confirms the address by e-mail
        "OPEN_REGISTRATION": "1",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(live_mail_port),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    env.pop("TEST_DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    # Background jobs as in production: on a real Redis queue, run by a real `flask jobs worker`.
    queue_url = _browser_queue()
    if queue_url:
        env["JOBS_REDIS_URL"] = queue_url
    LIVE_ENV.update(env)
    flask = [sys.executable, "-m", "flask", "--app", "tests.browser.live_app"]
    for command in (["db", "upgrade"], ["content", "sync"]):
        subprocess.run([*flask, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [*flask, "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker = None
    if queue_url:
        worker = subprocess.Popen(
            [*flask, "jobs", "worker"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        # generous: on a loaded two-core machine the app may need half a minute to start
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("de app startte niet: " + (folder / "server.log").read_text())
        yield url
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def console_errors():
    return []


@pytest.fixture
def page(browser, live_server, console_errors):
    """A fresh context (no cookies) per test; console errors make the test fail."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    yield page
    context.close()
    assert console_errors == [], f"console errors: {console_errors}"


@pytest.fixture
def phone(browser, live_server, console_errors):
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    yield page
    context.close()
    assert console_errors == [], f"console errors: {console_errors}"


@pytest.fixture
def shot(request):
    """Save a screenshot when SCREENSHOT_DIR is set (for people to look at the pages)."""
    folder = os.environ.get("SCREENSHOT_DIR")

    def take(page, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take


def has_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def open_menu(page, button) -> None:
    """Open a Bootstrap menu as a person would: only once the page (and its script) has loaded.

    The heading of a new page can be visible before Bootstrap's script at the end of the body
    has run; a click in that moment does nothing.
    """
    from playwright.sync_api import expect

    page.wait_for_load_state("load")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
