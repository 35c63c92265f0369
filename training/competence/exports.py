"""Competence data leaving the app: CSV for trainers and learners, xAPI statements for an LRS.

Each export reads in a fixed number of queries, so a cohort of two hundred costs as much as one of
two. Pages add the download headers (and the BOM Excel wants); these functions only build text.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from training.accounts.models import User
from training.clock import as_utc
from training.competence import service
from training.competence.levels import level_for
from training.competence.models import (
    ACCEPTED,
    Cohort,
    CohortMember,
    CompetenceEstimate,
    Evidence,
)
from training.curriculum.models import Category
from training.extensions import db
from training.xapi import vocabulary

COHORT_COLUMNS = (
    "learner_name",
    "learner_email",
    "category_slug",
    "category_name",
    "level",
    "level_name",
    "mastery",
    "evidence_count",
    "updated_on",
)
EVIDENCE_COLUMNS = ("recorded_at", "category_slug", "category_name", "kind", "score", "source")

# A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- CSV ------------------------------------------------------------------------------------


def cohort_estimates_csv(cohort: Cohort) -> str:
    """Current mastery of every accepted member in every category, also without evidence.

    Only members who accepted the invitation, in the cohort's organisation: an invitee who
    has not said yes, or who left, is not in the file.
    """
    members = visible_member_ids(_primary_key(cohort))
    learners = sorted(
        db.session.scalars(sa.select(User).where(User.id.in_(members))),
        key=lambda user: (user.name.casefold(), user.id),
    )
    categories = list(db.session.scalars(sa.select(Category).order_by(Category.number)))
    current = {
        (row.user_id, row.category_id): row
        for row in db.session.scalars(
            sa.select(CompetenceEstimate).where(
                CompetenceEstimate.user_id.in_(members), CompetenceEstimate.is_current.is_(True)
            )
        )
    }
    rows = []
    for learner in learners:
        for category in categories:
            estimate = current.get((learner.id, category.id))
            score = estimate.score if estimate else None
            # level_for(score), as the competence page and the heatmap show it
            level = level_for(score)
            rows.append(
                [
                    _text(learner.name),
                    _text(learner.email),
                    category.slug,
                    _text(category.name_nl),
                    level.number,
                    level.name_nl,
                    "" if score is None else f"{score:.2f}",
                    estimate.evidence_count if estimate else 0,
                    as_utc(estimate.updated_at).date().isoformat() if estimate else "",
                ]
            )
    return _to_csv(COHORT_COLUMNS, rows)


def visible_member_ids(cohort_id: int) -> sa.Select:
    """The cohort's accepted members of its own organisation, as a subquery of user ids."""
    return (
        sa.select(CohortMember.user_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .join(User, User.id == CohortMember.user_id)
        .where(
            CohortMember.cohort_id == cohort_id,
            CohortMember.status == ACCEPTED,
            User.organisation_id == Cohort.organisation_id,
        )
    )


def evidence_csv(user: User) -> str:
    """All of one learner's evidence, oldest first (for the learner's own records or a portfolio)."""
    rows = [
        [
            as_utc(evidence.recorded_at).isoformat(timespec="seconds"),
            evidence.category.slug,
            _text(evidence.category.name_nl),
            evidence.kind,
            evidence.score,
            _text(evidence.source),
        ]
        for evidence in service.evidence_of(user)
    ]
    return _to_csv(EVIDENCE_COLUMNS, rows)


def _to_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def _text(value: str | None) -> str:
    """Names and sources are typed by users: keep a spreadsheet from running them as formulas."""
    value = value or ""
    return "'" + value if value.startswith(_FORMULA_START) else value


# --- xAPI -----------------------------------------------------------------------------------


def xapi_statements(users: Iterable[User], base_url: str) -> list[dict]:
    """One xAPI 1.0.3 statement per evidence row of these users, oldest first."""
    ids = [_primary_key(user) for user in users]
    if not ids:
        return []
    return _statements(Evidence.user_id.in_(ids), base_url)


def all_xapi_statements(base_url: str) -> list[dict]:
    """Statements for everyone's evidence (the CLI without --user), without an id list."""
    return _statements(sa.true(), base_url)


def xapi_statement(evidence: Evidence, user: User, base_url: str) -> dict:
    """The statement for one evidence row: the learner, identified by account, did the activity.

    Its words come from `training.xapi.vocabulary`, as do those of the statements the outbox
    delivers; only the id differs: a download names rows of this site, the outbox names events.
    """
    base = base_url.rstrip("/")
    did, activity_type, label = vocabulary.EVIDENCE_KINDS[evidence.kind]
    passed = None
    if evidence.kind == "trainer":
        # A trainer's judgement below 'startbekwaam' is not a pass: report it as experienced.
        passed = evidence.score >= 0.5
        if not passed:
            did = vocabulary.EVIDENCE_KINDS["self"][0]
    category = evidence.category
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/xapi/bewijs/{evidence.id}")),
        "version": vocabulary.XAPI_VERSION,
        "actor": vocabulary.actor(base, user.id, user.name),
        "verb": vocabulary.verb(did),
        "object": vocabulary.activity(
            f"{base}/xapi/activiteiten/{evidence.kind}/{evidence.id}",
            activity_type,
            evidence.source or label,
        ),
        "result": {"score": {"scaled": float(evidence.score)}}
        | ({"success": passed} if passed is not None else {}),
        "context": vocabulary.context(
            categories=[
                vocabulary.category_activity(
                    base, category.slug, category.name_nl, category.name_en
                )
            ]
        ),
        "timestamp": vocabulary.timestamp(evidence.recorded_at),
    }


def _statements(condition: sa.ColumnElement[bool], base_url: str) -> list[dict]:
    rows = db.session.execute(
        sa.select(Evidence, User)
        .join(User, User.id == Evidence.user_id)
        .where(condition)
        .order_by(Evidence.recorded_at, Evidence.id)
    ).all()
    return [xapi_statement(evidence, user, base_url) for evidence, user in rows]


def _primary_key(instance: User | Cohort) -> int:
    """The id without a query: after a commit, reading `.id` reloads each expired object."""
    identity = sa.inspect(instance).identity
    return identity[0] if identity else instance.id
