"""Journal rules: who may read, write and share an entry.

Access checks (`entry_for_reader`, `entry_for_owner`) are apart from the actions; a missing
right looks like a missing entry (404), so nobody learns that someone else's entry exists.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from training import paging
from training.accounts.models import User
from training.cases import service as cases
from training.competence import cohorts
from training.curriculum.models import Category, Lesson
from training.extensions import db
from training.journal.frameworks import FRAMEWORKS
from training.journal.models import JournalEntry
from training.paging import Page
from training.rules import RuleError


class JournalError(RuleError):
    """A rule was broken; the message is for the user."""


def _with_links(query):
    return query.options(
        joinedload(JournalEntry.category),
        joinedload(JournalEntry.lesson).joinedload(Lesson.module),
    )


# Reflections per page of the journal and of the trainers' list of shared reflections.
ENTRIES_PER_PAGE = 25


def entries_of(
    user: User,
    category: Category | None = None,
    number: int = 1,
    per_page: int = ENTRIES_PER_PAGE,
) -> Page[JournalEntry]:
    """One page of the user's reflections (of `category`), newest first (one query)."""
    query = sa.select(JournalEntry).where(JournalEntry.user_id == user.id)
    if category is not None:
        query = query.where(JournalEntry.category_id == category.id)
    query = query.order_by(JournalEntry.created_at.desc(), JournalEntry.id.desc())
    return paging.fetch(db.session, _with_links(query), number, per_page)


def shared_entries(
    reader: User, number: int = 1, per_page: int = ENTRIES_PER_PAGE
) -> Page[JournalEntry]:
    """What learners chose to share, for a trainer: only learners who accepted their cohort.

    One page, most recently changed first (one query)."""
    query = (
        sa.select(JournalEntry)
        .where(
            JournalEntry.shared_with_trainers.is_(True),
            JournalEntry.user_id.in_(cohorts.consenting_learner_ids(reader)),
        )
        .order_by(JournalEntry.updated_at.desc(), JournalEntry.id.desc())
    )
    return paging.fetch(db.session, _with_links(query), number, per_page)


def can_read(user: User, entry: JournalEntry) -> bool:
    """The author; a trainer only for a shared entry of a learner who accepted their cohort."""
    if entry.user_id == user.id:
        return True
    if not entry.shared_with_trainers:
        return False
    return cohorts.can_view_learner(user, entry.author)


def entry_for_reader(user: User, entry_id: int) -> JournalEntry | None:
    entry = db.session.get(JournalEntry, entry_id)
    return entry if entry is not None and can_read(user, entry) else None


def entry_for_owner(user: User, entry_id: int) -> JournalEntry | None:
    entry = db.session.get(JournalEntry, entry_id)
    return entry if entry is not None and entry.user_id == user.id else None


def linkable_lesson(lesson_id: int) -> Lesson | None:
    """The lesson a new reflection may link to: it exists and neither it nor its module is retired.

    A lesson that is gone or retired is not linked, so a reflection never points at a page that
    learners cannot open.
    """
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.retired or lesson.module.retired:
        return None
    return lesson


def reflection_prompt(lesson: Lesson, question: int | None) -> str:
    """The lesson's reflection question number ``question`` (from 1); empty when out of range."""
    questions = lesson.reflection_questions or []
    if question and 0 < question <= len(questions):
        return questions[question - 1]
    return ""


def linked_case(user: User, attempt_id: int) -> tuple[str | None, str | None]:
    """Title and first category slug of the user's own case attempt a reflection is opened from.

    (None, None) when the attempt does not exist or belongs to someone else: a learner cannot
    link a reflection to another learner's attempt, nor learn that it exists.
    """
    attempt = cases.attempt_for_owner(user, attempt_id)
    if attempt is None:
        return None, None
    data = attempt.version.data
    return data["title"], (data.get("categories") or [None])[0]


def _clean_answers(framework: str, answers: dict[str, str]) -> dict[str, str]:
    if framework not in FRAMEWORKS:
        raise JournalError(str(_l("Onbekend reflectiemodel.")))
    cleaned = {
        phase.key: (answers.get(phase.key) or "").strip() for phase in FRAMEWORKS[framework].phases
    }
    if not any(cleaned.values()):
        raise JournalError(str(_l("Schrijf bij minstens één vraag iets op.")))
    return cleaned


def create_entry(
    user: User,
    *,
    title: str,
    framework: str,
    answers: dict[str, str],
    category: Category | None = None,
    lesson: Lesson | None = None,
    prompt: str = "",
    shared: bool = False,
) -> JournalEntry:
    entry = JournalEntry(
        user_id=user.id,
        title=title.strip(),
        framework=framework,
        answers=_clean_answers(framework, answers),
        category_id=category.id if category else None,
        lesson_id=lesson.id if lesson else None,
        prompt=prompt.strip(),
        shared_with_trainers=shared,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def update_entry(
    entry: JournalEntry,
    *,
    title: str,
    answers: dict[str, str],
    category: Category | None,
    shared: bool,
) -> None:
    entry.title = title.strip()
    entry.answers = _clean_answers(entry.framework, answers)
    entry.category_id = category.id if category else None
    entry.shared_with_trainers = shared
    db.session.flush()


def delete_entry(entry: JournalEntry) -> None:
    db.session.delete(entry)
    db.session.flush()
