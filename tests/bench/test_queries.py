"""Queries per request of every key page, pinned: the same on a small and a wider seed.

The benchmark shows the same figures at size L (the `queries` column of bench/results.md);
here they are pinned in `make test`, so an N+1 creeping into a page fails a test.
"""

from __future__ import annotations

import pytest

from tests.bench.test_seed import PASSWORD, TODAY
from tests.conftest import count_queries, log_in
from training.bench import pages
from training.bench import seed as seeding
from training.extensions import db

# Statements per request, after one warm-up request of the same page.
PINNED = {
    "dashboard": 9,
    "module": 5,
    "lesson": 5,
    "case_step": 8,  # 1 of them: is the organisation's LRS on? (training/xapi/outbox.py)
    "quiz_submit": 16,  # idem
    "thread": 13,  # 1 of them: the network maps shared into the thread
    "competence": 7,
    "heatmap": 7,
    "journal": 4,
    "notifications": 6,
}


def _token(client) -> str:
    html = client.get("/dashboard").get_data(as_text=True)
    return html.split('name="csrf_token" value="')[1].split('"')[0]


@pytest.mark.parametrize("size", ["XS", "XS-wide"])
def test_every_key_page_runs_its_pinned_number_of_queries(app, synced_content, size):
    seeding.seed(size, password=PASSWORD, today=TODAY)
    db.session.commit()
    fixtures = seeding.fixtures()
    counted = {}
    for page in pages.PAGES:
        if page.target != "app":
            continue
        client = app.test_client()
        if page.method == "GET":
            assert log_in(client, pages.email(page, fixtures), PASSWORD).status_code == 302
            url = pages.path(page, fixtures)
            assert client.get(url).status_code == 200, page.key
            with count_queries() as statements:
                assert client.get(url).status_code == 200, page.key
        else:
            player = fixtures["players"][0]
            assert log_in(client, player["email"], PASSWORD).status_code == 302
            token = _token(client)
            own = [
                c for c in pages.calls(page, fixtures, 0, 1, (0, 2)) if c.email == player["email"]
            ]
            for call in own:  # the second is counted
                with count_queries() as statements:
                    response = client.post(
                        call.path, data=call.body + f"&csrf_token={token}",
                        content_type="application/x-www-form-urlencoded",
                    )  # fmt: skip
                assert response.status_code == 302, page.key
        counted[page.key] = len(statements)
    assert counted == PINNED
