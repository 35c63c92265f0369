"""Curriculum rules: syncing content files into the database, catalogue, progress.

Use-case functions flush and leave the commit to their caller (request or CLI command).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from wtforms.fields.choices import SelectChoice

from training.accounts.models import User, utcnow
from training.curriculum.content import CATEGORY_SLUGS, Content, load_content
from training.curriculum.models import Category, Lesson, LessonProgress, Module
from training.extensions import db


class ContentError(Exception):
    """The content files have problems; nothing was changed."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problemen in de content")
        self.problems = problems


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    lessons_retired: list[str] = field(default_factory=list)
    categories_changed: int = 0
    questions: dict[str, int] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        question_changes = {
            k: v for k, v in [*self.questions.items(), *self.cases.items()] if k != "ongewijzigd"
        }
        return bool(
            self.created or self.updated or self.retired or self.lessons_retired
            or self.categories_changed or question_changes
        )  # fmt: skip

    def lines(self) -> list[str]:
        out = [f"nieuw: {slug}" for slug in self.created]
        out += [f"bijgewerkt: {slug}" for slug in self.updated]
        out += [f"bestand hernoemd: {text}" for text in self.renamed]
        out += [
            f"bestand verdwenen: {slug} is teruggetrokken (voortgang blijft bewaard)"
            for slug in self.retired
        ]
        out += [
            f"les verdwenen: {text} (voortgang blijft bewaard)" for text in self.lessons_retired
        ]
        total = len(self.created) + len(self.updated) + len(self.unchanged)
        out.append(
            f"Sync klaar: {total} modules ({len(self.created)} nieuw, {len(self.updated)} "
            f"bijgewerkt, {len(self.unchanged)} ongewijzigd), "
            f"{self.categories_changed} categorieën gewijzigd."
        )
        for name, counts in (("Vragen", self.questions), ("Casussen", self.cases)):
            if counts:
                out.append(
                    f"{name}: " + ", ".join(f"{n} {lbl}" for lbl, n in sorted(counts.items()))
                )
        return out


def _assign(obj, values: dict) -> bool:
    """Set attributes that differ; True when anything changed (so a re-sync writes nothing)."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def check_content(root: Path) -> tuple[Content, dict, list]:
    """Read and check every content file: modules, categories, question banks and cases."""
    from training.cases import service as cases
    from training.quizzes import bank

    content = load_content(root)
    known = {
        key for c in content.categories for key in (c.slug, c.name_nl.lower(), c.name_en.lower())
    }
    questions, question_problems = bank.check_question_files(root, known)
    case_files, case_problems = cases.check_case_files(root, {c.slug for c in content.categories})
    parsed = {"questions": questions, "cases": case_files}
    return content, parsed, [*content.problems, *question_problems, *case_problems]


def sync_content(root: Path) -> SyncReport:
    """Load content/ into the database: all of it or, when any file has a problem, nothing."""
    from training.cases import service as cases
    from training.quizzes import bank

    content, parsed, problems = check_content(root)
    if problems:
        raise ContentError(problems)
    report = _apply(content)
    report.questions = bank.sync_question_files(parsed["questions"])
    report.cases = cases.sync_case_files(parsed["cases"])
    return report


def _apply(content: Content) -> SyncReport:
    report = SyncReport()
    categories = {c.slug: c for c in db.session.scalars(sa.select(Category))}
    for data in content.categories:
        category = categories.get(data.slug)
        if category is None:
            category = categories[data.slug] = Category(slug=data.slug)
            db.session.add(category)
        values = {k: getattr(data, k) for k in ("number", "name_nl", "name_en", "description")}
        values["indicators"] = data.indicators
        report.categories_changed += _assign(category, values)
    db.session.flush()

    modules = {m.slug: m for m in db.session.scalars(sa.select(Module))}
    in_files = set()
    for data in content.modules:
        in_files.add(data.slug)
        module = modules.get(data.slug)
        is_new = module is None
        if is_new:
            module = Module(slug=data.slug, source_file=data.source_file)
            db.session.add(module)
        elif module.source_file != data.source_file:
            report.renamed.append(f"{module.source_file} → {data.source_file}")
        changed = _assign(
            module,
            {
                "category_id": categories[data.category].id if data.category else None,
                "title": data.title,
                "intro_html": data.intro_html,
                "objectives": data.objectives,
                "minutes": data.minutes,
                "position": data.order,
                "source_file": data.source_file,
                "word_count": data.word_count,
                "retired": False,
            },
        )
        changed |= _sync_lessons(module, data, report)
        if is_new:
            report.created.append(data.slug)
        elif changed:
            module.updated_at = utcnow()
            report.updated.append(data.slug)
        else:
            report.unchanged.append(data.slug)
    for slug, module in modules.items():
        if slug not in in_files and not module.retired:
            module.retired = True
            report.retired.append(slug)
    db.session.flush()
    return report


def _sync_lessons(module: Module, data, report: SyncReport) -> bool:
    existing = {lesson.slug: lesson for lesson in module.lessons} if module.id else {}
    changed = False
    for position, lesson_data in enumerate(data.lessons):
        lesson = existing.pop(lesson_data.slug, None)
        if lesson is None:
            lesson = Lesson(module=module, slug=lesson_data.slug)
            db.session.add(lesson)
            changed = True
        changed |= _assign(
            lesson,
            {
                "position": position,
                "title": lesson_data.title,
                "body_md": lesson_data.body_md,
                "body_html": lesson_data.body_html,
                "word_count": lesson_data.word_count,
                "reflection_questions": lesson_data.reflection_questions,
                "retired": False,
            },
        )
    for lesson in existing.values():
        if not lesson.retired:
            lesson.retired = True
            report.lessons_retired.append(f"{module.slug}/{lesson.slug}")
            changed = True
    return changed


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


def catalogue(user: User) -> list[CategoryProgress]:
    """Modules grouped by category (introduction first), each with the user's progress."""
    modules = active_modules()
    done = completed_lesson_ids(user)
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


def content_stats() -> dict:
    modules = active_modules()
    categories = list_categories()
    by_category = {c.slug: 0 for c in categories} or dict.fromkeys(CATEGORY_SLUGS, 0)
    slug_of = {c.id: c.slug for c in categories}
    for module in modules:
        if module.category_id:
            by_category[slug_of[module.category_id]] += 1
    return {
        "categories": len(categories),
        "modules": len(modules),
        "modules_by_category": by_category,
        "modules_without_category": sum(1 for m in modules if m.category_id is None),
        "lessons": sum(len(m.active_lessons) for m in modules),
        "words_by_module": {m.slug: m.word_count for m in modules},
        "questions_by_category": _questions_by_category(by_category),
        **_case_counts(by_category),
    }


def _questions_by_category(slugs: dict) -> dict[str, int]:
    from training.quizzes import bank

    counts = bank.bank_stats()["by_category"]
    return {slug: counts.get(slug, 0) for slug in slugs}


def _case_counts(slugs: dict) -> dict:
    from training.cases import service as cases

    published = cases.published_cases()
    by_category = dict.fromkeys(slugs, 0)
    for case in published:
        for slug in case.published.data.get("categories", []):
            if slug in by_category:
                by_category[slug] += 1
    return {"cases": len(published), "cases_by_category": by_category}
