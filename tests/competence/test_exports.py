"""Exports: the cohort's estimates and a learner's evidence as CSV, evidence as xAPI statements."""

import csv
import io
import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest

from tests.competence.helpers import enrol
from tests.conftest import count_queries
from training.competence import service
from training.competence.exports import (
    COHORT_COLUMNS,
    EVIDENCE_COLUMNS,
    cohort_estimates_csv,
    evidence_csv,
    xapi_statement,
    xapi_statements,
)
from training.competence.models import Cohort, Evidence
from training.curriculum import service as curriculum
from training.extensions import db

BASE = "https://netwerkwijs.example.nl"
SLUGS = [
    "basisvoorwaarden",
    "bewustwording",
    "netwerk-vergroten",
    "relatieherstel",
    "gezamenlijke-besluitvorming",
    "sociale-verantwoordelijkheid",
    "sociale-vaardigheden",
    "randvoorwaarden",
]
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # RFC 5646, simplified
INVERSE_FUNCTIONAL = ("mbox", "mbox_sha1sum", "openid", "account")
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
                  "authority", "version", "attachments"}  # fmt: skip


@pytest.fixture
def categories(synced_content):
    return {slug: curriculum.get_category(slug) for slug in SLUGS}


def _at(days_ago: int, hour: int = 9) -> datetime:
    day = datetime.now(UTC) - timedelta(days=days_ago)
    return day.replace(hour=hour, minute=30, second=0, microsecond=0)


def _cohort(trainer, learners) -> Cohort:
    return enrol(trainer, *learners, name="Voorjaar")


def _rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _every_kind(user, categories) -> None:
    service.record_evidence(user, categories["bewustwording"], "quiz", 0.8, "Toets netwerk", _at(5))
    service.record_evidence(user, categories["relatieherstel"], "case", 1.0, "Casus Mo", _at(4))
    service.record_evidence(user, categories["bewustwording"], "trainer", 0.775, "", _at(3))
    service.record_evidence(user, categories["randvoorwaarden"], "self", 0.5, "", _at(2))
    service.record_evidence(user, categories["bewustwording"], "peer", 0.0, "Post 7", _at(1))
    db.session.commit()


# --- cohort estimates CSV -------------------------------------------------------------------


def test_cohort_csv_starts_with_the_agreed_header(make_user, categories):
    cohort = _cohort(make_user(role="trainer"), [make_user()])
    header, _ = _rows(cohort_estimates_csv(cohort))
    assert header == list(COHORT_COLUMNS) == [
        "learner_name", "learner_email", "category_slug", "category_name", "level", "level_name",
        "mastery", "evidence_count", "updated_on",
    ]  # fmt: skip


def test_cohort_csv_has_every_category_for_every_learner(make_user, categories):
    learners = [make_user(name="Anna de Vries"), make_user(name="Bram Jansen")]
    cohort = _cohort(make_user(role="trainer"), learners)
    _, rows = _rows(cohort_estimates_csv(cohort))
    assert len(rows) == 8 * 2
    for learner in learners:
        mine = [r for r in rows if r["learner_email"] == learner.email]
        assert [r["category_slug"] for r in mine] == SLUGS
        assert all(r["learner_name"] == learner.name for r in mine)


def test_cohort_csv_category_without_evidence_has_level_0_and_empty_cells(make_user, categories):
    cohort = _cohort(make_user(role="trainer"), [make_user()])
    _, rows = _rows(cohort_estimates_csv(cohort))
    assert rows[0] == {
        "learner_name": "Professional 2", "learner_email": "professional2@example.nl",
        "category_slug": "basisvoorwaarden", "category_name": "Creëer basisvoorwaarden",
        "level": "0", "level_name": "Nog geen bewijs", "mastery": "", "evidence_count": "0",
        "updated_on": "",
    }  # fmt: skip


