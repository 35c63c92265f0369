"""`flask xapi status` shows the backlog; `flask xapi deliver` sends what is due."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.xapi.conftest import connect, queue
from tests.xapi.ralph import closed_port_url
from training.extensions import db
from training.xapi.models import LrsConnection


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["xapi", *args])


@pytest.fixture
def learner(make_user, noord):
    return make_user(email="sanne@noord.nl", org=noord)


def test_status_without_any_lrs(app):
    result = _run(app, "status")
    assert result.exit_code == 0
    assert "Geen organisatie heeft een LRS ingesteld" in result.output


def test_status_shows_waiting_due_failed_delivered_and_the_last_error(app, noord, learner):
    connect(noord, closed_port_url())
    queue(learner, 3)
    assert _run(app, "deliver").exit_code == 1  # down: the three wait
    queue(learner, 2)
    result = _run(app, "status")
    assert result.exit_code == 0, result.output
    line = next(row for row in result.output.splitlines() if row.startswith("opvang-noord"))
    assert line.split()[:6] == ["opvang-noord", "aan", "5", "2", "0", "0"]
    assert "niet bereikbaar" in line
    (row,) = json.loads(_run(app, "status", "--json").output)
    assert row | {"oldest_waiting": None, "last_error_at": None} == {
        "organisation": "opvang-noord",
        "lrs": "aan",
        "waiting": 5,
        "due": 2,
        "failed": 0,
        "delivered": 0,
        "oldest_waiting": None,
        "last_delivery": None,
        "last_error": "niet bereikbaar",
        "last_error_at": None,
    }
    assert row["oldest_waiting"].endswith("UTC")


def test_deliver_sends_everything_due_to_ralph(app, lrs, noord, learner):
    connect(noord, lrs.url)
    ids = queue(learner, 3)
    result = _run(app, "deliver", "--organisation", "opvang-noord", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert "Afgeleverd: 3" in result.output and "verzoeken: 2" in result.output
    assert sorted(lrs.ids("noord")) == sorted(ids)
    assert _run(app, "deliver").output.startswith("Afgeleverd: 0")


def test_deliver_names_an_lrs_that_does_not_answer(app, noord, learner):
    connect(noord, closed_port_url())
    queue(learner, 1)
    result = _run(app, "deliver")
    assert result.exit_code == 1
    assert "Fout: opvang-noord: niet bereikbaar" in result.output


def test_deliver_refuses_an_unknown_organisation(app):
    result = _run(app, "deliver", "--organisation", "bestaat-niet")
    assert result.exit_code != 0
    assert "Er is geen organisatie met de code 'bestaat-niet'" in result.output


def test_connect_sets_an_organisations_lrs_and_the_password_is_never_stored_plainly(
    app, lrs, noord, learner
):
    result = _run(
        app, "connect", "opvang-noord", "--endpoint", lrs.url, "--username", "noord",
        "--password", "lrs-wachtwoord-noord-7",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    connection = db.session.scalar(sa.select(LrsConnection))
    assert connection.enabled and connection.endpoint == lrs.url
    assert b"lrs-wachtwoord-noord-7" not in connection.password_encrypted.encode()
    ids = queue(learner, 2)
    assert _run(app, "deliver").exit_code == 0
    assert sorted(lrs.ids("noord")) == sorted(ids)


def test_connect_refuses_a_plain_http_lrs_elsewhere_and_changes_nothing(app, noord):
    result = _run(
        app, "connect", "opvang-noord", "--endpoint", "http://lrs.example.org/xAPI",
        "--username", "noord", "--password", "geheim",
    )  # fmt: skip
    assert result.exit_code != 0 and "https-adres" in result.output
    assert db.session.scalar(sa.select(sa.func.count(LrsConnection.id))) == 0
    assert _run(app, "connect", "bestaat-niet", "--endpoint", "https://lrs.nl",
                "--username", "x", "--password", "y").exit_code != 0  # fmt: skip
