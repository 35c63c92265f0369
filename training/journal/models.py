"""Journal entries: private reflections, optionally shared with trainers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.accounts.models import User
from training.clock import utcnow
from training.curriculum.models import Category, Lesson
from training.extensions import db


class JournalEntry(db.Model):
    __tablename__ = "journal_entries"
    # A user's reflections, newest first, a page at a time.
    __table_args__ = (sa.Index("ix_journal_entries_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    framework: Mapped[str] = mapped_column(sa.String(16))
    # {phase key: Markdown text}, in the order of the framework's phases
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The question that opened this entry (e.g. a lesson's reflection question).
    prompt: Mapped[str] = mapped_column(sa.Text, default="")
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("categories.id"), index=True)
    lesson_id: Mapped[int | None] = mapped_column(sa.ForeignKey("lessons.id"), index=True)
    shared_with_trainers: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    author: Mapped[User] = relationship(lazy="joined")
    category: Mapped[Category | None] = relationship(lazy="joined")
    lesson: Mapped[Lesson | None] = relationship(lazy="joined")
