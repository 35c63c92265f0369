"""Competence: the one place that records evidence, keeps estimates over time, and reads them.

Quizzes, cases and intervision call `record_evidence`; each call updates the day's estimate for
that user and category, so pages only read estimates (never recompute from all evidence).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite

from training import paging
from training.accounts.models import User
from training.clock import utcnow
from training.competence import calculation, cohorts
from training.competence.errors import CompetenceError  # also reached as service.CompetenceError
from training.competence.levels import level_for, levels, score_for_level
from training.competence.models import (
    EVIDENCE_KINDS,
    Cohort,
    CohortMember,
    CompetenceEstimate,
    Evidence,
    MasterySettings,
    SelfAssessment,
    TrainerAssessment,
)
from training.competence.xapi import queue_assessment
from training.curriculum.models import Category
from training.extensions import db
from training.paging import Page

# --- settings and calculation ---------------------------------------------------------------


def settings() -> MasterySettings:
    found = db.session.get(MasterySettings, 1)
    return found or MasterySettings(
        id=1,
        method=calculation.DEFAULT_METHOD,
        weight=calculation.DEFAULT_WEIGHT,
        n=calculation.DEFAULT_N,
        mastery_score=0.7,
    )


def save_settings(method: str, weight: int, n: int, mastery_score: float) -> None:
    """Store the admin's choice; the caller has every estimate recomputed (a background job)."""
    if method not in calculation.METHODS:
        raise CompetenceError(_l("Onbekende berekeningsmethode."))
    if not 1 <= weight <= 99 or not 1 <= n <= 20 or not 0 < mastery_score <= 1:
        raise CompetenceError(_l("Gewicht 1-99, n 1-20 en beheersingsscore tussen 0 en 1."))
    row = db.session.get(MasterySettings, 1)
    if row is None:
        row = MasterySettings(id=1)
        db.session.add(row)
    row.method, row.weight, row.n, row.mastery_score = method, weight, n, mastery_score
    row.updated_at = utcnow()
    db.session.flush()


def _compute(scores: list[float], config: MasterySettings) -> float | None:
    return calculation.mastery(scores, config.method, config.weight, config.n, config.mastery_score)