def test_cohort_csv_shows_the_current_estimate(make_user, categories):
    learner = make_user()
    cohort = _cohort(make_user(role="trainer"), [learner])
    category = categories["bewustwording"]
    service.record_evidence(learner, category, "quiz", 0.4, "toets 1", when=_at(20))
    service.record_evidence(learner, category, "quiz", 0.8, "toets 2", when=_at(10))
    db.session.commit()
    today = datetime.now(UTC).date().isoformat()
    _, rows = _rows(cohort_estimates_csv(cohort))
    row = next(r for r in rows if r["category_slug"] == "bewustwording")
    assert row["mastery"] == "0.66"  # decaying average 0.4 * 0.35 + 0.8 * 0.65
    assert (row["level"], row["level_name"]) == ("2", "Startbekwaam")
    assert row["evidence_count"] == "2"
    assert row["updated_on"] == today


def test_cohort_csv_writes_mastery_with_two_decimals(make_user, categories):
    learner = make_user()
    cohort = _cohort(make_user(role="trainer"), [learner])
    service.record_evidence(learner, categories["relatieherstel"], "case", 1.0, "casus")
    db.session.commit()
    _, rows = _rows(cohort_estimates_csv(cohort))
    row = next(r for r in rows if r["category_slug"] == "relatieherstel")
    assert (row["mastery"], row["level"], row["level_name"]) == ("1.00", "4", "Vakvolwassen")


def test_cohort_csv_leaves_out_learners_outside_the_cohort(make_user, categories):
    member, outsider = make_user(), make_user()
    service.record_evidence(outsider, categories["bewustwording"], "quiz", 0.9, "toets")
    cohort = _cohort(make_user(role="trainer"), [member])
    _, rows = _rows(cohort_estimates_csv(cohort))
    assert {r["learner_email"] for r in rows} == {member.email}


def test_cohort_csv_lists_learners_by_name(make_user, categories):
    learners = [make_user(name="zoë Bakker"), make_user(name="Anna"), make_user(name="bram")]
    cohort = _cohort(make_user(role="trainer"), learners)
    _, rows = _rows(cohort_estimates_csv(cohort))
    assert [r["learner_name"] for r in rows[::8]] == ["Anna", "bram", "zoë Bakker"]


def test_cohort_csv_of_an_empty_cohort_is_only_the_header(make_user, categories):
    cohort = _cohort(make_user(role="trainer"), [])
    assert cohort_estimates_csv(cohort).splitlines() == [",".join(COHORT_COLUMNS)]


def test_cohort_csv_keeps_names_from_running_as_spreadsheet_formulas(make_user, categories):
    cohort = _cohort(make_user(role="trainer"), [make_user(name='=HYPERLINK("http://x","y")')])
    _, rows = _rows(cohort_estimates_csv(cohort))
    assert rows[0]["learner_name"] == '\'=HYPERLINK("http://x","y")'


def test_cohort_csv_runs_the_same_queries_for_2_and_20_learners(make_user, categories):
    trainer = make_user(role="trainer")
    counts = []
    for size in (2, 20):
        learners = [make_user() for _ in range(size)]
        for learner in learners:
            service.record_evidence(learner, categories["bewustwording"], "quiz", 0.6, "toets")
        cohort = _cohort(trainer, learners)  # commits: every object is expired, as after a request
        with count_queries() as statements:
            text = cohort_estimates_csv(cohort)
        assert len(text.splitlines()) == 1 + 8 * size
        counts.append(len(statements))
    assert counts[0] == counts[1]


# --- evidence CSV ---------------------------------------------------------------------------


def test_evidence_csv_starts_with_the_agreed_header(make_user, categories):
    header, rows = _rows(evidence_csv(make_user()))
    assert header == list(EVIDENCE_COLUMNS) == [
        "recorded_at", "category_slug", "category_name", "kind", "score", "source"
    ]  # fmt: skip
    assert rows == []


