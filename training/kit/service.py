"""What the trainer's kit shows, read from the synced content (no request needed)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from training.cases import service as cases
from training.cases.models import Case
from training.curriculum import service as curriculum
from training.curriculum.models import ContentPage, Module
from training.curriculum.pages import KIT
from training.extensions import db


@dataclass
class ModuleKit:
    module: Module
    plan: ContentPage | None
    case: Case | None


@dataclass
class CaseKit:
    case: Case
    minutes: int | None
    questions: list[str]

    @property
    def data(self) -> dict:
        return self.case.published.data


def _kit_pages() -> list[ContentPage]:
    return list(
        db.session.scalars(
            sa.select(ContentPage)
            .where(ContentPage.kind == KIT, ContentPage.retired.is_(False))
            .order_by(ContentPage.title)
        )
    )


def case_kit(case: Case) -> CaseKit:
    kit = case.published.data.get("trainer") or {}
    return CaseKit(case, kit.get("minutes"), list(kit.get("discussion_questions") or []))


def overview() -> tuple[list[ModuleKit], list[CaseKit], list[ContentPage]]:
    """Per module its session plan and case, every published case, and the other kit pages."""
    pages = _kit_pages()
    plans = {p.meta.get("module"): p for p in pages if p.meta.get("module")}
    published = cases.published_cases()
    by_slug = {c.slug: c for c in published}
    modules = []
    for module in curriculum.active_modules():
        plan = plans.get(module.slug)
        modules.append(
            ModuleKit(module, plan, by_slug.get(plan.meta.get("case")) if plan else None)
        )
    others = [p for p in pages if not p.meta.get("module")]
    return modules, [case_kit(c) for c in published], others


def session_plan(module_slug: str) -> ModuleKit | None:
    module = curriculum.get_module(module_slug)
    if module is None:
        return None
    plan = next((p for p in _kit_pages() if p.meta.get("module") == module_slug), None)
    if plan is None:
        return None
    return ModuleKit(module, plan, cases.get_case(plan.meta.get("case", "")))


def kit_page(slug: str) -> ContentPage | None:
    """A kit page that is not a session plan (the sources, for instance)."""
    page = db.session.scalar(
        sa.select(ContentPage).where(
            ContentPage.kind == KIT, ContentPage.slug == slug, ContentPage.retired.is_(False)
        )
    )
    return None if page is None or page.meta.get("module") else page


def case_for_kit(slug: str) -> CaseKit | None:
    case = cases.get_case(slug)
    if case is None or case.published is None:
        return None
    return case_kit(case)