def update_estimate(
    user_id: int, category_id: int, when: datetime | None = None
) -> CompetenceEstimate:
    """Recompute one user's mastery in one category and keep it as that day's estimate.

    Two requests of one person at once (two quizzes handed in from two tabs) may both find no
    estimate for today: the row is made with INSERT ... ON CONFLICT DO NOTHING, and the rows
    are locked (PostgreSQL) before the evidence is read, so the second request waits for the
    first and then counts its evidence too.
    """
    day = (when or utcnow()).date()
    mine = sa.and_(
        CompetenceEstimate.user_id == user_id, CompetenceEstimate.category_id == category_id
    )
    wanted = (
        sa.select(CompetenceEstimate)
        .where(mine, sa.or_(CompetenceEstimate.is_current.is_(True), CompetenceEstimate.day == day))
        .with_for_update()
    )
    rows = {r.day: r for r in db.session.scalars(wanted)}
    if day not in rows:
        insert = (
            postgresql.insert
            if db.session.get_bind().dialect.name == "postgresql"
            else sqlite.insert
        )
        db.session.execute(
            insert(CompetenceEstimate)
            .values(user_id=user_id, category_id=category_id, day=day, is_current=False)
            .on_conflict_do_nothing(index_elements=["user_id", "category_id", "day"])
        )
        rows[day] = db.session.scalars(
            sa.select(CompetenceEstimate)
            .where(mine, CompetenceEstimate.day == day)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
    scores = list(
        db.session.scalars(
            sa.select(Evidence.score)
            .where(Evidence.user_id == user_id, Evidence.category_id == category_id)
            .order_by(Evidence.recorded_at, Evidence.id)
        )
    )
    score = _compute(scores, settings())
    estimate = rows[day]
    latest_day = max(rows)
    for row in rows.values():
        row.is_current = row.day == latest_day
    estimate.score = score
    estimate.level = level_for(score).number
    estimate.evidence_count = len(scores)
    estimate.updated_at = utcnow()
    db.session.flush()
    return estimate


def recompute_all(progress=None) -> int:
    """Recompute every learner's current estimate per category with today's settings."""
    pairs = db.session.execute(
        sa.select(Evidence.user_id, Evidence.category_id)
        .distinct()
        .order_by(Evidence.user_id, Evidence.category_id)
    ).all()
    for number, (user_id, category_id) in enumerate(pairs, start=1):
        update_estimate(user_id, category_id)
        if progress is not None and number % 200 == 0:
            progress(number * 100 // len(pairs))
    return len(pairs)


# --- evidence -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewEvidence:
    category: Category
    kind: str
    score: float
    source: str


def _checked(kind: str, score: float) -> None:
    if kind not in EVIDENCE_KINDS:
        raise ValueError(f"unknown evidence kind {kind!r}")
    if not 0.0 <= score <= 1.0:
        raise ValueError(f"score {score} outside 0..1")


def record_evidence(
    user: User,
    category: Category,
    kind: str,
    score: float,
    source: str,
    when: datetime | None = None,
) -> Evidence:
    _checked(kind, score)
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
    update_estimate(user.id, category.id, evidence.recorded_at)
    return evidence


def record_evidence_many(user: User, items: list[NewEvidence]) -> None:
    """Several pieces of evidence at once (a submitted quiz): one INSERT for all of them, then
    one estimate update per category touched, not one per piece."""
    if not items:
        return
    for item in items:
        _checked(item.kind, item.score)
    recorded_at = utcnow()
    db.session.execute(
        sa.insert(Evidence),
        [
            {
                "user_id": user.id,
                "category_id": item.category.id,
                "kind": item.kind,
                "score": round(item.score, 4),
                "source": item.source[:255],
                "recorded_at": recorded_at,
            }
            for item in items
        ],
    )
    for category_id in dict.fromkeys(item.category.id for item in items):
        update_estimate(user.id, category_id, recorded_at)


def withdraw_evidence(source: str) -> int:
    """Remove evidence whose cause was undone (e.g. a peer takes back a 'helpful' mark)."""
    pairs = db.session.execute(
        sa.select(Evidence.user_id, Evidence.category_id)
        .where(Evidence.source == source)
        .distinct()
    ).all()
    result = db.session.execute(sa.delete(Evidence).where(Evidence.source == source))
    for user_id, category_id in pairs:
        update_estimate(user_id, category_id)
    return result.rowcount


# --- reading --------------------------------------------------------------------------------


@dataclass
class CategoryCompetence:
    category: Category
    score: float | None
    level: object  # Level
    evidence_count: int
    history: list[CompetenceEstimate]
    evidence: list[Evidence]
    self_level: int | None
    self_at: datetime | None

    @property
    def gap(self) -> int | None:
        """Self-rating minus evidence level (only when both exist)."""
        if self.self_level is None or self.level.number == 0:
            return None
        return self.self_level - self.level.number


@functools.lru_cache(maxsize=16)
def _recent_evidence_query(category_ids: tuple[int, ...], per_category: int):
    """The newest evidence of each category, each part through the (user, category, time) index.

    Built once per set of categories (building the union costs more than running it); the
    person is a bound parameter.
    """
    newest = [
        sa.select(Evidence.id)
        .where(Evidence.user_id == sa.bindparam("user_id"), Evidence.category_id == category_id)
        .order_by(Evidence.recorded_at.desc(), Evidence.id.desc())
        .limit(per_category)
        .subquery()
        .select()
        for category_id in category_ids
    ]
    return (
        sa.select(Evidence)
        .where(Evidence.id.in_(sa.union_all(*newest).scalar_subquery()))
        .order_by(Evidence.recorded_at.desc(), Evidence.id.desc())
    )


# The competence page draws the last twelve weeks (the chart's window).
HISTORY_WEEKS = 12


def competence_of(
    user: User, per_category_evidence: int = 5, weeks: int = HISTORY_WEEKS, today=None
) -> list[CategoryCompetence]:
    """Everything the competence page shows, in a constant number of queries.

    The history is the chart's window (the last `weeks`) plus the current estimate, however
    long the person has been learning: two years of daily estimates are not read to draw twelve
    weeks. The recent evidence is read per category through its index (user, category, time).
    """
    categories = list(db.session.scalars(sa.select(Category).order_by(Category.number)))
    since = (today or utcnow().date()) - timedelta(weeks=weeks)
    history: dict[int, list[CompetenceEstimate]] = defaultdict(list)
    for row in db.session.scalars(
        sa.select(CompetenceEstimate)
        .where(
            CompetenceEstimate.user_id == user.id,
            sa.or_(CompetenceEstimate.day >= since, CompetenceEstimate.is_current.is_(True)),
        )
        .order_by(CompetenceEstimate.day)
    ):
        history[row.category_id].append(row)
    recent: dict[int, list[Evidence]] = defaultdict(list)
    if categories:
        query = _recent_evidence_query(tuple(c.id for c in categories), per_category_evidence)
        for row in db.session.scalars(query, {"user_id": user.id}):
            recent[row.category_id].append(row)
    latest_self = _latest_self_assessments([user.id])
    result = []
    for category in categories:
        rows = history.get(category.id, [])
        current = next((r for r in rows if r.is_current), rows[-1] if rows else None)
        own = latest_self.get((user.id, category.id))
        result.append(
            CategoryCompetence(
                category=category,
                score=current.score if current else None,
                level=level_for(current.score if current else None),
                evidence_count=current.evidence_count if current else 0,
                history=rows,
                evidence=recent.get(category.id, []),
                self_level=own.level if own else None,
                self_at=own.created_at if own else None,
            )
        )
    return result


def _latest_self_assessments(user_ids: list[int]) -> dict[tuple[int, int], SelfAssessment]:
    ranked = (
        sa.select(
            SelfAssessment.id,
            sa.func.row_number()
            .over(
                partition_by=(SelfAssessment.user_id, SelfAssessment.category_id),
                order_by=(SelfAssessment.created_at.desc(), SelfAssessment.id.desc()),
            )
            .label("rank"),
        )
        .where(SelfAssessment.user_id.in_(user_ids))
        .subquery()
    )
    rows = db.session.scalars(
        sa.select(SelfAssessment)
        .join(ranked, ranked.c.id == SelfAssessment.id)
        .where(ranked.c.rank == 1)
    )
    return {(r.user_id, r.category_id): r for r in rows}


# Rows per page of the list of a learner's evidence.
EVIDENCE_PER_PAGE = 25


def evidence_page(
    user: User,
    category: Category | None = None,
    number: int = 1,
    per_page: int = EVIDENCE_PER_PAGE,
) -> Page[Evidence]:
    """One page of the user's evidence (in `category`), newest first (one query)."""
    query = sa.select(Evidence).where(Evidence.user_id == user.id)
    if category is not None:
        query = query.where(Evidence.category_id == category.id)
    query = query.order_by(Evidence.recorded_at.desc(), Evidence.id.desc())
    return paging.fetch(db.session, query, number, per_page)


def evidence_of(user: User) -> list[Evidence]:
    return list(
        db.session.scalars(
            sa.select(Evidence)
            .where(Evidence.user_id == user.id)
            .order_by(Evidence.recorded_at, Evidence.id)
        )
    )


# --- self and trainer assessments ---------------------------------------------------------


def assess_self(user: User, ratings: dict[int, int | None], note: str = "") -> int:
    """Store the learner's self-rating (level 1-4) per category id; returns how many.

    A self-assessment without a single level says nothing, so it is refused.
    """
    valid = {lv.number for lv in levels() if lv.number > 0}
    if not any(level is not None for level in ratings.values()):
        raise CompetenceError(_l("Kies bij minstens één categorie een niveau."))
    count = 0
    for category_id, level in ratings.items():
        if level is None:
            continue
        if level not in valid:
            raise CompetenceError(_l("Kies een niveau van 1 tot en met 4."))
        db.session.add(
            SelfAssessment(user_id=user.id, category_id=category_id, level=level, note=note.strip())
        )
        count += 1
    db.session.flush()
    return count


def self_levels_of(user: User) -> dict[int, int]:
    """The learner's latest self-rating per category id (categories never rated are left out)."""
    return {
        category_id: row.level
        for (_user_id, category_id), row in _latest_self_assessments([user.id]).items()
    }


def may_assess(assessor: User, learner: User) -> bool:
    """A trainer assesses the learners who accepted one of their cohorts, never themselves."""
    return assessor.id != learner.id and cohorts.can_view_learner(assessor, learner)


def rubric(category: Category) -> list[tuple[str, str]]:
    """The category's observable indicators as (level, text) pairs, in the order they are kept."""
    return [(level, text) for level, items in (category.indicators or {}).items() for text in items]


def assess_as_trainer(
    trainer: User,
    learner: User,
    category: Category,
    level: int,
    indicators: list[str],
    comment: str,
    when: datetime | None = None,
) -> TrainerAssessment:
    if not may_assess(trainer, learner):
        raise CompetenceError(
            _l("Je kunt alleen deelnemers beoordelen die in een van jouw cohorten zitten.")
        )
    evidence = record_evidence(
        learner,
        category,
        "trainer",
        score_for_level(level),
        f"beoordeling door {trainer.name}",
        when=when,
    )
    assessment = TrainerAssessment(
        learner_id=learner.id,
        trainer_id=trainer.id,
        category_id=category.id,
        level=level,
        indicators=list(indicators),
        comment=comment.strip(),
        evidence_id=evidence.id,
    )
    assessment.created_at = evidence.recorded_at  # the same moment in both statements
    db.session.add(assessment)
    db.session.flush()
    queue_assessment(assessment, learner, trainer, category, evidence.score)
    return assessment


def trainer_assessments_of(learner: User) -> list[TrainerAssessment]:
    return list(
        db.session.scalars(
            sa.select(TrainerAssessment)
            .where(TrainerAssessment.learner_id == learner.id)
            .order_by(TrainerAssessment.created_at.desc())
        )
    )


# --- the heatmap of a cohort ---------------------------------------------------------------


@dataclass
class HeatCell:
    score: float | None
    level: object
    trend: int  # -1 down, 0 same or unknown, 1 up


@dataclass
class HeatRow:
    user: User
    cells: dict[int, HeatCell]  # category id -> cell

    def mean(self) -> float:
        scores = [c.score for c in self.cells.values() if c.score is not None]
        return sum(scores) / len(scores) if scores else -1.0


TREND_DAYS = 28


def heatmap(cohort: Cohort, categories: list[Category], today: date | None = None) -> list[HeatRow]:
    """Accepted members x categories: level and trend against four weeks ago (constant queries)."""
    return _heat_rows(cohorts.visible_members(cohort), categories, today)


def _heat_rows(
    members: list[CohortMember], categories: list[Category], today: date | None = None
) -> list[HeatRow]:
    """The heatmap rows of these members, in their order (one query)."""
    today = today or utcnow().date()
    user_ids = [m.user_id for m in members]
    if not user_ids:
        return []
    # Each current estimate with the score of the newest estimate on or before the cutoff: one
    # index seek per (learner, category) on (user_id, category_id, day), not a scan of the
    # members' whole history (two years of daily estimates at a region's scale).
    cutoff = today - timedelta(days=TREND_DAYS)
    older = sa.orm.aliased(CompetenceEstimate)
    earlier_score = (
        sa.select(older.score)
        .where(
            older.user_id == CompetenceEstimate.user_id,
            older.category_id == CompetenceEstimate.category_id,
            older.day <= cutoff,
        )
        .order_by(older.day.desc())
        .limit(1)
        .scalar_subquery()
    )
    found = db.session.execute(
        sa.select(CompetenceEstimate.user_id, CompetenceEstimate.category_id,
                  CompetenceEstimate.score, earlier_score)
        .where(CompetenceEstimate.user_id.in_(user_ids), CompetenceEstimate.is_current.is_(True))
    ).all()  # fmt: skip
    scores = {(user_id, category_id): (score, previous)
              for user_id, category_id, score, previous in found}  # fmt: skip
    rows = []
    for member in members:
        cells = {}
        for category in categories:
            score, previous = scores.get((member.user_id, category.id), (None, None))
            trend = 0
            if score is not None and previous is not None and abs(score - previous) >= 0.05:
                trend = 1 if score > previous else -1
            cells[category.id] = HeatCell(score, level_for(score), trend)
        rows.append(HeatRow(member.user, cells))
    return rows


def _heatmap_order(
    cohort: Cohort, categories: list[Category], sort: str, descending: bool
) -> tuple[sa.Select, str]:
    """The members' select ordered as a trainer asked, and the sort actually used.

    ``sort`` is a category slug (by current score, learners without a score last),
    "gemiddeld" (mean current score over `categories`, none counting as -1) or anything else,
    which falls back to "naam" (name, case-insensitive). ``descending`` reverses the whole
    order. Ties go by name, then by membership.
    """
    query = cohorts.visible_members_query(cohort)
    by_slug = {c.slug: c for c in categories}
    members = sa.select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)
    current = [
        CompetenceEstimate.user_id.in_(members),
        CompetenceEstimate.is_current.is_(True),
        CompetenceEstimate.score.is_not(None),
    ]
    if sort in by_slug:
        scores = (
            sa.select(
                CompetenceEstimate.user_id, sa.func.max(CompetenceEstimate.score).label("score")
            )
            .where(*current, CompetenceEstimate.category_id == by_slug[sort].id)
            .group_by(CompetenceEstimate.user_id)
            .subquery()
        )
        query = query.outerjoin(scores, scores.c.user_id == CohortMember.user_id)
        keys = [sa.case((scores.c.score.is_(None), 1), else_=0), scores.c.score]
    elif sort == "gemiddeld":
        means = (
            sa.select(
                CompetenceEstimate.user_id, sa.func.avg(CompetenceEstimate.score).label("mean")
            )
            .where(*current, CompetenceEstimate.category_id.in_([c.id for c in categories]))
            .group_by(CompetenceEstimate.user_id)
            .subquery()
        )
        query = query.outerjoin(means, means.c.user_id == CohortMember.user_id)
        keys = [sa.func.coalesce(means.c.mean, -1.0)]
    else:
        sort, keys = "naam", []
    keys += [sa.func.lower(User.name), CohortMember.id]
    return query.order_by(*(key.desc() if descending else key for key in keys)), sort


def heatmap_page(
    cohort: Cohort,
    categories: list[Category],
    sort: str,
    descending: bool = False,
    number: int = 1,
    per_page: int = cohorts.MEMBERS_PER_PAGE,
    today: date | None = None,
) -> tuple[Page, str]:
    """One page of the heatmap, its rows in the order asked (see `_heatmap_order`), and the
    sort used: ordered and paged in the database, four queries however large the cohort."""
    query, sort = _heatmap_order(cohort, categories, sort, descending)
    page = paging.counted(db.session, query, number, per_page)
    page.items = _heat_rows(page.items, categories, today)
    return page, sort
