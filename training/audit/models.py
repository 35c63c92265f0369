"""One audit entry: who opened whose data, what kind, when; never the content itself."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.accounts.models import User
from training.clock import utcnow
from training.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (
        sa.Index("ix_audit_entries_subject_created", "subject_id", "created_at"),
        # An organisation's log, newest first, a page at a time (and its retention purge).
        sa.Index("ix_audit_entries_organisation_created", "organisation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who looked; an account deleted later leaves the entry without a name.
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Whose data; the entries about a person leave with their account.
    subject_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # The subject's organisation at the time: its retention period applies.
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE")
    )
    action: Mapped[str] = mapped_column(sa.String(40))
    # A short reference to what was opened (a category, a record number), never its content.
    ref: Mapped[str] = mapped_column(sa.String(120), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User] = relationship(foreign_keys=[subject_id])
