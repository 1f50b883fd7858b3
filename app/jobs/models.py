"""Rows that mirror background jobs so any web process can show their progress."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.consultations.models import Consultation
from app.core.time import utcnow
from app.extensions import db
from app.users.models import User

QUEUED, RUNNING, FINISHED, FAILED = "queued", "running", "finished", "failed"


class ExportJob(db.Model):
    """A requested workbook: its options, progress, outcome and the file it produced."""

    __tablename__ = "export_jobs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'finished', 'failed')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    lang: Mapped[str] = mapped_column(String(2), default="en")
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  #: percent, 0-100
    message: Mapped[str | None] = mapped_column(Text)  #: what went wrong, for a failed job
    rq_job_id: Mapped[str | None] = mapped_column(String(64))
    #: file name under EXPORT_DIR; a shared volume in production so any web process serves it
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_size: Mapped[int | None]
    row_count: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    requested_by: Mapped[User] = relationship()
    consultation: Mapped[Consultation] = relationship()

    @property
    def done(self) -> bool:
        return self.status in (FINISHED, FAILED)

    @property
    def finished(self) -> bool:
        return self.status == FINISHED

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    @property
    def running(self) -> bool:
        return self.status == RUNNING
