"""The one place that records competence evidence; quizzes, cases and intervision call it."""

from __future__ import annotations

from datetime import datetime

from training.accounts.models import User, utcnow
from training.competence.models import EVIDENCE_KINDS, Evidence
from training.curriculum.models import Category
from training.extensions import db


def record_evidence(
    user: User,
    category: Category,
    kind: str,
    score: float,
    source: str,
    when: datetime | None = None,
) -> Evidence:
    if kind not in EVIDENCE_KINDS:
        raise ValueError(f"unknown evidence kind {kind!r}")
    if not 0.0 <= score <= 1.0:
        raise ValueError(f"score {score} outside 0..1")
    evidence = Evidence(
        user_id=user.id,
        category_id=category.id,
        kind=kind,
        score=round(score, 4),
        source=source[:255],
        recorded_at=when or utcnow(),
    )
    db.session.add(evidence)
    db.session.flush()
    return evidence


def withdraw_evidence(source: str) -> int:
    """Remove evidence whose cause was undone (e.g. a peer takes back a 'helpful' mark)."""
    import sqlalchemy as sa

    result = db.session.execute(sa.delete(Evidence).where(Evidence.source == source))
    return result.rowcount
