"""Random, hostile text posted to every form of the app: never a 5xx, nothing stored when refused.

The forms are found as a browser finds them: every page of the URL map is opened by a learner,
a trainer, a beheerder and the platform admin (with the ids of real objects of the demo seed),
and each `<form method="post">` on it is read. A form added later is covered without a row here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from training.extensions import db
from training.inputs import MAX_ID

ARG = re.compile(r"<(?:\w+:)?(\w+)>")
# Posting these ends the session that the other forms need; they have tests of their own.
SKIPPED = {"/logout"}
HOSTILE = [
    "", " ", "\x00", "a\x00b", "\x1b[31m", "9" * 20, "-1", "0", str(MAX_ID + 1), str(2**63),
    "NaN", "sNaN", "inf", "-Infinity", "1e999", "²", "١٢٣", "<script>alert(1)</script>",
    "x" * 20_000, "\u202e\u200b", "😀" * 50, "../../etc/passwd", "'; DROP TABLE users; --",
]  # fmt: skip
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)
FAST = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class FormReader(HTMLParser):
    """The POST forms of a page: action and the names of their fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {}
            self.forms.append((attrs.get("action") or "", self._current))
        elif self._current is not None and tag in ("input", "textarea", "select"):
            name = attrs.get("name")
            if name and attrs.get("type") not in ("submit", "button"):
                self._current.setdefault(name, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def real_args(world) -> dict[str, str]:
    """An existing object for each URL argument, so pages open and their forms show."""
    from training.competence.models import Cohort
    from training.intervision.models import IntervisionGroup, Post, Thread
    from training.journal.models import JournalEntry

    first = lambda model: db.session.scalars(sa.select(model.id)).first()  # noqa: E731
    return {
        "entry_id": first(JournalEntry),
        "group_id": first(IntervisionGroup),
        "thread_id": first(Thread),
        "post_id": first(Post),
        "cohort_id": first(Cohort),
        "user_id": world.users["learner"].id,
        "slug": "bewustwording",
        "module_slug": "bewustwording",
        "case_slug": "dave-logeert-bij-moeder-kostendelersnorm",
        "lesson_slug": "eerste-les",
    }


def find_forms(app, world, clients) -> dict[str, tuple[str, dict[str, str]]]:
    """action path -> (role that sees it, field names with their rendered values)."""
    args = real_args(world)
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/static", "/bootstrap")):
            continue
        names = ARG.findall(rule.rule)
        if all(args.get(name) is not None for name in names):
            pages.append(ARG.sub(lambda m: str(args[m.group(1)]), rule.rule))
    pages += ["/cases/editor/dave-logeert-bij-moeder-kostendelersnorm"]
    forms: dict[str, tuple[str, dict[str, str]]] = {}
    for role, client in clients.items():
        for page in pages:
            if role == "anonymous" and not page.startswith(("/login", "/register", "/account/")):
                continue
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            reader = FormReader()
            reader.feed(response.get_data(as_text=True))
            for action, fields in reader.forms:
                action = (action or page).split("?")[0].split("#")[0]
                if action.startswith("/") and action not in SKIPPED and "csrf_token" in fields:
                    forms.setdefault(action, (role, fields))
    return forms


def row_counts() -> tuple[int, ...]:
    """Rows in every table, in one query."""
    counts = [
        sa.select(sa.func.count()).select_from(table).scalar_subquery()
        for table in db.metadata.sorted_tables
    ]
    return tuple(db.session.execute(sa.select(*counts)).one())


def probe_form(client, action: str, fields: dict[str, str], failures: list[str]) -> None:
    token = fields["csrf_token"]
    names = sorted(name for name in fields if name != "csrf_token")

    @FAST
    @given(st.fixed_dictionaries({name: values for name in names}))
    @example(dict.fromkeys(names, "a\x00b"))
    @example(dict.fromkeys(names, "9" * 25))
    def probe(data):
        before = row_counts()
        response = client.post(action, data={**data, "csrf_token": token})
        db.session.rollback()
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {action} {data!r:.300}")
        elif response.status_code >= 400 and row_counts() != before:
            failures.append(f"refused ({response.status_code}) but stored: {action}")
        if any("\x00" in value for value in data.values()) and response.status_code != 400:
            failures.append(f"a NUL byte gave {response.status_code}: {action}")

    probe()


@pytest.mark.usefixtures("guard_ready")
def test_no_form_input_gives_a_server_error_or_stores_refused_input(app, world):
    clients = {"anonymous": app.test_client(), **world.clients}
    forms = find_forms(app, world, clients)
    for action in ("/login", "/register", "/account/", "/journal/nieuw", "/quizzes/importeren",
                   "/competence/instellingen", "/intervisie/nieuw"):  # fmt: skip
        assert action in forms, sorted(forms)
    assert len(forms) >= 30, sorted(forms)
    failures: list[str] = []
    for action, (role, fields) in sorted(forms.items()):
        probe_form(clients[role], action, fields, failures)
    assert failures == []
