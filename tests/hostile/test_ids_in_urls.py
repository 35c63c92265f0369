"""Every id in every URL, typed by an attacker: never a 5xx, as a learner or as an admin.

The test reads the app's URL map, so a route added later is covered without a new row here.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import csrf_token
from training.extensions import db
from training.inputs import MAX_ID
from training.journal.models import JournalEntry

ID_ARG = re.compile(r"<int:(\w+)>")
OTHER_ARG = re.compile(r"<(?:[\w]+:)?(\w+)>")
EXTREMES = [0, 1, MAX_ID, MAX_ID + 1, 2**63 - 1, 2**63, 2**64, 10**20, 10**60]
# Real values for the arguments that are not ids, so the id is what the route looks up.
REAL_ARGS = {
    "cases.play": {"slug": "dave-logeert-bij-moeder-kostendelersnorm"},
    "cases.debrief": {"slug": "dave-logeert-bij-moeder-kostendelersnorm"},
    "competence.assess": {"slug": "netwerk-vergroten"},
}

ids = st.one_of(
    st.sampled_from(EXTREMES),
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=0, max_value=10**25),
)

FAST = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def id_rules(app) -> list:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if ID_ARG.search(rule.rule)),
        key=lambda rule: rule.rule,
    )


def build_path(rule, values: list[int]) -> str:
    numbers = iter(values)
    path = ID_ARG.sub(lambda _m: str(next(numbers)), rule.rule)
    real = REAL_ARGS.get(rule.endpoint, {})
    return OTHER_ARG.sub(lambda m: real.get(m.group(1), "iets"), path)


def test_the_url_map_has_id_routes(app):
    """Guards the test below against a URL map that it no longer recognises."""
    assert len(id_rules(app)) >= 40


def test_int_converter_refuses_ids_a_database_cannot_hold(app, world):
    client = world.clients["learner"]
    entry = db.session.scalars(sa.select(JournalEntry.id)).first()
    assert client.get(f"/journal/{entry}").status_code == 200
    for path in ("/journal/2147483648", "/journal/9223372036854775808", "/journal/0"):
        assert client.get(path).status_code == 404


def probe_rule(client, rule, token: str, failures: list[str]) -> None:
    """Request one rule with hypothesis' ids (and the extremes); note every 5xx."""
    count = len(ID_ARG.findall(rule.rule))

    @FAST
    @given(st.lists(ids, min_size=count, max_size=count))
    @example([2**63] * count)
    @example([MAX_ID + 1] * count)
    @example([10**20] * count)
    def probe(values):
        path = build_path(rule, values)
        if "GET" in rule.methods:
            response = client.get(path)
        else:
            response = client.post(path, data={"csrf_token": token})
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {sorted(rule.methods)} {path}")

    probe()


@pytest.mark.parametrize("role", ["learner", "admin"])
def test_no_id_in_any_url_gives_a_server_error(app, world, role):
    client = world.clients[role]
    token = csrf_token(client, "/account/")
    failures: list[str] = []
    for rule in id_rules(app):
        probe_rule(client, rule, token, failures)
    assert failures == []


QUERY_ARGS = ["pagina", "les", "vraag", "casus", "persoon", "reageer", "categorie", "model",
              "methode", "sorteer", "richting", "next", "q"]  # fmt: skip
query_values = st.one_of(
    st.sampled_from(["9" * 20, str(MAX_ID + 1), "-1", "0", "²", "١٢", "NaN", "x" * 5000, ""]),
    st.text(max_size=20),
)


@pytest.mark.parametrize("role", ["beheerder", "admin"])
def test_no_query_string_gives_a_server_error(app, world, role):
    """Every page without ids, with hostile values for every query argument the views read."""
    client = world.clients[role]
    failures: list[str] = []
    pages = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and not rule.arguments
        and not rule.rule.startswith(("/static", "/bootstrap"))
    )
    for page in pages:
        probe_query(client, page, failures)
    assert failures == []


def probe_query(client, page: str, failures: list[str]) -> None:
    @settings(FAST, max_examples=2)
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(QUERY_ARGS, query_values)))
    @example(dict.fromkeys(QUERY_ARGS, "9" * 20))
    def probe(args):
        response = client.get(page, query_string=args)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {page} {args!r:.200}")

    probe()
