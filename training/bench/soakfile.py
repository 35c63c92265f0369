"""The soak's load: `locust -f training/bench/soakfile.py --headless ...`, started by soak.py.

Each simulated user takes one of the logged-in sessions from the plan (SOAK_PLAN) and mixes
reads (dashboard, journal, a module list) with writes: a journal entry whose title is a
unique marker. Every response's status and every marker the app accepted (302) are written
to the plan's `out` file when locust stops, so the runner can count them in the database.
"""

from __future__ import annotations

import itertools
import json
import os
import uuid
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

PLAN = json.loads(open(os.environ["SOAK_PLAN"], encoding="utf-8").read())  # noqa: SIM115
STATUSES: list[int] = []
ACCEPTED: list[str] = []
_numbers = itertools.count()


@events.request.add_listener
def _record(response, exception, **_kwargs) -> None:
    """The status the server sent (a write's 200 is a refusal, counted by the runner too);
    0 when no answer came at all."""
    STATUSES.append(getattr(response, "status_code", 0) or 0)


@events.quitting.add_listener
def _write(**_kwargs) -> None:
    with open(PLAN["out"], "w", encoding="utf-8") as fh:
        json.dump({"statuses": STATUSES, "accepted": ACCEPTED}, fh)


class SoakUser(FastHttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        sessions = PLAN["sessions"]
        self.session = sessions[next(_numbers) % len(sessions)]

    def _headers(self) -> dict:
        return {"Cookie": self.session["cookie"]}

    def _get(self, path: str, name: str) -> None:
        self.client.get(path, headers=self._headers(), name=name, allow_redirects=False)
        self.client.cookiejar.clear()

    @task(3)
    def dashboard(self) -> None:
        self._get("/dashboard", "dashboard")

    @task(3)
    def journal(self) -> None:
        self._get("/journal/", "journal")

    @task(2)
    def modules(self) -> None:
        self._get("/modules/", "modules")

    @task(2)
    def write_entry(self) -> None:
        marker = f"soak-{uuid.uuid4().hex}"
        body = urlencode(
            {
                "title": marker,
                "category": "",
                "handelen": "Ik belde de broer van de deelnemer en vroeg hoe het met hem ging.",
                "csrf_token": self.session["csrf"],
            }
        )
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        with self.client.post(
            "/journal/nieuw?model=alact", data=body, headers=headers, name="journal-write",
            allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code == 302:
                ACCEPTED.append(marker)
                response.success()
            else:
                response.failure(f"status {response.status_code}")
        self.client.cookiejar.clear()