def test_evidence_csv_lists_evidence_oldest_first(make_user, categories):
    user = make_user()
    service.record_evidence(user, categories["bewustwording"], "quiz", 0.5, "tweede", _at(3))
    service.record_evidence(user, categories["relatieherstel"], "case", 0.9, "derde", _at(1))
    service.record_evidence(user, categories["bewustwording"], "self", 0.25, "eerste", _at(7))
    db.session.commit()
    _, rows = _rows(evidence_csv(user))
    assert [r["source"] for r in rows] == ["eerste", "tweede", "derde"]
    assert rows[0] == {
        "recorded_at": _at(7).isoformat(timespec="seconds"), "category_slug": "bewustwording",
        "category_name": "Bevorder bewustwording van het netwerk", "kind": "self",
        "score": "0.25", "source": "eerste",
    }  # fmt: skip


def test_evidence_csv_times_are_iso_8601_in_utc(make_user, categories):
    user = make_user()
    _every_kind(user, categories)
    _, rows = _rows(evidence_csv(user))
    assert len(rows) == 5
    for row in rows:
        moment = datetime.fromisoformat(row["recorded_at"])
        assert moment.utcoffset() == timedelta(0)


def test_evidence_csv_holds_only_the_learners_own_evidence(make_user, categories):
    user, other = make_user(), make_user()
    service.record_evidence(user, categories["bewustwording"], "quiz", 0.5, "van mij")
    service.record_evidence(other, categories["bewustwording"], "quiz", 0.5, "van een ander")
    db.session.commit()
    _, rows = _rows(evidence_csv(user))
    assert [r["source"] for r in rows] == ["van mij"]


# --- xAPI statements ------------------------------------------------------------------------


def _is_absolute_iri(value) -> bool:
    parts = urlparse(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme and parts.netloc)


def _assert_language_map(value) -> None:
    assert isinstance(value, dict) and value
    for tag, text in value.items():
        assert LANGUAGE_TAG.match(tag), tag
        assert isinstance(text, str) and text


def _assert_activity(activity) -> None:
    assert activity.get("objectType", "Activity") == "Activity"
    assert _is_absolute_iri(activity["id"])
    definition = activity.get("definition", {})
    if "name" in definition:
        _assert_language_map(definition["name"])
    if "type" in definition:
        assert _is_absolute_iri(definition["type"])


def assert_valid_statement(statement: dict) -> None:
    """The structure xAPI 1.0.3 (part two, section 2) requires of a statement."""
    assert set(statement) <= STATEMENT_KEYS
    assert str(uuid.UUID(statement["id"])) == statement["id"]
    assert statement["version"].startswith("1.0")

    actor = statement["actor"]
    assert actor["objectType"] == "Agent"
    assert [key for key in INVERSE_FUNCTIONAL if key in actor] == ["account"]
    assert _is_absolute_iri(actor["account"]["homePage"])
    assert isinstance(actor["account"]["name"], str) and actor["account"]["name"]

    verb = statement["verb"]
    assert _is_absolute_iri(verb["id"])
    _assert_language_map(verb["display"])

    _assert_activity(statement["object"])

    scaled = statement["result"]["score"]["scaled"]
    assert isinstance(scaled, int | float) and -1 <= scaled <= 1

    context = statement["context"]
    for activities in context["contextActivities"].values():
        for activity in activities:
            _assert_activity(activity)
    assert isinstance(context["platform"], str)
    assert LANGUAGE_TAG.match(context["language"])

    moment = datetime.fromisoformat(statement["timestamp"])
    assert moment.tzinfo is not None


def test_every_statement_has_the_structure_xapi_requires(make_user, categories):
    users = [make_user(), make_user()]
    for user in users:
        _every_kind(user, categories)
    statements = xapi_statements(users, BASE)
    assert len(statements) == 10
    for statement in statements:
        assert_valid_statement(statement)
    assert json.loads(json.dumps(statements)) == statements


