"""The question bank, quizzes, attempts and responses."""

from __future__ import annotations

import random
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.accounts.models import User
from training.clock import utcnow
from training.curriculum.models import Category, Module
from training.extensions import db
from training.quizzes.types import QuestionType, question_type


class Question(db.Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    qtype: Mapped[str] = mapped_column(sa.String(16), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    text_format: Mapped[str] = mapped_column(sa.String(10), default="moodle")
    general_feedback: Mapped[str] = mapped_column(sa.Text, default="")
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("categories.id"), index=True)
    # Where it came from: 'content/questions/x.gift' or 'upload: naam.gift', plus the GIFT name.
    source: Mapped[str] = mapped_column(sa.String(255), default="")
    # Stable identity for `content sync` (file + name); empty for uploaded questions.
    source_key: Mapped[str | None] = mapped_column(sa.String(400), unique=True)
    case_sensitive: Mapped[bool] = mapped_column(default=False)
    retired: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    category: Mapped[Category | None] = relationship(lazy="joined")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="question",
        order_by="Answer.position",
        lazy="selectin",
        cascade="all, delete-orphan",
    )

    @property
    def kind(self) -> QuestionType:
        """This question's type from the registry: how it is answered, graded and shown."""
        return question_type(self.qtype)


class Answer(db.Model):
    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text)
    text_format: Mapped[str] = mapped_column(sa.String(10), default="moodle")
    fraction: Mapped[float] = mapped_column(default=0.0)
    feedback: Mapped[str] = mapped_column(sa.Text, default="")
    tolerance: Mapped[float | None]
    match_text: Mapped[str | None] = mapped_column(sa.Text)

    question: Mapped[Question] = relationship(back_populates="answers")


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempts"
    # A user's attempts, newest first, a page at a time.
    __table_args__ = (sa.Index("ix_quiz_attempts_user_started", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(16))  # 'module' or 'practice'
    module_id: Mapped[int | None] = mapped_column(sa.ForeignKey("modules.id"), index=True)
    # e.g. ['bewustwording', 'relatieherstel'] for a practice quiz
    categories: Mapped[list] = mapped_column(sa.JSON, default=list)
    state: Mapped[str] = mapped_column(sa.String(16), default="open")  # open|submitted|graded
    score: Mapped[float | None]
    max_score: Mapped[float] = mapped_column(default=0.0)
    started_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")
    module: Mapped[Module | None] = relationship(lazy="joined")
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.position", lazy="selectin"
    )


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "question_id", name="uq_responses_attempt_question"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    # What the learner gave: {"answer_ids": [..]} / {"text": ".."} / {"value": ".."} / {"pairs": {..}}
    given: Mapped[dict | None] = mapped_column(sa.JSON)
    fraction: Mapped[float | None]  # 0..1 after grading; None while open or awaiting a trainer
    answered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Essay grading by a trainer
    grader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    grader_comment: Mapped[str] = mapped_column(sa.Text, default="")
    graded_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    attempt: Mapped[QuizAttempt] = relationship(back_populates="responses")
    question: Mapped[Question] = relationship(lazy="joined")

    @property
    def shown_answers(self) -> list[Answer]:
        """The choices in the order this attempt shows them (Moodle's 'shuffle answers').

        Authors tend to write the right answer first; a shuffle fixed per attempt and question
        keeps the position from giving it away, while a reload or the review shows the same order.
        """
        answers = list(self.question.answers)
        if self.question.qtype in ("single", "multiple"):
            random.Random(f"{self.attempt_id}:{self.question_id}").shuffle(answers)  # noqa: S311
        return answers
