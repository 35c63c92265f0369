"""Case events as xAPI statements for the organisation's LRS (through `training.xapi.outbox`).

Every step a learner takes is a statement: a decision `responded` (with the choice and its
quality as score), a reflection `responded` (without its text: what a learner writes stays
here), a piece of story `experienced`. Reaching an ending is `completed` on the case, type
simulation, as the competence export calls a played case. A step undone with "terug" keeps
its statement: it was taken.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa

from training.cases.graph import nodes_by_id
from training.cases.models import CaseAttempt, CaseStep
from training.cases.nodes import QUALITIES
from training.curriculum.models import Category
from training.extensions import db
from training.xapi import outbox, vocabulary
from training.xapi.vocabulary import moment_key


def _case_activity(base: str, attempt: CaseAttempt) -> dict:
    return vocabulary.activity(
        f"{base}/xapi/casussen/{attempt.case.slug}",
        "simulation",
        str(attempt.version.data.get("title") or attempt.case.title),
    )


def _node_activity(base: str, attempt: CaseAttempt, node: dict) -> dict:
    return vocabulary.activity(
        f"{base}/xapi/casussen/{attempt.case.slug}/knopen/{node['id']}",
        "interaction",
        f"{attempt.case.slug}: {node['id']}",
    )


def _categories(base: str, slugs: list[str]) -> list[dict] | None:
    """Grouping activities for these category slugs (one query, only while building)."""
    if not slugs:
        return None
    found = {
        c.slug: c for c in db.session.scalars(sa.select(Category).where(Category.slug.in_(slugs)))
    }
    return [
        vocabulary.category_activity(base, slug, found[slug].name_nl, found[slug].name_en)
        for slug in dict.fromkeys(slugs)
        if slug in found
    ] or None


def _registration(attempt: CaseAttempt) -> str:
    return vocabulary.statement_id(f"case-attempt/{attempt.id}/{moment_key(attempt.started_at)}")


def _step(base: str, attempt: CaseAttempt, step: CaseStep) -> dict:
    node = nodes_by_id(attempt.version.data)[step.node_id]
    result = None
    slugs: list[str] = []
    if step.choice_index is not None:
        choice = node["choices"][step.choice_index]
        slugs = list(choice.get("categories") or [])
        result = {
            "response": str(choice.get("text") or "")[:500],
            "score": vocabulary.score(QUALITIES[choice["quality"]]),
        }
        did = "responded"
    elif step.reflection:
        did = "responded"
        result = {"completion": True}
    else:
        did = "experienced"
    return vocabulary.statement(
        f"case-step/{attempt.id}/{step.position}/{moment_key(step.taken_at)}",
        vocabulary.actor(base, attempt.user_id, attempt.user.name),
        did,
        _node_activity(base, attempt, node),
        step.taken_at,
        result=result,
        where=vocabulary.context(
            categories=_categories(base, slugs),
            parent=_case_activity(base, attempt),
            registration=_registration(attempt),
        ),
    )


def _ending(base: str, attempt: CaseAttempt, score: float, category_scores: dict) -> dict:
    ending = nodes_by_id(attempt.version.data)[attempt.ending_node]
    return vocabulary.statement(
        f"case-ended/{attempt.id}/{moment_key(attempt.finished_at)}",
        vocabulary.actor(base, attempt.user_id, attempt.user.name),
        "completed",
        _case_activity(base, attempt),
        attempt.finished_at,
        result={
            "score": vocabulary.score(score),
            "completion": True,
            "response": str(ending.get("title") or ending["id"])[:500],
        },
        where=vocabulary.context(
            categories=_categories(base, list(category_scores)),
            registration=_registration(attempt),
        ),
    )


def queue_step(
    attempt: CaseAttempt, step: CaseStep, ended: tuple[float, dict] | None = None
) -> int:
    """The step just taken and, when it reached an ending, the ending: (score, category scores)."""

    def build() -> Iterator[dict]:
        base = vocabulary.site_base()
        yield _step(base, attempt, step)
        if ended is not None:
            yield _ending(base, attempt, *ended)

    return outbox.add(attempt.user.organisation_id, attempt.user_id, build())
