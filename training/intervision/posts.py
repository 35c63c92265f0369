"""Posts in a thread: writing, editing, removing, and marking a post as helpful.

A helpful mark is peer evidence for the author in each category the post was tagged with.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training.accounts.models import User
from training.clock import utcnow
from training.competence.service import record_evidence, withdraw_evidence
from training.extensions import db
from training.intervision.access import can_edit, can_remove, current_phase, silenced
from training.intervision.errors import IntervisionError
from training.intervision.models import HelpfulMark, Membership, Post, Thread
from training.intervision.notifications import followers, notify
from training.intervision.threads import categories_by_slug, read_state
from training.intervision.xapi import queue_helpful, take_back_helpful


def add_post(
    thread: Thread,
    membership: Membership,
    *,
    body: str,
    categories: list[str] | None = None,
    reply_to_id: int | None = None,
    privacy_confirmed: dict | None = None,
) -> Post:
    """A new post in the thread's current phase; the author now follows the thread."""
    if thread.is_closed:
        raise IntervisionError(_l("Deze casus is afgesloten; er kunnen geen berichten meer bij."))
    if silenced(membership, thread):
        raise IntervisionError(
            _l(
                "In de fase '%(phase)s' luister je als inbrenger en plaats je geen berichten.",
                phase=current_phase(thread).name,
            )
        )
    if not body.strip():
        raise IntervisionError(_l("Schrijf eerst een bericht."))
    if reply_to_id is not None:
        parent = db.session.get(Post, reply_to_id)
        if parent is None or parent.thread_id != thread.id or parent.is_removed:
            raise IntervisionError(_l("Je kunt alleen reageren op een bericht in deze casus."))
    post = Post(
        thread_id=thread.id,
        author_id=membership.user_id,
        phase=thread.phase,
        body=body.strip(),
        categories=list(categories or []),
        reply_to_id=reply_to_id,
        privacy_confirmed=privacy_confirmed,
    )
    db.session.add(post)
    db.session.flush()
    # One UPDATE: concurrent posts each count, and the thread points at the newest.
    db.session.execute(
        sa.update(Thread)
        .where(Thread.id == thread.id)
        .values(
            post_count=Thread.post_count + 1,
            last_post_at=utcnow(),
            last_post_id=sa.case(
                (Thread.last_post_id < post.id, post.id), else_=Thread.last_post_id
            ),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(thread)
    state = read_state(thread.id, membership.user_id)
    state.seen, state.following = True, True
    state.last_read_post_id = max(state.last_read_post_id or 0, post.id)
    db.session.flush()
    notify(followers(thread, exclude=membership.user_id), "post", thread.group, thread, post.author)
    return post


def edit_post(
    post: Post,
    thread: Thread,
    user: User,
    *,
    body: str,
    categories: list[str],
    privacy_confirmed: dict | None = None,
    now: datetime | None = None,
) -> None:
    if not can_edit(user, post, thread, now):
        raise IntervisionError(
            _l("Je kunt een bericht alleen in het eerste kwartier na plaatsen bewerken.")
        )
    if not body.strip():
        raise IntervisionError(_l("Schrijf eerst een bericht."))
    post.body = body.strip()
    post.categories = list(categories)
    post.edited_at = now or utcnow()
    if privacy_confirmed is not None:
        post.privacy_confirmed = privacy_confirmed
    db.session.flush()


def remove_post(post: Post, membership: Membership) -> None:
    """The text is erased; a 'removed' mark stays so replies keep their place."""
    if not can_remove(membership, post):
        raise IntervisionError(
            _l("Alleen de schrijver of de facilitator kan dit bericht verwijderen.")
        )
    post.body = ""
    post.removed_at = utcnow()
    db.session.flush()


def toggle_helpful(post: Post, user: User) -> bool:
    """Mark or unmark a post as helpful; a mark is peer evidence for the author per tagged category."""
    if post.author_id == user.id:
        raise IntervisionError(_l("Je kunt je eigen bericht niet als nuttig markeren."))
    if post.is_removed:
        raise IntervisionError(_l("Dit bericht is verwijderd."))
    source = f"intervisie-bericht {post.id} nuttig volgens {user.id}"
    mark = db.session.scalar(
        sa.select(HelpfulMark).where(HelpfulMark.post_id == post.id, HelpfulMark.user_id == user.id)
    )
    if mark is not None:
        take_back_helpful(post, mark)
        db.session.delete(mark)
        withdraw_evidence(source)
        db.session.flush()
        return False
    mark = HelpfulMark(post_id=post.id, user_id=user.id, created_at=utcnow())
    db.session.add(mark)
    if post.author is not None:
        categories = categories_by_slug(post.categories)
        for category in categories:
            record_evidence(post.author, category, "peer", 1.0, source)
        queue_helpful(post, mark, categories)
    db.session.flush()
    return True
