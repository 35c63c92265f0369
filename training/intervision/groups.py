"""Groups, their members and invitations.

A group has one facilitator and at most MAX_MEMBERS members. Colleagues join by a link (only
its hash is stored) or are added by e-mail address when they already have an account.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from training.accounts import service as accounts
from training.accounts.models import User
from training.clock import as_utc, utcnow
from training.extensions import db
from training.intervision.errors import IntervisionError
from training.intervision.models import (
    FACILITATOR,
    MEMBER,
    IntervisionGroup,
    Invitation,
    Membership,
    Thread,
    ThreadRead,
)
from training.intervision.notifications import notify

MAX_MEMBERS = 12
INVITATION_DAYS = 7


def create_group(user: User, *, name: str, purpose: str, rules: str) -> IntervisionGroup:
    """A new group; its creator is the facilitator."""
    group = IntervisionGroup(name=name.strip(), purpose=purpose.strip(), rules=rules.strip())
    group.memberships.append(Membership(user_id=user.id, role=FACILITATOR))
    db.session.add(group)
    db.session.flush()
    return group


def update_group(
    group: IntervisionGroup, *, name: str, purpose: str, rules: str, retention_days: int | None
) -> None:
    group.name, group.purpose, group.rules = name.strip(), purpose.strip(), rules.strip()
    group.retention_days = retention_days or None
    db.session.flush()


@dataclass
class GroupSummary:
    group: IntervisionGroup
    membership: Membership
    unread_threads: int
    open_threads: int


def _unread_condition():
    return sa.or_(
        ThreadRead.id.is_(None),
        ThreadRead.seen.is_(False),
        Thread.last_post_id > ThreadRead.last_read_post_id,
    )


def groups_of(user: User) -> list[GroupSummary]:
    """The user's groups with unread and open thread counts (two queries, any number of groups)."""
    memberships = list(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.user_id == user.id)
            .options(selectinload(Membership.group))
        )
    )
    if not memberships:
        return []
    counts = db.session.execute(
        sa.select(
            Thread.group_id,
            sa.func.count(Thread.id).filter(_unread_condition()),
            sa.func.count(Thread.id).filter(Thread.state == "open"),
        )
        .outerjoin(
            ThreadRead, sa.and_(ThreadRead.thread_id == Thread.id, ThreadRead.user_id == user.id)
        )
        .where(Thread.group_id.in_([m.group_id for m in memberships]))
        .group_by(Thread.group_id)
    ).all()
    by_group = {row[0]: (row[1], row[2]) for row in counts}
    summaries = [GroupSummary(m.group, m, *by_group.get(m.group_id, (0, 0))) for m in memberships]
    return sorted(summaries, key=lambda s: s.group.name.lower())


def _membership(group: IntervisionGroup, user_id: int) -> Membership | None:
    return next((m for m in group.memberships if m.user_id == user_id), None)


def add_member(group: IntervisionGroup, user: User, actor: User | None) -> Membership:
    """Add the user as a member; the user is told when someone else (actor) added them."""
    if _membership(group, user.id) is not None:
        raise IntervisionError(_l("%(name)s is al lid van deze groep.", name=user.name))
    if len(group.memberships) >= MAX_MEMBERS:
        raise IntervisionError(
            _l("Een intervisiegroep heeft hoogstens %(n)s leden.", n=MAX_MEMBERS)
        )
    membership = Membership(user_id=user.id, role=MEMBER)
    group.memberships.append(membership)
    db.session.flush()
    if actor is not None and actor.id != user.id:
        notify([user.id], "member", group, None, actor)
    return membership


