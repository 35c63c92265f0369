"""A background job as the database knows it: who asked, what for, how far, what came out.

RQ (on Redis) decides *when* a job runs; this row is the truth about *what* it is and what
happened, so a page can show progress, an admin can see failures, and a job that is run twice
(two schedulers, a retry after a worker died) notices that it already ran.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from training.clock import utcnow
from training.extensions import db

QUEUED, RUNNING, RETRYING, DONE, FAILED = "queued", "running", "retrying", "done", "failed"
STATUSES = (QUEUED, RUNNING, RETRYING, DONE, FAILED)
FINISHED = (DONE, FAILED)


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (
        sa.Index("ix_jobs_requested_by_created", "requested_by_id", "created_at"),
        sa.Index("ix_jobs_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The RQ job id; unique, so a periodic job's slot ("periodic-<kind>-<slot>") is claimed once.
    key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    status: Mapped[str] = mapped_column(sa.String(12), default=QUEUED)
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE")
    )
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    progress: Mapped[int] = mapped_column(default=0)
    # For the person who asked, in their language (what came out, or why it could not).
    message: Mapped[str] = mapped_column(sa.String(400), default="")
    # For the administrator: the last technical error (exception type and text, trimmed).
    error: Mapped[str] = mapped_column(sa.Text, default="")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    requested_by = relationship("User", lazy="raise_on_sql")
    files: Mapped[list[JobFile]] = relationship(
        back_populates="job", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class JobFile(db.Model):
    """What a job reads (an upload) or makes (an export), in the database: every node sees it."""

    __tablename__ = "job_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(sa.ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(8))  # "input" or "output"
    filename: Mapped[str] = mapped_column(sa.String(200))
    mimetype: Mapped[str] = mapped_column(sa.String(80))
    size: Mapped[int] = mapped_column()
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    job: Mapped[Job] = relationship(back_populates="files")
