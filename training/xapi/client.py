"""Talking to one LRS over HTTP: send statements, send one, check the connection.

Every request goes to the configured endpoint only: no proxy from the environment, no .netrc,
no redirects followed (a redirect could carry the password elsewhere), and a timeout. An
answer is the status code, or None with a short reason when none came; the reason never holds
the statement or the response body, only what went wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from training.xapi.vocabulary import XAPI_VERSION

# (connect, read) seconds unless the app sets XAPI_TIMEOUT_SECONDS for reading
CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no answer at all
    reason: str = ""  # short, for last_error; empty for a 2xx

    @property
    def stored(self) -> bool:
        """The LRS has the statements: 200 (stored now) or 204 (had them already)."""
        return self.status in (200, 204)

    def describe(self) -> str:
        return self.reason or f"HTTP {self.status}"


def statements_url(endpoint: str) -> str:
    """The Statement resource under the endpoint.

    The endpoint is the address the LRS gives as its xAPI endpoint. When its path ends in
    /xAPI (Learning Locker's .../data/xAPI, Ralph's .../xAPI) the resource is below it;
    otherwise /xAPI is added, so that an LRS's bare address (Ralph's root) works too.
    """
    base = endpoint.rstrip("/")
    last = urlsplit(base).path.rsplit("/", 1)[-1]
    if last.lower() != "xapi":
        base += "/xAPI"
    return base + "/statements"


class LrsClient:
    """One connection's requests; use as a context manager so its sockets are closed."""

    def __init__(self, endpoint: str, username: str, password: str, read_timeout: float):
        self.url = statements_url(endpoint)
        self.timeout = (CONNECT_TIMEOUT, read_timeout)
        self.session = requests.Session()
        # Nothing from the environment: no proxy variables, no .netrc credentials.
        self.session.trust_env = False
        self.session.auth = (username, password)
        self.session.headers.update(
            {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
        )

    def __enter__(self) -> LrsClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.session.close()

    def _send(self, method: str, body: object | None = None, params: dict | None = None) -> Answer:
        data = None
        headers = {}
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        try:
            response = self.session.request(
                method,
                self.url,
                params=params,
                data=data,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.ConnectTimeout:
            return Answer(None, f"geen verbinding binnen {CONNECT_TIMEOUT:g} s")
        except requests.ReadTimeout:
            return Answer(None, f"geen antwoord binnen {self.timeout[1]:g} s")
        except requests.ConnectionError as exc:
            if "aborted" in str(exc).lower() or "RemoteDisconnected" in str(exc):
                return Answer(None, "verbinding verbroken voordat het antwoord kwam")
            return Answer(None, "niet bereikbaar")
        except requests.RequestException as exc:
            return Answer(None, f"verzoek mislukt ({type(exc).__name__})")
        with response:
            return Answer(
                response.status_code, "" if response.ok else f"HTTP {response.status_code}"
            )

    def post(self, statements: list[dict]) -> Answer:
        """All of them in one request (xAPI: POST a JSON array)."""
        return self._send("POST", statements)

    def put(self, statement: dict) -> Answer:
        """One statement under its own id (xAPI: PUT ?statementId=...)."""
        return self._send("PUT", statement, params={"statementId": statement["id"]})

    def check(self) -> Answer:
        """One small read with the credentials: address, xAPI and password in one request."""
        return self._send("GET", params={"limit": "1"})
