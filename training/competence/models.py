"""Evidence: one row per observation of a user's competence in a category."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from training.accounts.models import utcnow
from training.extensions import db

EVIDENCE_KINDS = ("quiz", "case", "trainer", "self", "peer")


class Evidence(db.Model):
    __tablename__ = "evidence"
    __table_args__ = (sa.Index("ix_evidence_user_category", "user_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    score: Mapped[float]  # 0..1
    source: Mapped[str] = mapped_column(sa.String(255), default="")
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