def test_one_statement_per_evidence_row_oldest_first(make_user, categories):
    user = make_user()
    _every_kind(user, categories)
    statements = xapi_statements([user], BASE)
    evidence = service.evidence_of(user)
    assert [s["object"]["id"] for s in statements] == [
        f"{BASE}/xapi/activiteiten/{e.kind}/{e.id}" for e in evidence
    ]


@pytest.mark.parametrize(
    ("kind", "verb", "activity_type"),
    [
        ("quiz", "answered", "assessment"),
        ("case", "completed", "simulation"),
        ("trainer", "passed", "assessment"),
        ("self", "experienced", "meeting"),
        ("peer", "commented", "meeting"),
    ],
)
def test_each_kind_of_evidence_has_its_adl_verb_and_activity_type(
    make_user, categories, kind, verb, activity_type
):
    user = make_user()
    service.record_evidence(user, categories["bewustwording"], kind, 0.6, "bron")
    db.session.commit()
    (statement,) = xapi_statements([user], BASE)
    assert statement["verb"]["id"] == f"http://adlnet.gov/expapi/verbs/{verb}"
    assert statement["verb"]["display"]["en-US"] == verb
    assert set(statement["verb"]["display"]) == {"nl-NL", "en-US"}
    assert statement["object"]["definition"]["type"] == (
        f"http://adlnet.gov/expapi/activities/{activity_type}"
    )


def test_the_actor_is_identified_by_account_never_by_email(make_user, categories):
    user = make_user(name="Anna de Vries")
    _every_kind(user, categories)
    statements = xapi_statements([user], BASE)
    assert user.email not in json.dumps(statements)
    assert len(statements) == 5
    for statement in statements:
        assert statement["actor"] == {
            "objectType": "Agent",
            "name": "Anna de Vries",
            "account": {"homePage": BASE, "name": str(user.id)},
        }


def test_statement_carries_score_category_and_time_of_the_evidence(make_user, categories):
    user = make_user()
    category = categories["relatieherstel"]
    service.record_evidence(user, category, "case", 0.875, "Casus Mo", when=_at(2, hour=14))
    db.session.commit()
    (statement,) = xapi_statements([user], BASE)
    assert statement["result"] == {"score": {"scaled": 0.875}}
    assert statement["object"]["definition"]["name"] == {"nl-NL": "Casus Mo"}
    assert statement["context"]["contextActivities"]["grouping"] == [
        {
            "objectType": "Activity",
            "id": f"{BASE}/categorieen/relatieherstel",
            "definition": {"name": {"nl-NL": category.name_nl, "en-US": category.name_en}},
        }
    ]
    assert statement["context"]["platform"] == "Netwerkwijs"
    assert statement["context"]["language"] == "nl-NL"
    assert statement["version"] == "1.0.3"
    assert datetime.fromisoformat(statement["timestamp"]) == _at(2, hour=14)


def test_evidence_without_source_gets_a_dutch_activity_name(make_user, categories):
    user = make_user()
    service.record_evidence(user, categories["bewustwording"], "self", 0.5, "")
    db.session.commit()
    (statement,) = xapi_statements([user], BASE)
    assert statement["object"]["definition"]["name"] == {"nl-NL": "Zelfbeoordeling"}


def test_statement_ids_are_stable_and_differ_per_site(make_user, categories):
    user = make_user()
    _every_kind(user, categories)
    first = [s["id"] for s in xapi_statements([user], BASE)]
    assert len(first) == 5
    assert [s["id"] for s in xapi_statements([user], BASE)] == first
    assert [s["id"] for s in xapi_statements([user], BASE + "/")] == first
    assert len(set(first)) == len(first)
    assert all(uuid.UUID(i).version == 5 for i in first)
    other_site = [s["id"] for s in xapi_statements([user], "https://elders.example.org")]
    assert not set(first) & set(other_site)


