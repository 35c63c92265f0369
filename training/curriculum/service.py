"""Curriculum rules: categories, the module catalogue and each learner's progress.

Use-case functions flush and leave the commit to their caller (request or CLI command).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from wtforms.fields.choices import SelectChoice

from training.accounts.models import User
from training.curriculum.models import Category, ContentPage, Lesson, LessonProgress, Module
from training.curriculum.pages import EXPLAINER
from training.extensions import db

# --- reading -------------------------------------------------------------------------------


def list_categories() -> list[Category]:
    return list(db.session.scalars(sa.select(Category).order_by(Category.number)))


def category_choices(locale: str, categories: list[Category] | None = None) -> list[SelectChoice]:
    """The categories as numbered select/checkbox options in the user's language."""
    return [
        SelectChoice(c.slug, f"{c.number}. {c.name(locale)}")
        for c in (categories if categories is not None else list_categories())
    ]


def get_category(slug: str) -> Category | None:
    return db.session.scalar(sa.select(Category).where(Category.slug == slug))


def active_modules() -> list[Module]:
    """All current modules with their category and lessons, in three queries whatever the size."""
    return list(
        db.session.scalars(
            sa.select(Module)
            .where(Module.retired.is_(False))
            .order_by(Module.position, Module.title)
        ).unique()
    )


def get_module(slug: str) -> Module | None:
    return db.session.scalar(
        sa.select(Module).where(Module.slug == slug, Module.retired.is_(False))
    )


def get_lesson(module: Module, lesson_slug: str) -> Lesson | None:
    return next((ls for ls in module.active_lessons if ls.slug == lesson_slug), None)


def completed_lesson_ids(user: User, lesson_ids=None) -> set[int]:
    query = sa.select(LessonProgress.lesson_id).where(LessonProgress.user_id == user.id)
    if lesson_ids is not None:
        query = query.where(LessonProgress.lesson_id.in_(list(lesson_ids)))
    return set(db.session.scalars(query))


def mark_lesson_done(user: User, lesson: Lesson) -> bool:
    """Record that the user finished the lesson; False when it was already recorded."""
    exists = db.session.scalar(
        sa.select(LessonProgress.id).where(
            LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id
        )
    )
    if exists:
        return False
    db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id))
    db.session.flush()
    return True


def mark_lesson_not_done(user: User, lesson: Lesson) -> None:
    db.session.execute(
        sa.delete(LessonProgress).where(
            LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id
        )
    )
    db.session.flush()


@dataclass
class ModuleProgress:
    module: Module
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def status(self) -> str:
        if self.total and self.done >= self.total:
            return "afgerond"
        return "bezig" if self.done else "nieuw"


@dataclass
class CategoryProgress:
    category: Category | None
    modules: list[ModuleProgress]

    @property
    def done(self) -> int:
        return sum(m.done for m in self.modules)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def catalogue(user: User, done: set[int] | None = None) -> list[CategoryProgress]:
    """Modules grouped by category (introduction first), each with the user's progress
    (`done`: the user's completed lesson ids, when the caller has them already)."""
    modules = active_modules()
    done = completed_lesson_ids(user) if done is None else done
    groups: dict[int | None, list[ModuleProgress]] = defaultdict(list)
    for module in modules:
        lessons = module.active_lessons
        groups[module.category_id].append(
            ModuleProgress(module, sum(1 for ls in lessons if ls.id in done), len(lessons))
        )
    result = [CategoryProgress(None, groups[None])] if groups.get(None) else []
    result += [CategoryProgress(c, groups.get(c.id, [])) for c in list_categories()]
    return result


def next_lesson(user: User, modules: list[Module], done: set[int]) -> Lesson | None:
    """Where to continue: the first open lesson of the module last worked in, else the first."""
    last = db.session.scalar(
        sa.select(Lesson.module_id)
        .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
        .where(LessonProgress.user_id == user.id)
        .order_by(LessonProgress.completed_at.desc(), LessonProgress.id.desc())
        .limit(1)
    )
    ordered = sorted(modules, key=lambda m: (m.id != last, m.position))
    for module in ordered:
        for lesson in module.active_lessons:
            if lesson.id not in done:
                return lesson
    return None


@dataclass
class LessonPlace:
    """Where a lesson stands in its module for one learner: the neighbours and what is done."""

    lessons: list[Lesson]
    done: set[int]
    previous: Lesson | None
    following: Lesson | None


def lesson_after(module: Module, lesson: Lesson) -> Lesson | None:
    """The next active lesson of the module, or None after the last one."""
    lessons = module.active_lessons
    index = lessons.index(lesson)
    return lessons[index + 1] if index + 1 < len(lessons) else None


def lesson_place(user: User, module: Module, lesson: Lesson) -> LessonPlace:
    lessons = module.active_lessons
    index = lessons.index(lesson)
    return LessonPlace(
        lessons=lessons,
        done=completed_lesson_ids(user, [ls.id for ls in lessons]),
        previous=lessons[index - 1] if index > 0 else None,
        following=lesson_after(module, lesson),
    )


def module_place(user: User, module: Module) -> tuple[list[Lesson], set[int], Lesson | None]:
    """The module's lessons, the ids done by this learner, and the first lesson still open."""
    lessons = module.active_lessons
    done = completed_lesson_ids(user, [ls.id for ls in lessons])
    return lessons, done, next((ls for ls in lessons if ls.id not in done), None)


def get_explainer(slug: str) -> ContentPage | None:
    """A dated explainer (content/uitleg/) by its slug."""
    return db.session.scalar(
        sa.select(ContentPage).where(
            ContentPage.kind == EXPLAINER, ContentPage.slug == slug, ContentPage.retired.is_(False)
        )
    )
