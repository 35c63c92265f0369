"""The user account."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.clock import utcnow
from training.extensions import db
from training.organisations.models import Organisation


class Role(enum.StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    # The organisation's own administrator: manages its users and cohorts, nothing outside it.
    BEHEERDER = "beheerder"
    # The platform's operator (CLI only): manages organisations.
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    organisation: Mapped[str] = mapped_column(sa.String(160), default="")
    # The tenant: what this person owns is visible inside this organisation only.
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    org: Mapped[Organisation] = relationship()
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16), default=Role.LEARNER.value)
    locale: Mapped[str] = mapped_column(sa.String(5), default="nl")
    # Raised at logout and password change: every cookie carrying an older value stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Set when the owner of the address followed the link we mailed to it; until then nobody
    # can log in to the account (it may have been made by someone else with that address).
    email_verified_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def is_trainer(self) -> bool:
        """May author shared content and lead cohorts."""
        return self.role in (Role.TRAINER, Role.BEHEERDER, Role.ADMIN)

    @property
    def is_org_admin(self) -> bool:
        """Manages the users and cohorts of their own organisation."""
        return self.role in (Role.BEHEERDER, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        """The platform administrator (made from the command line only)."""
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
