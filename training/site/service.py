"""Plain functions behind the site pages."""

from __future__ import annotations

from dataclasses import dataclass

import redis
import sqlalchemy as sa

from training.accounts.models import User
from training.competence import cohorts
from training.competence.models import CohortMember
from training.curriculum import service as curriculum
from training.curriculum.models import Lesson
from training.extensions import db
from training.privacyguard import client as guard_client


def redis_state(url: str | None) -> str:
    """'ok', 'unreachable', or 'not configured' (rate limits then live in each worker)."""
    if not url:
        return "not configured"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except (redis.RedisError, OSError, ValueError):
        return "unreachable"
    return "ok"


def readiness(redis_url: str | None) -> tuple[dict[str, str], bool]:
    """What a load balancer asks before it sends a node traffic: the database, Redis (when
    configured) and the privacy guard. Ready when none of them is unreachable."""
    parts = {
        "database": "ok" if database_is_reachable() else "unreachable",
        "redis": redis_state(redis_url),
        "privacy_guard": "ok" if guard_client.answers() else "unreachable",
    }
    return parts, "unreachable" not in parts.values()


def database_is_reachable() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return False
    return True


@dataclass
class Dashboard:
    """What a learner's dashboard shows: progress per category and where to go on."""

    groups: list[curriculum.CategoryProgress]
    next_lesson: Lesson | None
    started: bool
    cohort_invitations: list[CohortMember]
    # Every module loaded, the introduction (no category, not in `groups`) too: held so that
    # `next_lesson.module` comes from the session, not from one more query.
    modules: list


def dashboard_of(user: User) -> Dashboard:
    """The dashboard for ``user``; only active lessons of active modules count as progress.

    Lessons done in modules since retired are left out, so a learner whose only progress is in
    retired material is shown the start, not "continue".
    """
    completed = curriculum.completed_lesson_ids(user)
    groups = curriculum.catalogue(user, completed)
    modules = [item.module for group in groups for item in group.modules]
    active = {lesson.id for module in modules for lesson in module.active_lessons}
    done = active & completed
    return Dashboard(
        groups=[group for group in groups if group.category is not None],
        next_lesson=curriculum.next_lesson(user, modules, done),
        started=bool(done),
        cohort_invitations=cohorts.invitations_for(user),
        modules=modules,
    )
