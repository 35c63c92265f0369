"""An organisation's invitation link: whoever has it may make an account in that organisation."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.accounts.models import User
from training.clock import as_utc, utcnow
from training.extensions import db
from training.organisations.models import Organisation


class InvitationLink(db.Model):
    """Only a hash of the token is kept: the link itself is shown once, to its maker.

    `uses` counts the sign-ups through the link; it is raised in the same UPDATE that checks
    the link is still valid, so two people signing up at once cannot pass `max_uses`.
    """

    __tablename__ = "invitation_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    # The role a newcomer gets: learner or trainer (never beheerder: that is given by hand).
    role: Mapped[str] = mapped_column(sa.String(16))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    max_uses: Mapped[int | None] = mapped_column()
    uses: Mapped[int] = mapped_column(default=0)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship()

    def status(self, now: datetime | None = None) -> str:
        """'ingetrokken', 'verlopen', 'vol' or 'geldig' (the first that applies)."""
        if self.revoked_at is not None:
            return "ingetrokken"
        if as_utc(self.expires_at) <= (now or utcnow()):
            return "verlopen"
        if self.max_uses is not None and self.uses >= self.max_uses:
            return "vol"
        return "geldig"

    def __repr__(self) -> str:
        return f"<InvitationLink {self.id} org={self.organisation_id}>"
