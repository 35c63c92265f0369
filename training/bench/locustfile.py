"""The load driver: `locust -f training/bench/locustfile.py --headless ...`, started by the runner.

The plan (a JSON file named by BENCH_PLAN) says which page, with which sessions and which
slice of the pools. Each simulated client sends its requests back to back (no think time) with
the session cookie the runner got by logging in; redirects are not followed, so a POST is
measured alone. Every response's time, status and `X-Query-Count` is written to the plan's
`out` file when locust stops; the runner computes the figures from those samples.
"""

from __future__ import annotations

import itertools
import json
import os
from urllib.parse import urlencode

from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser

from training.bench import pages

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
PAGE = pages.BY_KEY[PLAN["page"]]
SAMPLES: list[list] = []
EXHAUSTED: list[int] = []
_numbers = itertools.count()


@events.request.add_listener
def _record(response_time, response, exception, start_time, **_kwargs) -> None:
    status = getattr(response, "status_code", 0) or 0
    queries = None
    headers = getattr(response, "headers", None)
    if headers is not None:
        value = headers.get("X-Query-Count")
        queries = int(value) if value else None
    failed = exception is not None or status >= 400 or status == 0
    SAMPLES.append([start_time, response_time, status, queries, failed])


@events.quitting.add_listener
def _write(**_kwargs) -> None:
    with open(PLAN["out"], "w", encoding="utf-8") as fh:
        json.dump({"samples": SAMPLES, "exhausted": len(EXHAUSTED)}, fh)


class BenchClient(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.number = next(_numbers)
        self.calls = pages.calls(
            PAGE, PLAN["fixtures"], self.number, PLAN["clients"], tuple(PLAN["window"])
        )

    @task
    def request(self) -> None:
        call = next(self.calls, None)
        if call is None:
            EXHAUSTED.append(self.number)
            raise StopUser()
        headers = {}
        session = PLAN["sessions"].get(call.email) if call.email else None
        if session:
            headers["Cookie"] = session["cookie"]
        if call.method == "GET":
            self.client.get(call.path, headers=headers, name=PAGE.key, allow_redirects=False)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = call.body + "&" + urlencode({"csrf_token": session["csrf"]})
            self.client.post(
                call.path, data=body, headers=headers, name=PAGE.key, allow_redirects=False
            )
        # the session stays the one we logged in with: a flash message must not pile up
        self.client.cookiejar.clear()
