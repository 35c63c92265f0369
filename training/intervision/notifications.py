"""Notifications in the app and the daily e-mail digest that summarises them.

The other intervision modules call `notify` (and `followers`, to know whom to tell); this
module imports none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training import paging
from training.accounts.models import User
from training.clock import as_utc, utcnow
from training.extensions import db
from training.intervision.errors import IntervisionError
from training.intervision.models import (
    DigestSetting,
    IntervisionGroup,
    Membership,
    Notification,
    Thread,
    ThreadRead,
)
from training.paging import Page

NOTIFICATION_TEXTS = {
    "thread": _l("%(actor)s bracht een nieuwe casus in: %(thread)s"),
    "post": _l("Nieuw bericht van %(actor)s in %(thread)s"),
    "phase": _l("Volgende fase in %(thread)s"),
    "closed": _l("%(actor)s sloot %(thread)s af"),
    "member": _l("%(actor)s voegde je toe aan de groep %(group)s"),
    "invited": _l("%(actor)s nodigt je uit voor de intervisiegroep %(group)s"),
}


def notification_text(n: Notification) -> str:
    return str(
        NOTIFICATION_TEXTS[n.kind]
        % {
            "actor": n.actor.name if n.actor else "?",
            "thread": f"'{n.thread.title}'" if n.thread else "",
            "group": n.group.name,
        }
    )


def notify(
    user_ids: Iterable[int],
    kind: str,
    group: IntervisionGroup,
    thread: Thread | None,
    actor: User | None,
) -> None:
    """One notification per recipient; the digest mails them later."""
    for user_id in user_ids:
        db.session.add(
            Notification(
                user_id=user_id,
                kind=kind,
                group_id=group.id,
                thread_id=thread.id if thread else None,
                actor_id=actor.id if actor else None,
            )
        )
    db.session.flush()


def followers(thread: Thread, exclude: int | None = None) -> list[int]:
    """Members who follow the thread (a former member who still follows is left out)."""
    member_ids = sa.select(Membership.user_id).where(Membership.group_id == thread.group_id)
    return list(
        db.session.scalars(
            sa.select(ThreadRead.user_id).where(
                ThreadRead.thread_id == thread.id,
                ThreadRead.following.is_(True),
                ThreadRead.user_id != (exclude or 0),
                ThreadRead.user_id.in_(member_ids),
            )
        )
    )


def unread_notification_count(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


# Notifications per page of the notifications list.
NOTIFICATIONS_PER_PAGE = 25


def notifications_of(
    user: User, number: int = 1, per_page: int = NOTIFICATIONS_PER_PAGE
) -> Page[Notification]:
    """One page of the user's notifications, newest first (one query)."""
    query = (
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
    )
    return paging.fetch(db.session, query, number, per_page)


def mark_all_read(user: User) -> None:
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def digest_frequency(user: User) -> str:
    setting = db.session.get(DigestSetting, user.id)
    return setting.frequency if setting else "daily"


def set_digest_frequency(user: User, frequency: str) -> None:
    if frequency not in ("daily", "off"):
        raise IntervisionError(_l("Kies dagelijks of uit."))
    setting = db.session.get(DigestSetting, user.id)
    if setting is None:
        setting = DigestSetting(user_id=user.id)
        db.session.add(setting)
    setting.frequency = frequency
    db.session.flush()


@dataclass
class Digest:
    user: User
    notifications: list[Notification]


def pending_digests(now: datetime | None = None) -> list[Digest]:
    """Unread, un-mailed notifications per user with a daily digest, at most once a day."""
    now = now or utcnow()
    rows = db.session.execute(
        sa.select(Notification, DigestSetting)
        .outerjoin(DigestSetting, DigestSetting.user_id == Notification.user_id)
        .where(Notification.read_at.is_(None), Notification.emailed_at.is_(None))
        .order_by(Notification.user_id, Notification.id)
    ).all()
    per_user: dict[int, list[Notification]] = {}
    for notification, setting in rows:
        if setting is not None and setting.frequency == "off":
            continue
        last = as_utc(setting.last_sent_at) if setting else None
        if last is not None and now - last < timedelta(hours=23):
            continue
        per_user.setdefault(notification.user_id, []).append(notification)
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(per_user)))}
    return [Digest(users[uid], items) for uid, items in per_user.items()]


def mark_digest_sent(digest: Digest, now: datetime | None = None) -> None:
    now = now or utcnow()
    for notification in digest.notifications:
        notification.emailed_at = now
    setting = db.session.get(DigestSetting, digest.user.id)
    if setting is None:
        setting = DigestSetting(user_id=digest.user.id, frequency="daily")
        db.session.add(setting)
    setting.last_sent_at = now
    db.session.flush()
