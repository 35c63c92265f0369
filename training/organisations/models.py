"""The organisation: the tenant boundary of the platform."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from training.clock import utcnow
from training.extensions import db


class Organisation(db.Model):
    """A care organisation sharing the platform; its people's data stays inside it."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # E-mail domains (lower case, without '@') whose addresses belong to this organisation.
    email_domains: Mapped[list] = mapped_column(sa.JSON, default=list)
    settings: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"
