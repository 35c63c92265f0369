"""Evidence: one row per observation of a user's competence in a category."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.accounts.models import User
from training.clock import utcnow
from training.curriculum.models import Category
from training.extensions import db

EVIDENCE_KINDS = ("quiz", "case", "trainer", "self", "peer")


class Evidence(db.Model):
    __tablename__ = "evidence"
    __table_args__ = (
        # A user's evidence in a category in time order (estimates, the paged list, recent).
        sa.Index("ix_evidence_user_category_recorded", "user_id", "category_id", "recorded_at"),
        # All of a user's evidence, newest first, a page at a time.
        sa.Index("ix_evidence_user_recorded", "user_id", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    score: Mapped[float]  # 0..1
    source: Mapped[str] = mapped_column(sa.String(255), default="")
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    category: Mapped[Category] = relationship(lazy="joined")


class CompetenceEstimate(db.Model):
    """Mastery of one user in one category on one day; the latest row is the current one.

    Written when evidence arrives, so pages read estimates and history without recomputing.
    """

    __tablename__ = "competence_estimates"
    __table_args__ = (
        sa.UniqueConstraint(
            "user_id", "category_id", "day", name="uq_competence_estimates_user_category_day"
        ),
        sa.Index("ix_competence_estimates_user_current", "user_id", "is_current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"), index=True)
    day: Mapped[date] = mapped_column(sa.Date)
    score: Mapped[float | None]
    level: Mapped[int] = mapped_column(default=0)
    evidence_count: Mapped[int] = mapped_column(default=0)
    is_current: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class MasterySettings(db.Model):
    """The calculation method an admin chose (one row; defaults when absent)."""

    __tablename__ = "competence_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    method: Mapped[str] = mapped_column(sa.String(32), default="decaying_average")
    weight: Mapped[int] = mapped_column(default=65)
    n: Mapped[int] = mapped_column(default=3)
    mastery_score: Mapped[float] = mapped_column(default=0.7)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class SelfAssessment(db.Model):
    __tablename__ = "competence_self_assessments"
    __table_args__ = (sa.Index("ix_competence_self_assessments_user", "user_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"))
    level: Mapped[int]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class TrainerAssessment(db.Model):
    """A trainer's judgement with the rubric; it is also recorded as `trainer` evidence."""

    __tablename__ = "competence_trainer_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    trainer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"))
    level: Mapped[int]
    indicators: Mapped[list] = mapped_column(sa.JSON, default=list)  # the indicators observed
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    evidence_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("evidence.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Cohort(db.Model):
    """Learners a trainer follows, inside one organisation; each member said yes to joining."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # The tenant: the trainer and every member belong to it; its beheerder manages the cohort.
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    trainer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    trainer: Mapped[User | None] = relationship(foreign_keys=[trainer_id], lazy="joined")
    members: Mapped[list[CohortMember]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def accepted(self) -> list[CohortMember]:
        return [m for m in self.members if m.status == ACCEPTED]

    @property
    def invited(self) -> list[CohortMember]:
        return [m for m in self.members if m.status == INVITED]


# A member row is an invitation until the learner accepts it; declining or leaving deletes it.
INVITED, ACCEPTED = "invited", "accepted"
MEMBER_STATUSES = (INVITED, ACCEPTED)


class CohortMember(db.Model):
    __tablename__ = "cohort_members"
    __table_args__ = (
        sa.UniqueConstraint("cohort_id", "user_id", name="uq_cohort_members_cohort_user"),
        sa.Index("ix_cohort_members_user_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default=INVITED)
    invited_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    cohort: Mapped[Cohort] = relationship(back_populates="members")
    user: Mapped[User] = relationship(lazy="joined")

    @property
    def is_accepted(self) -> bool:
        return self.status == ACCEPTED