def test_a_naive_recorded_at_is_read_as_utc(make_user, categories):
    user = make_user()
    evidence = Evidence(
        id=1, user_id=user.id, kind="quiz", score=0.5, source="toets",
        category=categories["bewustwording"], recorded_at=datetime(2026, 3, 2, 8, 15),
    )  # fmt: skip
    statement = xapi_statement(evidence, user, BASE)
    assert datetime.fromisoformat(statement["timestamp"]) == datetime(2026, 3, 2, 8, 15, tzinfo=UTC)


def test_only_the_given_users_are_exported(make_user, categories):
    user, other = make_user(), make_user()
    _every_kind(user, categories)
    _every_kind(other, categories)
    statements = xapi_statements([other], BASE)
    assert {s["actor"]["account"]["name"] for s in statements} == {str(other.id)}
    assert xapi_statements([], BASE) == []


def test_xapi_runs_the_same_queries_for_2_and_20_learners(make_user, categories):
    counts = []
    for size in (2, 20):
        learners = [make_user() for _ in range(size)]
        for learner in learners:
            service.record_evidence(learner, categories["bewustwording"], "quiz", 0.6, "toets")
            service.record_evidence(learner, categories["relatieherstel"], "case", 0.9, "casus")
        db.session.commit()  # every object is expired, as after a request
        with count_queries() as statements:
            result = xapi_statements(learners, BASE)
        assert len(result) == 2 * size
        assert {s["actor"]["name"] for s in result} == {learner.name for learner in learners}
        counts.append(len(statements))
    assert counts[0] == counts[1]


# --- CLI ------------------------------------------------------------------------------------


def _export(app, *args):
    return app.test_cli_runner().invoke(args=["competence", "export-xapi", *args])


def test_cli_exports_one_learner_by_email(app, make_user, categories):
    user, other = make_user(), make_user()
    _every_kind(user, categories)
    _every_kind(other, categories)
    result = _export(app, "--user", user.email.upper(), "--base-url", BASE)
    assert result.exit_code == 0, result.output
    statements = json.loads(result.stdout)
    assert len(statements) == 5
    for statement in statements:
        assert_valid_statement(statement)
        assert statement["actor"]["account"] == {"homePage": BASE, "name": str(user.id)}


def test_cli_without_user_exports_everyone_with_the_public_base_url(app, make_user, categories):
    users = [make_user(), make_user(role="trainer"), make_user()]
    _every_kind(users[0], categories)
    _every_kind(users[2], categories)
    result = _export(app)
    assert result.exit_code == 0, result.output
    statements = json.loads(result.stdout)
    assert len(statements) == 10
    assert {s["actor"]["account"]["name"] for s in statements} == {
        str(users[0].id), str(users[2].id)
    }  # fmt: skip
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert {s["actor"]["account"]["homePage"] for s in statements} == {base}
    for statement in statements:
        assert_valid_statement(statement)


def test_cli_without_evidence_prints_an_empty_array(app, make_user):
    make_user()
    result = _export(app)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_cli_refuses_an_unknown_email_in_dutch(app, make_user):
    make_user()
    result = _export(app, "--user", "niemand@example.nl")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Er is geen account met het e-mailadres 'niemand@example.nl'." in result.stderr


def test_a_trainer_judgement_below_startbekwaam_is_not_reported_as_passed(
    make_user, synced_content
):
    from training.competence import service as competence
    from training.competence.exports import xapi_statements
    from training.curriculum import service as curriculum

    learner = make_user()
    category = curriculum.get_category("relatieherstel")
    competence.record_evidence(learner, category, "trainer", 0.25, "beoordeling")
    competence.record_evidence(learner, category, "trainer", 0.6, "beoordeling")
    low, high = xapi_statements([learner], "https://netwerkwijs.example")
    assert low["verb"]["id"].endswith("/experienced") and low["result"]["success"] is False
    assert high["verb"]["id"].endswith("/passed") and high["result"]["success"] is True
