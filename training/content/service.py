"""Content files into the database: check, sync and count modules, questions and cases.

This package sits above curriculum, quizzes and cases: it reads every kind of content file
and hands each to the feature that owns it, so none of those features needs the others.
Use-case functions flush and leave the commit to their caller (the CLI command or a test).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from training.cases import service as cases
from training.clock import utcnow
from training.content import itemrules
from training.content.itemrules import Finding
from training.curriculum import pages
from training.curriculum import service as curriculum
from training.curriculum.content import CATEGORY_SLUGS, Content, load_content
from training.curriculum.models import Category, ContentPage, Lesson, Module
from training.extensions import db
from training.quizzes import bank
from training.rules import RuleError


class ContentError(RuleError):
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
    pages: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        question_changes = {
            k: v
            for k, v in [*self.questions.items(), *self.cases.items(), *self.pages.items()]
            if k != "ongewijzigd"
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
        for name, counts in (
            ("Vragen", self.questions),
            ("Casussen", self.cases),
            ("Pagina's", self.pages),
        ):
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
    """Read and check every content file: modules, categories, question banks, cases, pages.

    Besides problems (which block a sync), `parsed["warnings"]` holds what an author should
    look at (item-writing findings) and `parsed["figures"]` the item-writing figures.
    """
    content = load_content(root)
    known = {
        key for c in content.categories for key in (c.slug, c.name_nl.lower(), c.name_en.lower())
    }
    questions, question_problems = bank.check_question_files(root, known)
    case_files, case_problems = cases.check_case_files(root, {c.slug for c in content.categories})
    page_problems: list = []
    page_files = pages.load_pages(root, page_problems)
    parsed = {"questions": questions, "cases": case_files, "pages": page_files}
    bank_figures, bank_findings = itemrules.check_bank(questions)
    case_figures, case_findings = itemrules.check_cases(case_files)
    findings = [*bank_findings, *case_findings, *_reference_findings(content, parsed)]
    parsed["warnings"] = [f for f in findings if not f.error]
    parsed["figures"] = {"questions": bank_figures, "cases": case_figures}
    errors = [f for f in findings if f.error]
    return (
        content,
        parsed,
        [*content.problems, *question_problems, *case_problems, *page_problems, *errors],
    )


def figure_lines(figures: dict | None) -> list[str]:
    """The item-writing figures of a check, as lines for a person."""
    if not figures:
        return []
    q, c = figures["questions"], figures["cases"]
    return [
        f"Meerkeuzevragen waarin het juiste antwoord het langste is: {q.right_longest} van "
        f"{q.single_choice} ({q.right_longest_share:.0%}, grens {itemrules.LONGEST_SHARE_LIMIT:.0%}).",
        f"Vragen: {q.application} toepassing, {q.recall} kennis"
        + (f", {q.untagged} zonder label" if q.untagged else "")
        + f" ({q.application_share:.0%} toepassing, minstens {itemrules.APPLICATION_SHARE_MIN:.0%}).",
        f"Beslismomenten waarin de sterke keuze de langste is: {c.sterk_longest} van "
        f"{c.with_sterk} ({c.sterk_longest_share:.0%}, grens 33%); patroon sterk/redelijk/zwak "
        f"in {c.same_pattern} van {c.decisions}.",
    ]


def _reference_findings(content: Content, parsed: dict) -> list[itemrules.Finding]:
    """Links between files: session plans name a module and a case; explainer links resolve;
    a module that mentions a rule with an explainer points to it instead of repeating it."""
    findings = []
    modules = {m.slug: m for m in content.modules}
    case_slugs = {data.get("slug") for _, data in parsed["cases"]}
    explainers = {p.slug for p in parsed["pages"] if p.kind == pages.EXPLAINER}
    plans = {}
    for page in parsed["pages"]:
        if page.kind == pages.KIT and page.meta.get("module"):
            where = f"{page.source_file}:2"
            plans[page.meta["module"]] = page
            if page.meta["module"] not in modules:
                findings.append(Finding(where, f"onbekende module '{page.meta['module']}'", True))
            if page.meta["case"] not in case_slugs:
                findings.append(Finding(where, f"onbekende casus '{page.meta['case']}'", True))
    for slug, module in modules.items():
        where = module.source_file
        if slug not in plans:
            findings.append(
                Finding(where + ":1", f"module '{slug}' heeft geen sessieplan in content/kit/")
            )
        for lesson in module.lessons:
            for link in pages.explainer_links(lesson.body_md) - explainers:
                findings.append(
                    Finding(
                        f"{where}:{lesson.line}", f"de uitleg '/uitleg/{link}' bestaat niet", True
                    )
                )
            for explainer in explainers:
                named = explainer.replace("-", " ")
                if named in lesson.body_md.lower() and explainer not in pages.explainer_links(
                    lesson.body_md
                ):
                    findings.append(
                        Finding(
                            f"{where}:{lesson.line}",
                            f"les '{lesson.title}' noemt de {named} zonder te verwijzen naar /uitleg/{explainer}",
                        )
                    )
    for rel, data in parsed["cases"]:
        for link in pages.explainer_links(str(data)) - explainers:
            findings.append(Finding(f"{rel}:1", f"de uitleg '/uitleg/{link}' bestaat niet", True))
    return findings


def sync_content(root: Path) -> SyncReport:
    """Load content/ into the database: all of it or, when any file has a problem, nothing."""
    content, parsed, problems = check_content(root)
    if problems:
        raise ContentError(problems)
    return load_checked(content, parsed)


def load_checked(content: Content, parsed: dict) -> SyncReport:
    """Load content that `check_content` found without problems (tests reuse one check)."""
    report = _apply(content)
    report.pages = _sync_pages(parsed.get("pages", []))
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


def _sync_pages(found: list[pages.PageData]) -> dict[str, int]:
    """Upsert explainers and kit pages by (kind, slug); pages whose file is gone are retired."""
    existing = {(p.kind, p.slug): p for p in db.session.scalars(sa.select(ContentPage))}
    counts: dict[str, int] = {}
    seen = set()
    for data in found:
        key = (data.kind, data.slug)
        seen.add(key)
        page = existing.get(key)
        label = "ongewijzigd"
        if page is None:
            page = ContentPage(kind=data.kind, slug=data.slug)
            db.session.add(page)
            label = "nieuw"
        values = {"title": data.title, "meta": data.meta, "body_md": data.body_md,
                  "body_html": str(data.body_html), "source_file": data.source_file,
                  "retired": False}  # fmt: skip
        if _assign(page, values) and label != "nieuw":
            label = "bijgewerkt"
        if label != "ongewijzigd":
            page.updated_at = utcnow()
        counts[label] = counts.get(label, 0) + 1
    for key, page in existing.items():
        if key not in seen and not page.retired:
            page.retired = True
            counts["teruggetrokken"] = counts.get("teruggetrokken", 0) + 1
    db.session.flush()
    return counts


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


def content_stats() -> dict:
    modules = curriculum.active_modules()
    categories = curriculum.list_categories()
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
    counts = bank.bank_stats()["by_category"]
    return {slug: counts.get(slug, 0) for slug in slugs}


def _case_counts(slugs: dict) -> dict:
    published = cases.published_cases()
    by_category = dict.fromkeys(slugs, 0)
    for case in published:
        for slug in case.published.data.get("categories", []):
            if slug in by_category:
                by_category[slug] += 1
    return {"cases": len(published), "cases_by_category": by_category}
