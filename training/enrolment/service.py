"""Invitation links: making, listing and revoking them, and counting each use.

Functions flush but never commit: the request that calls them decides.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from training.accounts.models import Role, User
from training.clock import utcnow
from training.enrolment.models import InvitationLink
from training.extensions import db
from training.organisations.models import Organisation
from training.rules import RuleError

LINK_ROLES = (Role.LEARNER.value, Role.TRAINER.value)
MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 1, 90, 14
MAX_USES_LIMIT = 10_000
PER_PAGE = 20


class EnrolmentError(RuleError):
    """A rule about invitation links was broken; the message is for the user."""


class LinkNotUsable(EnrolmentError):
    """The link is unknown, expired, revoked or full (the visitor is not told which)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(
    organisation: Organisation,
    actor: User,
    days: int = DEFAULT_DAYS,
    role: str = Role.LEARNER.value,
    max_uses: int | None = None,
) -> tuple[InvitationLink, str]:
    """A new link and its token; only the token's hash is stored, so show the token once."""
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise EnrolmentError(
            str(_l("Kies een geldigheid van %(a)s tot %(b)s dagen.", a=MIN_DAYS, b=MAX_DAYS))
        )
    if role not in LINK_ROLES:
        raise EnrolmentError(str(_l("Een uitnodigingslink geeft de rol deelnemer of trainer.")))
    if max_uses is not None and not 1 <= max_uses <= MAX_USES_LIMIT:
        raise EnrolmentError(
            str(
                _l(
                    "Kies een maximum van 1 tot %(n)s aanmeldingen, of laat het leeg.",
                    n=MAX_USES_LIMIT,
                )
            )
        )
    token = secrets.token_urlsafe(24)
    now = utcnow()
    link = InvitationLink(
        organisation_id=organisation.id,
        role=role,
        token_hash=_hash(token),
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
        max_uses=max_uses,
        uses=0,
    )
    db.session.add(link)
    db.session.flush()
    return link, token


def links_page(organisation: Organisation, page: int = 1):
    """The organisation's links, newest first, one page (two queries, however many links)."""
    return db.paginate(
        sa.select(InvitationLink)
        .where(InvitationLink.organisation_id == organisation.id)
        .options(selectinload(InvitationLink.created_by))
        .order_by(InvitationLink.created_at.desc(), InvitationLink.id.desc()),
        page=page,
        per_page=PER_PAGE,
        error_out=False,
    )


def link_in(organisation: Organisation, link_id: int) -> InvitationLink | None:
    """The link when it belongs to this organisation; another organisation's link is None."""
    return db.session.scalar(
        sa.select(InvitationLink).where(
            InvitationLink.id == link_id, InvitationLink.organisation_id == organisation.id
        )
    )


def revoke_link(link: InvitationLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        db.session.flush()


def _usable(now: datetime):
    return (
        InvitationLink.revoked_at.is_(None),
        InvitationLink.expires_at > now,
        sa.or_(InvitationLink.max_uses.is_(None), InvitationLink.uses < InvitationLink.max_uses),
    )


def valid_link(token: str, now: datetime | None = None) -> InvitationLink | None:
    """The link while it can be used; None when unknown, expired, revoked or full."""
    return db.session.scalar(
        sa.select(InvitationLink).where(
            InvitationLink.token_hash == _hash(token), *_usable(now or utcnow())
        )
    )


def use_link(token: str, now: datetime | None = None) -> InvitationLink:
    """Count one sign-up through the link, or refuse when it can no longer be used.

    Check and count are one UPDATE: the database settles two sign-ups racing for the last
    place (PostgreSQL re-checks the condition on the row the first one just changed).
    """
    result = db.session.execute(
        sa.update(InvitationLink)
        .where(InvitationLink.token_hash == _hash(token), *_usable(now or utcnow()))
        .values(uses=InvitationLink.uses + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise LinkNotUsable(str(_l("Deze uitnodigingslink werkt niet (meer).")))
    return db.session.scalar(
        sa.select(InvitationLink)
        .where(InvitationLink.token_hash == _hash(token))
        .execution_options(populate_existing=True)
    )
