"""Categories, modules, lessons and each learner's lesson progress."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.clock import utcnow
from training.extensions import db


class Category(db.Model):
    """One of the eight intervention categories of the research (fixed slugs)."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    number: Mapped[int]
    name_nl: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text)
    # {"startbekwaam": [...], "vakbekwaam": [...], "vakvolwassen": [...]}
    indicators: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    def name(self, locale: str = "nl") -> str:
        return self.name_en if str(locale) == "en" else self.name_nl

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class Module(db.Model):
    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("categories.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    intro_html: Mapped[str] = mapped_column(sa.Text, default="")
    objectives: Mapped[list] = mapped_column(sa.JSON, default=list)
    minutes: Mapped[int] = mapped_column(default=30)
    position: Mapped[int] = mapped_column(default=0)
    source_file: Mapped[str] = mapped_column(sa.String(255))
    word_count: Mapped[int] = mapped_column(default=0)
    # A module whose file disappeared is retired, never deleted: progress on it stays.
    retired: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    category: Mapped[Category | None] = relationship(lazy="joined")
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module", order_by="Lesson.position", lazy="selectin"
    )

    @property
    def active_lessons(self) -> list[Lesson]:
        return [lesson for lesson in self.lessons if not lesson.retired]


class Lesson(db.Model):
    __tablename__ = "lessons"
    __table_args__ = (sa.UniqueConstraint("module_id", "slug", name="uq_lessons_module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("modules.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    body_md: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    word_count: Mapped[int] = mapped_column(default=0)
    # The numbered questions of a 'Reflectievragen' lesson: each opens a journal entry.
    reflection_questions: Mapped[list] = mapped_column(sa.JSON, default=list)
    retired: Mapped[bool] = mapped_column(default=False)

    module: Mapped[Module] = relationship(back_populates="lessons")


class LessonProgress(db.Model):
    __tablename__ = "lesson_progress"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "lesson_id", name="uq_lesson_progress_user_lesson"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lessons.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class ContentPage(db.Model):
    """A dated explainer (kind 'uitleg') or a page of the trainer's kit (kind 'kit')."""

    __tablename__ = "content_pages"
    __table_args__ = (sa.UniqueConstraint("kind", "slug", name="uq_content_pages_kind_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    slug: Mapped[str] = mapped_column(sa.String(120))
    title: Mapped[str] = mapped_column(sa.String(255))
    # explainer: {"peildatum", "summary"}; session plan: {"module", "case", "minutes"}
    meta: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    body_md: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    source_file: Mapped[str] = mapped_column(sa.String(255), default="")
    retired: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    @property
    def peildatum(self) -> date | None:
        """The date an explainer's rules were checked against."""
        value = (self.meta or {}).get("peildatum")
        return date.fromisoformat(value) if value else None
