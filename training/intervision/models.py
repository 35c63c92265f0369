"""Intervision groups, their members and invitations, threads, posts and notifications."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from training.accounts.models import User
from training.clock import utcnow
from training.extensions import db

FACILITATOR = "facilitator"
MEMBER = "member"


class IntervisionGroup(db.Model):
    __tablename__ = "intervision_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    purpose: Mapped[str] = mapped_column(sa.Text, default="")
    rules: Mapped[str] = mapped_column(sa.Text, default="")
    # Closed threads older than this many days are deleted by `flask intervision purge`.
    retention_days: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="group", cascade="all, delete-orphan", lazy="selectin"
    )
    threads: WriteOnlyMapped[Thread] = relationship(
        back_populates="group", cascade="all, delete-orphan", passive_deletes=True
    )


class Membership(db.Model):
    __tablename__ = "intervision_memberships"
    __table_args__ = (
        sa.UniqueConstraint("group_id", "user_id", name="uq_intervision_memberships_group_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("intervision_groups.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(16), default=MEMBER)
    joined_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    group: Mapped[IntervisionGroup] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(lazy="joined")

    @property
    def is_facilitator(self) -> bool:
        return self.role == FACILITATOR


class Invitation(db.Model):
    """A join link, or a personal invitation for one account; only a hash of a token is kept.

    A personal invitation (``invitee_id`` set) waits until that person accepts or declines it:
    nobody becomes a member of a group without saying yes.
    """

    __tablename__ = "intervision_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("intervision_groups.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(default=False)
    invitee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )

    group: Mapped[IntervisionGroup] = relationship(lazy="joined")


class Thread(db.Model):
    """A casus-inbreng: one member's situation and question, worked through by a method."""

    __tablename__ = "intervision_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("intervision_groups.id", ondelete="CASCADE"), index=True
    )
    inbrenger_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    situation: Mapped[str] = mapped_column(sa.Text)
    question: Mapped[str] = mapped_column(sa.Text)
    method: Mapped[str] = mapped_column(sa.String(32))
    phase: Mapped[int] = mapped_column(default=0)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(sa.String(16), default="open")  # open | closed
    takeaway: Mapped[str | None] = mapped_column(sa.Text)
    takeaway_categories: Mapped[list] = mapped_column(sa.JSON, default=list)
    # What the privacy guard found and the author chose to keep, e.g. {"tags": [...], "at": ...}.
    privacy_confirmed: Mapped[dict | None] = mapped_column(sa.JSON)
    post_count: Mapped[int] = mapped_column(default=0)
    last_post_id: Mapped[int] = mapped_column(default=0)
    last_post_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    group: Mapped[IntervisionGroup] = relationship(back_populates="threads", lazy="joined")
    inbrenger: Mapped[User | None] = relationship(lazy="joined")
    posts: WriteOnlyMapped[Post] = relationship(
        back_populates="thread", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_closed(self) -> bool:
        return self.state == "closed"


class Post(db.Model):
    __tablename__ = "intervision_posts"
    # A thread's posts in order, a page at a time.
    __table_args__ = (sa.Index("ix_intervision_posts_thread_post", "thread_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("intervision_threads.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    phase: Mapped[int]
    body: Mapped[str] = mapped_column(sa.Text)
    categories: Mapped[list] = mapped_column(sa.JSON, default=list)
    reply_to_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("intervision_posts.id", ondelete="SET NULL")
    )
    privacy_confirmed: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    removed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    thread: Mapped[Thread] = relationship(back_populates="posts")
    author: Mapped[User | None] = relationship(lazy="joined")
    reply_to: Mapped[Post | None] = relationship(remote_side=[id])

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class HelpfulMark(db.Model):
    __tablename__ = "intervision_helpful_marks"
    __table_args__ = (
        sa.UniqueConstraint("post_id", "user_id", name="uq_intervision_helpful_marks_post_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        sa.ForeignKey("intervision_posts.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class ThreadRead(db.Model):
    """How far a member has read a thread; also whether they follow it."""

    __tablename__ = "intervision_thread_reads"
    __table_args__ = (
        sa.UniqueConstraint("thread_id", "user_id", name="uq_intervision_thread_reads_thread_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("intervision_threads.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_read_post_id: Mapped[int] = mapped_column(default=0)
    seen: Mapped[bool] = mapped_column(default=False)
    following: Mapped[bool] = mapped_column(default=False)


class Notification(db.Model):
    __tablename__ = "intervision_notifications"
    __table_args__ = (
        sa.Index("ix_intervision_notifications_user_read", "user_id", "read_at"),
        # A user's notifications, newest first, a page at a time.
        sa.Index("ix_intervision_notifications_user_order", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(16))  # thread | post | phase | member | invited
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("intervision_groups.id", ondelete="CASCADE"), index=True
    )
    thread_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("intervision_threads.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    emailed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    group: Mapped[IntervisionGroup] = relationship(lazy="joined")
    thread: Mapped[Thread | None] = relationship(lazy="joined")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")


class DigestSetting(db.Model):
    """A user's e-mail digest choice; no row means the default, daily."""

    __tablename__ = "intervision_digest_settings"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    frequency: Mapped[str] = mapped_column(sa.String(8), default="daily")  # daily | off
    last_sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class Draft(db.Model):
    """Text kept for its author alone while the privacy guard could not check it.

    Nothing unchecked is published: a new case, a post or an edit waits here, visible to its
    author only, until it goes through the guard. One draft per author and place.
    """

    __tablename__ = "intervision_drafts"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "place", name="uq_intervision_drafts_user_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("intervision_groups.id", ondelete="CASCADE"), index=True
    )
    # 'groep-<id>' (a new case), 'draad-<id>' (a post), 'bericht-<id>' (an edit)
    place: Mapped[str] = mapped_column(sa.String(40))
    texts: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class SharedMap(db.Model):
    """A network map shared into a thread: a copy as it was when shared (the starting point)."""

    __tablename__ = "intervision_shared_maps"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("intervision_threads.id", ondelete="CASCADE"), index=True
    )
    # The map goes with the person who shared it: deleting the account deletes the copy.
    shared_by_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(sa.String(60))
    persons: Mapped[list] = mapped_column(sa.JSON, default=list)
    with_notes: Mapped[bool] = mapped_column(default=False)
    shared_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    shared_by: Mapped[User] = relationship(lazy="joined")
