"""Cases (versioned documents), attempts and each step a learner takes."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.accounts.models import User
from training.clock import utcnow
from training.extensions import db


class Case(db.Model):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    # 'content' for cases/*.yaml (synced), 'editor' for cases made on the site
    origin: Mapped[str] = mapped_column(sa.String(16), default="editor")
    source_file: Mapped[str | None] = mapped_column(sa.String(255))
    published_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("case_versions.id", use_alter=True, name="fk_cases_published_version")
    )
    draft_yaml: Mapped[str | None] = mapped_column(sa.Text)
    retired: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    published: Mapped[CaseVersion | None] = relationship(
        foreign_keys=[published_version_id], lazy="joined", post_update=True
    )


class CaseVersion(db.Model):
    """An immutable published version; running attempts keep the version they began on."""

    __tablename__ = "case_versions"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "number", name="uq_case_versions_case_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    data: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class CaseAttempt(db.Model):
    __tablename__ = "case_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("case_versions.id"), index=True)
    current_node: Mapped[str] = mapped_column(sa.String(80))
    state: Mapped[str] = mapped_column(sa.String(16), default="open")  # open | finished
    ending_node: Mapped[str | None] = mapped_column(sa.String(80))
    started_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")
    case: Mapped[Case] = relationship(lazy="joined")
    version: Mapped[CaseVersion] = relationship(lazy="joined")
    steps: Mapped[list[CaseStep]] = relationship(
        back_populates="attempt", order_by="CaseStep.position", lazy="selectin",
        cascade="all, delete-orphan",
    )  # fmt: skip


class CaseStep(db.Model):
    """One step: the node the learner was at and what they did there (choice or reflection)."""

    __tablename__ = "case_steps"
    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "position", name="uq_case_steps_attempt_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("case_attempts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    node_id: Mapped[str] = mapped_column(sa.String(80))
    choice_index: Mapped[int | None]
    reflection: Mapped[str | None] = mapped_column(sa.Text)
    taken_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    attempt: Mapped[CaseAttempt] = relationship(back_populates="steps")
