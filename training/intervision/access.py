"""Who may see and do what in intervision: lookups through a membership, and permission checks.

A non-member gets None from the lookups and the route answers 404, so not even a group's
existence leaks. The permission checks are plain functions of a membership (or user), a
thread and a post, so that views, services and templates all ask the same question.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from training.accounts.models import User
from training.clock import as_utc, utcnow
from training.extensions import db
from training.intervision.methods import METHODS, Method, Phase
from training.intervision.models import IntervisionGroup, Membership, Post, Thread

EDIT_WINDOW = timedelta(minutes=15)


def membership_in(user: User, group_id: int) -> Membership | None:
    """The user's membership of the group, or None for an outsider."""
    return db.session.scalar(
        sa.select(Membership).where(Membership.group_id == group_id, Membership.user_id == user.id)
    )


def group_for_member(user: User, group_id: int) -> tuple[IntervisionGroup, Membership] | None:
    """The group and the user's membership; None when the user is not a member."""
    membership = membership_in(user, group_id)
    return (membership.group, membership) if membership else None


def thread_for_member(user: User, thread_id: int) -> tuple[Thread, Membership] | None:
    """The thread and the user's membership of its group, in one query; None for outsiders."""
    row = db.session.execute(
        sa.select(Thread, Membership)
        .join(Membership, Membership.group_id == Thread.group_id)
        .where(Thread.id == thread_id, Membership.user_id == user.id)
    ).first()
    return (row[0], row[1]) if row else None


def post_for_member(user: User, post_id: int) -> tuple[Post, Membership] | None:
    """The post and the user's membership of its thread's group; None for outsiders."""
    row = db.session.execute(
        sa.select(Post, Membership)
        .join(Thread, Thread.id == Post.thread_id)
        .join(Membership, Membership.group_id == Thread.group_id)
        .where(Post.id == post_id, Membership.user_id == user.id)
    ).first()
    return (row[0], row[1]) if row else None


def can_manage_group(membership: Membership) -> bool:
    """Settings, invitations and members are the facilitator's."""
    return membership.is_facilitator


def method_of(thread: Thread) -> Method:
    return METHODS[thread.method]


def current_phase(thread: Thread) -> Phase:
    return method_of(thread).phases[thread.phase]


def is_last_phase(thread: Thread) -> bool:
    return thread.phase >= len(method_of(thread).phases) - 1


def can_advance(membership: Membership, thread: Thread) -> bool:
    """The facilitator moves a thread on; in a free discussion the inbrenger does too."""
    if thread.is_closed or is_last_phase(thread):
        return False
    if membership.is_facilitator:
        return True
    return method_of(thread).inbrenger_leads and thread.inbrenger_id == membership.user_id


def silenced(membership: Membership, thread: Thread) -> bool:
    """The inbrenger only listens in this phase."""
    return thread.inbrenger_id == membership.user_id and current_phase(thread).inbrenger_silent


def can_close(membership: Membership, thread: Thread) -> bool:
    """Only the inbrenger closes, and in a structured method only in its last phase."""
    if thread.is_closed or thread.inbrenger_id != membership.user_id:
        return False
    return method_of(thread).inbrenger_leads or is_last_phase(thread)


def can_edit(user: User, post: Post, thread: Thread, now: datetime | None = None) -> bool:
    """The author may correct a post for a short while, as long as the thread is open."""
    now = now or utcnow()
    return (
        post.author_id == user.id
        and not post.is_removed
        and not thread.is_closed
        and now - as_utc(post.created_at) <= EDIT_WINDOW
    )


def can_remove(membership: Membership, post: Post) -> bool:
    """The author or the facilitator may remove a post."""
    return not post.is_removed and (
        post.author_id == membership.user_id or membership.is_facilitator
    )
