"""`python -m training.bench.profile PLAN OUT.html`: a pyinstrument profile of one key page.

The runner calls it for the slowest page, on the seeded database (DATABASE_URL), with a
session it logged in (the cookie is signed with the same SECRET_KEY). The page is requested
20 times in this process through Flask's test client, under pyinstrument.
"""

from __future__ import annotations

import json
import sys
from itertools import islice
from pathlib import Path
from urllib.parse import urlencode

from pyinstrument import Profiler

from training import create_app
from training.bench import pages

REQUESTS = 20


def _client(app, session: dict | None):
    """A test client carrying the runner's session cookie(s)."""
    client = app.test_client()
    for pair in (session or {}).get("cookie", "").split("; "):
        name, _, value = pair.partition("=")
        if name:
            client.set_cookie(name, value)
    return client


def _send(client, call: pages.Call, session: dict | None):
    if call.method == "GET":
        return client.get(call.path)
    body = call.body + "&" + urlencode({"csrf_token": session["csrf"]})
    return client.post(call.path, data=body, content_type="application/x-www-form-urlencoded")


def profile(plan: dict, out: Path, app=None) -> None:
    app = app or create_app()
    page = pages.BY_KEY[plan["page"]]
    calls = list(islice(pages.calls(page, plan["fixtures"], 0, 1, tuple(plan["window"])), REQUESTS))
    sessions = plan["sessions"]
    clients = {email: _client(app, sessions.get(email)) for email in {c.email for c in calls}}
    first = calls[0]
    clients[first.email].get(first.path)  # warm: templates, caches
    profiler = Profiler(interval=0.0005)
    profiler.start()
    answers = [_send(clients[c.email], c, sessions.get(c.email)) for c in calls]
    profiler.stop()
    wrong = [
        a.status_code for a in answers if a.status_code >= 400 or "/login" in (a.location or "")
    ]
    if wrong:
        raise SystemExit(f"profiel van {page.key}: onverwachte antwoorden {wrong}")
    out.write_text(profiler.output_html(), encoding="utf-8")
    # the same call tree as text, to read in a terminal or a review
    out.with_suffix(".txt").write_text(
        profiler.output_text(unicode=True, color=False), encoding="utf-8"
    )


if __name__ == "__main__":
    profile(json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2]))
