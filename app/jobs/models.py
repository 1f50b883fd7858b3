"""Rows that mirror background jobs so any web process can show their progress."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.consultations.models import Consultation
from app.core.time import utcnow
from app.extensions import db
from app.users.models import User

QUEUED, RUNNING, FINISHED, FAILED, CANCELED = (
    "queued",
    "running",
    "finished",
    "failed",
    "canceled",
)
DONE = (FINISHED, FAILED, CANCELED)


class ExportJob(db.Model):
    """A requested export: its options, progress, outcome and the file it produced."""

    __tablename__ = "export_jobs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'finished', 'failed', 'canceled')",
            name="status_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    lang: Mapped[str] = mapped_column(String(2), default="en")
    #: the ExportOptions asked for, as app/exports/options.py writes them
    options: Mapped[dict | None] = mapped_column(JSON)
    #: what the file was built from (options, requester's scope, data and definitions):
    #: a request with the same fingerprint gets the same file
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  #: percent, 0-100
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int] = mapped_column(default=0)
    #: written by the running job every few seconds; a silent job's worker has died
    heartbeat_at: Mapped[datetime | None]
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str | None] = mapped_column(Text)  #: what went wrong, for a failed job
    rq_job_id: Mapped[str | None] = mapped_column(String(64))
    #: file name under EXPORT_DIR; a shared volume in production so any web process serves it
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_size: Mapped[int | None]
    row_count: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    #: when the finished file is deleted
    expires_at: Mapped[datetime | None]

    #: set on a job handed back for a new request of the same data (not stored)
    reused = False

    requested_by: Mapped[User] = relationship()
    consultation: Mapped[Consultation] = relationship()

    @property
    def done(self) -> bool:
        return self.status in DONE

    @property
    def finished(self) -> bool:
        return self.status == FINISHED

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    @property
    def canceled(self) -> bool:
        return self.status == CANCELED

    @property
    def running(self) -> bool:
        return self.status == RUNNING
