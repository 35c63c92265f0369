"""Network maps: a professional's pseudonymised maps of clients, and learners' maps in cases."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.clock import utcnow
from training.extensions import db

KIND_CLIENT = "client"  # the practice tool: a map of one of the professional's own clients
KIND_CASE = "case"  # a learner's map at a case's netwerkkaart node


class NetworkMap(db.Model):
    __tablename__ = "network_maps"
    __table_args__ = (
        sa.UniqueConstraint("case_attempt_id", "node_id", name="uq_network_maps_attempt_node"),
        sa.Index("ix_network_maps_owner_kind", "owner_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(16), default=KIND_CLIENT)
    # How the professional calls the client: a pseudonym or initials, never a full name.
    label: Mapped[str] = mapped_column(sa.String(60))
    case_attempt_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("case_attempts.id", ondelete="CASCADE")
    )
    node_id: Mapped[str | None] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    persons: Mapped[list[MapPerson]] = relationship(
        back_populates="map", order_by="MapPerson.id", lazy="selectin",
        cascade="all, delete-orphan", passive_deletes=True,
    )  # fmt: skip


class MapPerson(db.Model):
    """One person on a map; `key` stays the same across saved versions (for the comparison)."""

    __tablename__ = "network_map_persons"
    __table_args__ = (sa.UniqueConstraint("map_id", "key", name="uq_network_map_persons_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(
        sa.ForeignKey("network_maps.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.String(40))
    sector: Mapped[str] = mapped_column(sa.String(16))
    ring: Mapped[str] = mapped_column(sa.String(16))
    quality: Mapped[str] = mapped_column(sa.String(16))
    active: Mapped[bool] = mapped_column(default=True)
    gets: Mapped[list] = mapped_column(sa.JSON, default=list)
    gives: Mapped[list] = mapped_column(sa.JSON, default=list)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    map: Mapped[NetworkMap] = relationship(back_populates="persons")

    def as_dict(self) -> dict:
        return {
            "key": self.key, "name": self.name, "sector": self.sector, "ring": self.ring,
            "quality": self.quality, "active": bool(self.active), "gets": list(self.gets or []),
            "gives": list(self.gives or []), "note": self.note or "",
        }  # fmt: skip


class MapVersion(db.Model):
    """The map as it was after a conversation: a dated copy of its persons."""

    __tablename__ = "network_map_versions"
    __table_args__ = (sa.Index("ix_network_map_versions_map_date", "map_id", "conversation_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(sa.ForeignKey("network_maps.id", ondelete="CASCADE"))
    conversation_on: Mapped[date] = mapped_column(sa.Date)
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    persons: Mapped[list] = mapped_column(sa.JSON, default=list)
    saved_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
