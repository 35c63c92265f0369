"""The benchmark's key pages: who asks for them and which request each one is.

Pure data and functions (no Flask, no database), shared by the load driver (`locustfile.py`),
the profiler (`profile.py`) and the runner, so that all three ask for the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    user: str | None  # "learner", "trainer", "players" (a pool per player), None: no login
    method: str = "GET"
    target: str = "app"  # "app" or "floor"


FLOOR = Page("floor", "vloer: base.html zonder database", None, target="floor")
PAGES = (
    FLOOR,
    Page("dashboard", "overzicht (dashboard)", "learner"),
    Page("module", "module", "learner"),
    Page("lesson", "les", "learner"),
    Page("case_step", "casusstap met keuze (POST)", "players", "POST"),
    Page("quiz_submit", "toets inleveren (POST)", "players", "POST"),
    Page("thread", "draad met {thread} berichten", "learner"),
    Page("competence", "competenties ({evidence} bewijsstukken)", "learner"),
    Page("heatmap", "cohort-heatmap ({cohort} deelnemers)", "trainer"),
    Page("journal", "journaal", "learner"),
    Page("notifications", "meldingen", "learner"),
)
BY_KEY = {page.key: page for page in PAGES}


def label(page: Page, fixtures: dict) -> str:
    """The page's name in the table, with the fixture's real size (S is smaller than L)."""
    return page.label.format(
        thread=fixtures["thread"]["posts"],
        evidence=f"{fixtures['learner']['evidence']:,}".replace(",", "."),
        cohort=fixtures["cohort"]["members"],
    )


def path(page: Page, fixtures: dict) -> str:
    """The URL of a GET page."""
    return {
        "floor": "/",
        "dashboard": "/dashboard",
        "module": f"/modules/{fixtures['module']}",
        "lesson": f"/modules/{fixtures['module']}/lessen/{fixtures['lesson']}",
        "thread": f"/intervisie/draad/{fixtures['thread']['id']}?pagina=1",
        "competence": "/competence/",
        "heatmap": f"/competence/groepen/{fixtures['cohort']['id']}",
        "journal": "/journal/",
        "notifications": "/intervisie/meldingen",
    }[page.key]


def email(page: Page, fixtures: dict) -> str | None:
    if page.user in ("learner", "trainer"):
        return fixtures[page.user]["email"]
    return None


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    email: str | None  # whose session
    body: str | None = None  # form-encoded, without the CSRF token


def post_call(page: Page, fixtures: dict, player: dict, item) -> Call:
    """One POST of a pool page: `item` is an open case attempt or quiz attempt of `player`."""
    if page.key == "case_step":
        attempt_id, slug, node = item
        body = {"knoop": node, "keuze": "0"}
        return Call("POST", f"/cases/{slug}/spelen/{attempt_id}", player["email"], urlencode(body))
    if page.key == "quiz_submit":
        body = {"actie": "inleveren", **fixtures["quiz_form"]}
        return Call(
            "POST", f"/quizzes/pogingen/{item}", player["email"], urlencode(body, doseq=True)
        )
    raise ValueError(page.key)


def pool_items(page: Page, player: dict) -> list:
    return player["cases"] if page.key == "case_step" else player["quizzes"]


def calls(page: Page, fixtures: dict, client: int, clients: int, window: tuple[int, int]):
    """The requests client number `client` of `clients` makes, in order.

    A GET page repeats its one request. A POST page uses every open attempt only once: the
    players' pools (sliced by `window`, so that warm-up and each run get their own attempts)
    are dealt out round robin, and the iterator ends when this client's share is used up.
    """
    if page.method == "GET":
        call = Call("GET", path(page, fixtures), email(page, fixtures))
        return _forever(call)
    start, end = window
    dealt = []
    players = fixtures["players"]
    for index in range(start, end):
        for player in players:
            items = pool_items(page, player)
            if index < len(items):
                dealt.append(post_call(page, fixtures, player, items[index]))
    return iter(dealt[client::clients])


def _forever(call: Call) -> Iterator[Call]:
    while True:
        yield call


def emails_needed(fixtures: dict) -> list[str]:
    """Every account the benchmark logs in as."""
    return [
        fixtures["learner"]["email"],
        fixtures["trainer"]["email"],
        *(player["email"] for player in fixtures["players"]),
    ]