def invite_by_email(group: IntervisionGroup, email: str, actor: User) -> None:
    """Invite the account with this address, if there is one; it joins only when it accepts.

    The caller learns nothing: an unknown address, a member and a new invitee look the same,
    so the form cannot be used to find out who has an account.
    """
    user = accounts.find_user_by_email(email)
    if user is None or _membership(group, user.id) is not None:
        return
    already = db.session.scalar(
        _pending().where(Invitation.group_id == group.id, Invitation.invitee_id == user.id)
    )
    if already is not None:
        return
    db.session.add(
        Invitation(
            group_id=group.id,
            token_hash=_hash(secrets.token_urlsafe(24)),
            created_by_id=actor.id,
            invitee_id=user.id,
            expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
        )
    )
    notify([user.id], "invited", group, None, actor)
    db.session.flush()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(group: IntervisionGroup, actor: User, days: int = INVITATION_DAYS) -> str:
    """A new join link's token (only its hash is stored; show it once)."""
    token = secrets.token_urlsafe(24)
    db.session.add(
        Invitation(
            group_id=group.id,
            token_hash=_hash(token),
            created_by_id=actor.id,
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    db.session.flush()
    return token


def _pending() -> sa.Select:
    """Invitations that still work: not revoked (or used) and not expired."""
    return sa.select(Invitation).where(
        Invitation.revoked.is_(False), Invitation.expires_at > utcnow()
    )


def open_invitations(group: IntervisionGroup) -> list[Invitation]:
    """The group's open join links (personal invitations stay out of sight of the facilitator)."""
    return list(
        db.session.scalars(
            _pending()
            .where(Invitation.group_id == group.id, Invitation.invitee_id.is_(None))
            .order_by(Invitation.expires_at)
        )
    )


def personal_invitations(user: User) -> list[Invitation]:
    """Invitations waiting for this person's answer, oldest first."""
    return list(
        db.session.scalars(
            _pending().where(Invitation.invitee_id == user.id).order_by(Invitation.created_at)
        )
    )


def _personal_invitation(user: User, invitation_id: int) -> Invitation:
    invitation = db.session.scalar(
        _pending().where(Invitation.id == invitation_id, Invitation.invitee_id == user.id)
    )
    if invitation is None:
        raise IntervisionError(_l("Deze uitnodiging is verlopen of ingetrokken."))
    return invitation


def accept_invitation(user: User, invitation_id: int) -> IntervisionGroup:
    """The invitee says yes: now, and only now, they become a member."""
    invitation = _personal_invitation(user, invitation_id)
    invitation.revoked = True
    add_member(invitation.group, user, None)
    return invitation.group


def decline_invitation(user: User, invitation_id: int) -> None:
    """The invitee says no; the facilitator is not told who declined."""
    _personal_invitation(user, invitation_id).revoked = True
    db.session.flush()


def revoke_invitation(group: IntervisionGroup, invitation_id: int) -> None:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.group_id != group.id or invitation.invitee_id is not None:
        raise IntervisionError(_l("Die uitnodiging bestaat niet."))
    invitation.revoked = True
    db.session.flush()


def invitation_for_token(token: str, now: datetime | None = None) -> Invitation | None:
    """The invitation while it is valid; None when unknown, revoked or expired."""
    invitation = db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == _hash(token))
    )
    if invitation is None or invitation.revoked:
        return None
    if as_utc(invitation.expires_at) <= (now or utcnow()):
        return None
    return invitation


def join_with_token(user: User, token: str) -> IntervisionGroup:
    invitation = invitation_for_token(token)
    if invitation is None:
        raise IntervisionError(_l("Deze uitnodiging is verlopen of ingetrokken."))
    add_member(invitation.group, user, None)
    return invitation.group


def remove_member(group: IntervisionGroup, actor: Membership, user_id: int) -> None:
    if not actor.is_facilitator:
        raise IntervisionError(_l("Alleen de facilitator kan leden verwijderen."))
    target = _membership(group, user_id)
    if target is None:
        raise IntervisionError(_l("Die persoon is geen lid van deze groep."))
    if target.id == actor.id:
        raise IntervisionError(
            _l("Je kunt jezelf niet verwijderen; verlaat de groep of draag de rol over.")
        )
    group.memberships.remove(target)
    db.session.flush()


def hand_over(group: IntervisionGroup, actor: Membership, user_id: int) -> Membership:
    if not actor.is_facilitator:
        raise IntervisionError(_l("Alleen de facilitator kan de rol overdragen."))
    target = _membership(group, user_id)
    if target is None or target.id == actor.id:
        raise IntervisionError(_l("Kies een ander lid van de groep."))
    actor.role, target.role = MEMBER, FACILITATOR
    db.session.flush()
    return target


def leave_group(group: IntervisionGroup, membership: Membership) -> bool:
    """True when the group was deleted because its last member left."""
    if len(group.memberships) == 1:
        db.session.delete(group)
        db.session.flush()
        return True
    if membership.is_facilitator:
        raise IntervisionError(
            _l(
                "Draag eerst de rol van facilitator over aan een ander lid voordat je de groep verlaat."
            )
        )
    group.memberships.remove(membership)
    db.session.flush()
    return False
