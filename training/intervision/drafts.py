"""Private drafts: what an author wrote while the privacy guard did not answer.

Only the author ever reads a draft (every query filters on the user); it is offered again on
the same page and removed once the text has gone through the guard and was published.
"""

from __future__ import annotations

import sqlalchemy as sa

from training.accounts.models import User
from training.clock import utcnow
from training.extensions import db
from training.intervision.models import Draft


def place_of(kind: str, object_id: int) -> str:
    return f"{kind}-{object_id}"


def keep(user: User, group_id: int, place: str, texts: dict[str, str]) -> Draft:
    """Keep (or replace) the author's draft for this place."""
    draft = find(user, place)
    if draft is None:
        draft = Draft(user_id=user.id, group_id=group_id, place=place)
        db.session.add(draft)
    draft.texts = dict(texts)
    draft.created_at = utcnow()
    db.session.flush()
    return draft


def find(user: User, place: str) -> Draft | None:
    return db.session.scalar(sa.select(Draft).where(Draft.user_id == user.id, Draft.place == place))


def discard(user: User, place: str) -> None:
    db.session.execute(sa.delete(Draft).where(Draft.user_id == user.id, Draft.place == place))


def drafts_of(user: User) -> list[Draft]:
    """Everything a person has waiting (for 'Mijn gegevens')."""
    return list(
        db.session.scalars(sa.select(Draft).where(Draft.user_id == user.id).order_by(Draft.id))
    )
