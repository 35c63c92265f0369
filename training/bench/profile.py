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


def profile(plan: dict, out: Path) -> None:
    app = create_app({"PRIVACY_GUARD_PRELOAD": False})
    page = pages.BY_KEY[plan["page"]]
    calls = list(islice(pages.calls(page, plan["fixtures"], 0, 1, tuple(plan["window"])), REQUESTS))
    client = app.test_client()
    base = {"base_url": "http://127.0.0.1"}
    first = calls[0]
    session = plan["sessions"].get(first.email) if first.email else None
    headers = {"Cookie": session["cookie"]} if session else {}
    client.open(first.path, method="GET", headers=headers, **base)  # warm: templates, caches
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for call in calls:
        session = plan["sessions"].get(call.email) if call.email else None
        headers = {"Cookie": session["cookie"]} if session else {}
        if call.method == "GET":
            client.get(call.path, headers=headers, **base)
        else:
            body = call.body + "&" + urlencode({"csrf_token": session["csrf"]})
            client.post(
                call.path, data=body, headers=headers,
                content_type="application/x-www-form-urlencoded", **base,
            )  # fmt: skip
    profiler.stop()
    out.write_text(profiler.output_html(), encoding="utf-8")


if __name__ == "__main__":
    profile(json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2]))
