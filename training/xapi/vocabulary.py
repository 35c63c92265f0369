"""The words every xAPI statement of Netwerkwijs is made of, downloaded or delivered.

The competence export (`training/competence/exports.py`) and the statements the features put in
the outbox build their actor, verbs, activity types and context from here, so that a statement
in a downloaded file and one delivered to an LRS agree wherever they describe the same thing.
The learner is always an account on the site (`homePage` = the site, `name` = the user id),
never an e-mail address.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask import current_app

from training.clock import as_utc

XAPI_VERSION = "1.0.3"
XAPI_PLATFORM = "Netwerkwijs"
LANGUAGE = "nl-NL"
ADL_VERB = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITY = "http://adlnet.gov/expapi/activities/"

# ADL verb -> (Dutch display, English display)
VERBS: dict[str, tuple[str, str]] = {
    "answered": ("beantwoordde", "answered"),
    "completed": ("voltooide", "completed"),
    "passed": ("slaagde voor", "passed"),
    "failed": ("zakte voor", "failed"),
    "experienced": ("ervoer", "experienced"),
    "commented": ("reageerde op", "commented"),
    "responded": ("reageerde", "responded"),
    "voided": ("trok in", "voided"),
}

# Evidence kind -> (ADL verb, ADL activity type, Dutch activity name): what an evidence row is
# in xAPI, in the export and in the outbox alike.
EVIDENCE_KINDS: dict[str, tuple[str, str, str]] = {
    "quiz": ("answered", "assessment", "Toets"),
    "case": ("completed", "simulation", "Casus"),
    "trainer": ("passed", "assessment", "Beoordeling door trainer"),
    "self": ("experienced", "meeting", "Zelfbeoordeling"),
    "peer": ("commented", "meeting", "Feedback van collega's"),
}

# Statement ids are uuid5 of a key in this namespace. The key names the event (its kind, the id
# of its row and the moment it happened), never the site's address: moving the site to another
# address does not make a waiting statement new.
STATEMENT_NAMESPACE = uuid.UUID("6f0c53e2-5b8e-4f43-9a0e-3d1c2b7a9e51")


def statement_id(key: str) -> str:
    return str(uuid.uuid5(STATEMENT_NAMESPACE, key))


def site_base() -> str:
    """The site's address for IRIs and the actor's homePage (PUBLIC_BASE_URL)."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/")


def moment_key(moment: datetime) -> str:
    """A moment in a statement key: UTC to the microsecond."""
    return as_utc(moment).isoformat(timespec="microseconds")


def timestamp(moment: datetime) -> str:
    return as_utc(moment).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def actor(base: str, user_id: int, name: str | None = None) -> dict:
    """The learner as an account on the site; the name only where the export shows it too."""
    agent: dict = {"objectType": "Agent"}
    if name:
        agent["name"] = name
    # never the e-mail address: the account is the identifier an LRS may keep
    agent["account"] = {"homePage": base.rstrip("/"), "name": str(user_id)}
    return agent


def verb(key: str) -> dict:
    dutch, english = VERBS[key]
    return {"id": ADL_VERB + key, "display": {LANGUAGE: dutch, "en-US": english}}


def activity(activity_id: str, activity_type: str, name: str) -> dict:
    return {
        "objectType": "Activity",
        "id": activity_id,
        "definition": {"name": {LANGUAGE: name}, "type": ADL_ACTIVITY + activity_type},
    }


def category_activity(base: str, slug: str, name_nl: str, name_en: str) -> dict:
    """One of the eight intervention categories, as a grouping activity."""
    return {
        "objectType": "Activity",
        "id": f"{base.rstrip('/')}/categorieen/{slug}",
        "definition": {"name": {LANGUAGE: name_nl, "en-US": name_en}},
    }


def context(
    categories: list[dict] | None = None,
    parent: dict | None = None,
    registration: str | None = None,
    instructor: dict | None = None,
) -> dict:
    """Platform and language always; categories as grouping, the attempt's activity as parent."""
    activities: dict[str, list[dict]] = {}
    if parent is not None:
        activities["parent"] = [parent]
    if categories:
        activities["grouping"] = categories
    found: dict = {}
    if registration is not None:
        found["registration"] = registration
    if instructor is not None:
        found["instructor"] = instructor
    if activities:
        found["contextActivities"] = activities
    found["platform"] = XAPI_PLATFORM
    found["language"] = LANGUAGE
    return found


def score(scaled: float, raw: float | None = None, maximum: float | None = None) -> dict:
    found: dict = {"scaled": round(max(-1.0, min(1.0, float(scaled))), 4)}
    if raw is not None and maximum is not None:
        found |= {"raw": float(raw), "min": min(0.0, float(raw)), "max": float(maximum)}
    return found


def statement(
    key: str,
    who: dict,
    did: str,
    what: dict,
    when: datetime,
    result: dict | None = None,
    where: dict | None = None,
) -> dict:
    """A whole statement with its stable id; `where` is the context (see `context`)."""
    found = {
        "id": statement_id(key),
        "version": XAPI_VERSION,
        "actor": who,
        "verb": verb(did),
        "object": what,
    }
    if result is not None:
        found["result"] = result
    found["context"] = where if where is not None else context()
    found["timestamp"] = timestamp(when)
    return found


def voiding(key: str, who: dict, voided_id: str, when: datetime) -> dict:
    """xAPI's way to take a statement back: a `voided` statement pointing at it."""
    return {
        "id": statement_id(key),
        "version": XAPI_VERSION,
        "actor": who,
        "verb": verb("voided"),
        "object": {"objectType": "StatementRef", "id": voided_id},
        "timestamp": timestamp(when),
    }
