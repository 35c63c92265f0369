"""A real OpenID provider for the tests: oidc-provider (npm) run with node on 127.0.0.1.

`tests/oidc_provider/server.js` configures it: one client, the people of `people.json`, PKCE
required, consent skipped. `start_provider(redirect_uris)` runs it on a free port until the
block ends. `sign_in_at_provider` and `cancel_at_provider` play the person at the provider's
own login form (its devInteractions) over plain HTTP, as a browser without JavaScript would.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc_provider"
PEOPLE = json.loads((PROVIDER_DIR / "people.json").read_text(encoding="utf-8"))
CLIENT_ID = PEOPLE["client"]["client_id"]
CLIENT_SECRET = PEOPLE["client"]["client_secret"]
ACCOUNTS = PEOPLE["accounts"]
NODE = shutil.which("node")


@dataclass
class Provider:
    issuer: str

    @property
    def discovery_url(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port_url() -> str:
    """A discovery URL on 127.0.0.1 where nothing listens: a sign-in service that is down."""
    return f"http://127.0.0.1:{_free_port()}/.well-known/openid-configuration"


def _install_once() -> None:
    """`npm ci` when `make install` has not run it yet; one xdist worker at a time."""
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm ontbreekt: de inlogtests met een echte OpenID-provider zijn overgeslagen")
    with (PROVIDER_DIR / ".npm-install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--silent"],
                cwd=PROVIDER_DIR,
                check=True,
                capture_output=True,
            )


@contextmanager
def start_provider(redirect_uris: list[str], log_path: Path) -> Iterator[Provider]:
    """`node server.js` on a free port of 127.0.0.1 until the block ends."""
    if NODE is None:
        pytest.skip("node ontbreekt: de inlogtests met een echte OpenID-provider zijn overgeslagen")
    _install_once()
    port = _free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_REDIRECT_URIS": ",".join(redirect_uris),
        "NODE_ENV": "test",
    }
    provider = Provider(issuer=f"http://127.0.0.1:{port}")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [NODE, "server.js"], cwd=PROVIDER_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    if requests.get(provider.discovery_url, timeout=1).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("oidc-provider startte niet: " + log_path.read_text())
                time.sleep(0.1)
            yield provider
        finally:
            process.terminate()
            process.wait(timeout=10)


class _FormFinder(HTMLParser):
    """The action of the page's form and the href of its '[ Cancel ]' link."""

    def __init__(self):
        super().__init__()
        self.action: str | None = None
        self.cancel: str | None = None
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = attrs.get("action")
        if tag == "a":
            self._href = attrs.get("href")

    def handle_data(self, data):
        if self._href and "Cancel" in data:
            self.cancel = self._href

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None


def _walk(browser: requests.Session, url: str, stop_prefix: str, act) -> str:
    """Follow the provider's redirects; `act` handles its pages; returns the URL back to us."""
    for _ in range(20):
        if url.startswith(stop_prefix):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text
        page = _FormFinder()
        page.feed(response.text)
        response = act(url, page)
        assert response.is_redirect, response.text
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("de provider stuurde niet terug naar de app")


def sign_in_at_provider(authorize_url: str, login: str, stop_prefix: str) -> str:
    """Sign in at the provider as `login`; the callback URL (with code and state) it returns."""
    browser = requests.Session()

    def submit_login(url, page):
        assert page.action, "geen inlogformulier bij de provider"
        return browser.post(
            urljoin(url, page.action),
            data={"prompt": "login", "login": login, "password": "niet-gecontroleerd"},
            allow_redirects=False,
            timeout=10,
        )

    return _walk(browser, authorize_url, stop_prefix, submit_login)


def cancel_at_provider(authorize_url: str, stop_prefix: str) -> str:
    """Press '[ Cancel ]' on the provider's login page; the callback URL it returns."""
    browser = requests.Session()

    def cancel(url, page):
        assert page.cancel, "geen annuleerlink bij de provider"
        return browser.get(urljoin(url, page.cancel), allow_redirects=False, timeout=10)

    return _walk(browser, authorize_url, stop_prefix, cancel)
