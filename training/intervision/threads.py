"""Threads: bringing in a situation, the thread page and its read markers, phases, closing.

Also what happens to threads afterwards: the retention purge and a member's participation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from training import paging
from training.accounts.models import User
from training.clock import as_utc, utcnow
from training.competence.service import record_evidence
from training.curriculum.models import Category
from training.extensions import db
from training.intervision.access import can_advance, can_close, is_last_phase
from training.intervision.errors import IntervisionError
from training.intervision.methods import METHODS
from training.intervision.models import (
    HelpfulMark,
    IntervisionGroup,
    Membership,
    Notification,
    Post,
    Thread,
    ThreadRead,
)
from training.intervision.notifications import followers, notify
from training.intervision.xapi import queue_takeaway
from training.journal import service as journal
from training.paging import Page

CONFIDENCE_SCORES = {"1": 0.25, "2": 0.5, "3": 0.75, "4": 1.0}


def read_state(thread_id: int, user_id: int) -> ThreadRead:
    """The user's read marker and follow choice for the thread (made when missing).

    Two tabs opening a thread at once may both find no marker: the insert skips a row the
    other request made in the meantime (ON CONFLICT DO NOTHING) instead of failing.
    """
    mine = sa.and_(ThreadRead.thread_id == thread_id, ThreadRead.user_id == user_id)
    state = db.session.scalar(sa.select(ThreadRead).where(mine))
    if state is None:
        insert = (
            postgresql.insert
            if db.session.get_bind().dialect.name == "postgresql"
            else sqlite.insert
        )
        db.session.execute(
            insert(ThreadRead)
            .values(thread_id=thread_id, user_id=user_id, last_read_post_id=0)
            .on_conflict_do_nothing(index_elements=["thread_id", "user_id"])
        )
        state = db.session.scalars(sa.select(ThreadRead).where(mine)).one()
    return state


def categories_by_slug(slugs: Iterable[str] | None) -> list[Category]:
    """The categories a post or takeaway was tagged with (unknown slugs are skipped)."""
    if not slugs:
        return []
    return list(db.session.scalars(sa.select(Category).where(Category.slug.in_(list(slugs)))))


def start_thread(
    group: IntervisionGroup,
    user: User,
    *,
    title: str,
    situation: str,
    question: str,
    method: str,
    case_id: int | None = None,
    privacy_confirmed: dict | None = None,
) -> Thread:
    """The user brings in a situation; they follow it, the other members are told."""
    if method not in METHODS:
        raise IntervisionError(_l("Kies een van de methoden uit de lijst."))
    thread = Thread(
        group_id=group.id,
        inbrenger_id=user.id,
        title=title.strip(),
        situation=situation.strip(),
        question=question.strip(),
        method=method,
        case_id=case_id,
        privacy_confirmed=privacy_confirmed,
        last_post_at=utcnow(),
    )
    db.session.add(thread)
    db.session.flush()
    state = read_state(thread.id, user.id)
    state.seen, state.following = True, True
    notify(
        [m.user_id for m in group.memberships if m.user_id != user.id],
        "thread",
        group,
        thread,
        user,
    )
    db.session.flush()
    return thread


@dataclass
class ThreadRow:
    thread: Thread
    unread: bool
    following: bool


def threads_of(group: IntervisionGroup, user: User) -> list[ThreadRow]:
    """The group's threads, open ones first, newest activity first, with the user's markers."""
    rows = db.session.execute(
        sa.select(Thread, ThreadRead)
        .outerjoin(
            ThreadRead, sa.and_(ThreadRead.thread_id == Thread.id, ThreadRead.user_id == user.id)
        )
        .where(Thread.group_id == group.id)
        .order_by(Thread.state.desc(), Thread.last_post_at.desc(), Thread.id.desc())
    ).all()
    return [
        ThreadRow(
            thread,
            read is None or not read.seen or thread.last_post_id > read.last_read_post_id,
            bool(read and read.following),
        )
        for thread, read in rows
    ]


# Posts per page of a thread: a long discussion opens at the page that holds what is new.
POSTS_PER_PAGE = 50


@dataclass
class ThreadPage:
    paged: Page  # the posts of this page, oldest first
    helpful: Counter
    marked_by_me: set[int]
    first_unread_id: int | None
    following: bool

    @property
    def posts(self) -> list[Post]:
        return self.paged.items

    @property
    def post_ids(self) -> set[int]:
        return {post.id for post in self.paged.items}


def page_of_post(post: Post, per_page: int = POSTS_PER_PAGE) -> int:
    """The page of its thread that shows this post (one count)."""
    before = db.session.scalar(
        sa.select(sa.func.count(Post.id)).where(Post.thread_id == post.thread_id, Post.id < post.id)
    )
    return paging.page_holding(before or 0, per_page)


def _opening_page(thread: Thread, state: ThreadRead, per_page: int) -> int:
    """Where a thread opens without a page number: the first visit at the start, a returning
    reader at the page with the first post they have not read, or else at the newest posts."""
    if not state.seen:
        return 1
    read = state.last_read_post_id or 0
    if read >= thread.last_post_id:
        return paging.page_holding(thread.post_count - 1, per_page)
    already = db.session.scalar(
        sa.select(sa.func.count(Post.id)).where(Post.thread_id == thread.id, Post.id <= read)
    )
    return paging.page_holding(already or 0, per_page)


def thread_page(
    thread: Thread, user: User, number: int | None = None, per_page: int = POSTS_PER_PAGE
) -> ThreadPage:
    """One page of the thread (`number`, or where the reader left off), in a fixed number of
    queries whatever the thread's length, and mark what it shows as read."""
    state = read_state(thread.id, user.id)
    # A new read marker is written once, at the end, with what this page shows.
    with db.session.no_autoflush:
        before = state.last_read_post_id or 0
        if number is None:
            number = _opening_page(thread, state, per_page)
        paged = paging.with_total(
            db.session,
            sa.select(Post)
            .where(Post.thread_id == thread.id)
            .options(selectinload(Post.reply_to))
            .order_by(Post.id),
            number,
            per_page,
            thread.post_count,
        )
        ids = [post.id for post in paged.items]
        helpful = Counter(
            dict(
                db.session.execute(
                    sa.select(HelpfulMark.post_id, sa.func.count())
                    .where(HelpfulMark.post_id.in_(ids))
                    .group_by(HelpfulMark.post_id)
                ).all()
            )
        )
        marked = set(
            db.session.scalars(
                sa.select(HelpfulMark.post_id).where(
                    HelpfulMark.post_id.in_(ids), HelpfulMark.user_id == user.id
                )
            )
        )
    first_unread = next((i for i in ids if i > before), None) if state.seen else None
    state.seen = True
    # Read up to the newest post this page shows; later pages stay new.
    state.last_read_post_id = max([before, *ids])
    db.session.execute(
        sa.update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.thread_id == thread.id,
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    db.session.flush()
    return ThreadPage(paged, helpful, marked, first_unread, state.following)


def set_following(thread: Thread, user: User, following: bool) -> None:
    state = read_state(thread.id, user.id)
    state.following = following
    db.session.flush()


def advance_phase(thread: Thread, membership: Membership) -> None:
    if thread.is_closed:
        raise IntervisionError(_l("Deze casus is afgesloten."))
    if is_last_phase(thread):
        raise IntervisionError(_l("Dit is al de laatste fase."))
    if not can_advance(membership, thread):
        raise IntervisionError(_l("Alleen de facilitator kan de volgende fase starten."))
    thread.phase += 1
    db.session.flush()
    recipients = set(followers(thread, exclude=membership.user_id))
    if thread.inbrenger_id and thread.inbrenger_id != membership.user_id:
        recipients.add(thread.inbrenger_id)
    notify(sorted(recipients), "phase", thread.group, thread, membership.user)


def close_thread(
    thread: Thread,
    membership: Membership,
    *,
    takeaway: str,
    categories: list[str],
    confidence: str,
    to_journal: bool,
    privacy_confirmed: dict | None = None,
) -> None:
    """The inbrenger's takeaway closes the thread; it is self-evidence per linked category.

    privacy_confirmed: the guard's record when the author kept findings in the takeaway.
    """
    if not can_close(membership, thread):
        if thread.is_closed:
            raise IntervisionError(_l("Deze casus is al afgesloten."))
        raise IntervisionError(
            _l("Alleen de inbrenger sluit de casus af, in de laatste fase van de methode.")
        )
    if not takeaway.strip():
        raise IntervisionError(_l("Schrijf op wat je meeneemt."))
    if confidence not in CONFIDENCE_SCORES:
        raise IntervisionError(_l("Kies hoe zeker je je voelt."))
    thread.takeaway = takeaway.strip()
    thread.takeaway_categories = list(categories)
    if privacy_confirmed is not None:
        thread.privacy_confirmed = {
            **(thread.privacy_confirmed or {}),
            "afsluiting": privacy_confirmed,
        }
    thread.state = "closed"
    thread.closed_at = utcnow()
    user = membership.user
    found = categories_by_slug(categories)
    for category in found:
        record_evidence(
            user, category, "self", CONFIDENCE_SCORES[confidence], f"intervisie-casus {thread.id}"
        )
    queue_takeaway(thread, user, CONFIDENCE_SCORES[confidence], found)
    if to_journal:
        journal.create_entry(
            user,
            title=str(_l("Intervisie: %(title)s", title=thread.title))[:200],
            framework="vrij",
            answers={"tekst": thread.takeaway},
            category=found[0] if found else None,
            prompt=thread.question,
        )
    db.session.flush()
    notify(followers(thread, exclude=user.id), "closed", thread.group, thread, user)


# --- retention and participation ----------------------------------------------------------


def purge_closed_threads(now: datetime | None = None) -> int:
    """Delete closed threads older than their group's retention period; returns how many."""
    now = now or utcnow()
    candidates = db.session.execute(
        sa.select(Thread, IntervisionGroup.retention_days)
        .join(IntervisionGroup, IntervisionGroup.id == Thread.group_id)
        .where(Thread.state == "closed", IntervisionGroup.retention_days.is_not(None))
    ).all()
    doomed = [
        thread.id
        for thread, days in candidates
        if thread.closed_at is not None and as_utc(thread.closed_at) + timedelta(days=days) <= now
    ]
    if not doomed:
        return 0
    post_ids = sa.select(Post.id).where(Post.thread_id.in_(doomed))
    db.session.execute(sa.delete(HelpfulMark).where(HelpfulMark.post_id.in_(post_ids)))
    db.session.execute(sa.update(Post).where(Post.thread_id.in_(doomed)).values(reply_to_id=None))
    db.session.execute(sa.delete(Post).where(Post.thread_id.in_(doomed)))
    db.session.execute(sa.delete(ThreadRead).where(ThreadRead.thread_id.in_(doomed)))
    db.session.execute(sa.delete(Notification).where(Notification.thread_id.in_(doomed)))
    db.session.execute(sa.delete(Thread).where(Thread.id.in_(doomed)))
    return len(doomed)


@dataclass
class Participation:
    brought_in: list[Thread]
    contributed: list[tuple[Thread, int]]  # thread, number of own posts


def participation(user: User) -> Participation:
    """What the user brought in and where they contributed (for their portfolio)."""
    brought_in = list(
        db.session.scalars(
            sa.select(Thread).where(Thread.inbrenger_id == user.id).order_by(Thread.created_at)
        )
    )
    rows = db.session.execute(
        sa.select(Thread, sa.func.count(Post.id))
        .join(Post, Post.thread_id == Thread.id)
        .where(
            Post.author_id == user.id,
            Post.removed_at.is_(None),
            sa.or_(Thread.inbrenger_id.is_(None), Thread.inbrenger_id != user.id),
        )
        .group_by(Thread.id)
        .order_by(Thread.created_at)
    ).all()
    return Participation(brought_in, [(t, n) for t, n in rows])
