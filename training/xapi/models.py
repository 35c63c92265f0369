"""An organisation's learning record store (LRS) and the outbox of statements on their way to it.

The LRS settings have a table of their own rather than keys in `Organisation.settings`: those
are shown to the beheerder and feed the privacy page, and a password belongs in neither. The
password is stored encrypted (`credentials.py`).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.clock import utcnow
from training.extensions import db
from training.organisations.models import Organisation

# What `last_error` keeps: a status code and a few words, never a statement's content.
ERROR_LENGTH = 300


class LrsConnection(db.Model):
    """One per organisation that configured an LRS; `enabled` decides whether events queue."""

    __tablename__ = "xapi_lrs_connections"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    organisation: Mapped[Organisation] = relationship()
    enabled: Mapped[bool] = mapped_column(default=False)
    # The LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI (see `client.statements_url`)
    endpoint: Mapped[str] = mapped_column(sa.String(500))
    username: Mapped[str] = mapped_column(sa.String(255))
    # Fernet token of the password or secret; never shown, printed or logged.
    password_encrypted: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    # The last delivery that reached the LRS, and the last error (the page shows both).
    last_delivery_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(sa.String(ERROR_LENGTH))
    last_error_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    def __repr__(self) -> str:
        return f"<LrsConnection {self.organisation_id} {'aan' if self.enabled else 'uit'}>"


class OutboxStatement(db.Model):
    """One xAPI statement, added in the same transaction as the event it describes.

    Waiting: neither `delivered_at` nor `failed_at` is set; it is due once `next_attempt_at`
    has passed. The statement id is unique, so no statement is queued twice.
    """

    __tablename__ = "xapi_outbox"
    __table_args__ = (
        # The delivery's question: what is due for this organisation, oldest first.
        sa.Index(
            "ix_xapi_outbox_waiting",
            "organisation_id",
            "next_attempt_at",
            postgresql_where=sa.text("delivered_at IS NULL AND failed_at IS NULL"),
            sqlite_where=sa.text("delivered_at IS NULL AND failed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    # The person the statement is about: deleting the account deletes their statements.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    statement: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Set when the LRS refused this statement itself (a 400) too often; it is not sent again.
    failed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(sa.String(ERROR_LENGTH))

    def __repr__(self) -> str:
        return f"<OutboxStatement {self.id} {self.statement_id}>"
