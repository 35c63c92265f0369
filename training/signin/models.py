"""An organisation's OpenID Connect client: where its sign-in service lives and who we are there.

A table of its own rather than a key in `Organisation.settings`: the settings are shown to the
organisation's beheerder and feed the privacy page, and a client secret belongs in neither. One
row per organisation; no row means the organisation signs in with passwords only.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.clock import utcnow
from training.extensions import db
from training.organisations.models import Organisation


class OrganisationSignin(db.Model):
    __tablename__ = "organisation_signins"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    organisation: Mapped[Organisation] = relationship()
    # https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration for Entra ID
    discovery_url: Mapped[str] = mapped_column(sa.String(500))
    client_id: Mapped[str] = mapped_column(sa.String(255))
    # Never printed or shown; `flask orgs oidc SLUG --off` deletes it with the row.
    client_secret: Mapped[str] = mapped_column(sa.String(500))
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    def __repr__(self) -> str:
        return f"<OrganisationSignin {self.organisation_id}>"
