"""Submissions, their answers and their append-only history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.consultations.models import Meeting
from app.core.models import TimestampMixin
from app.core.time import utcnow
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.users.models import Commission, User
from app.workflows.models import WorkflowVersion


class Submission(TimestampMixin, db.Model):
    """One commission's answers to one questionnaire for one meeting."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("meeting_id", "questionnaire_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    #: copied from the meeting so that every query can be scoped to a commission cheaply
    commission_id: Mapped[int] = mapped_column(ForeignKey("commissions.id"), index=True)
    questionnaire_code: Mapped[str] = mapped_column(String(64))
    #: the definition version the answers were given on; never changes after creation
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    workflow_version_id: Mapped[int] = mapped_column(ForeignKey("workflow_versions.id"))
    state: Mapped[str] = mapped_column(String(32), index=True)
    #: answers keyed by stable question code (repeats as lists of objects, multiple choices
    #: as lists of codes); blank answers are left out. jsonb on PostgreSQL, so queries can
    #: filter on answers (answers @> '{"women_programmes": "yes"}').
    answers: Mapped[dict[str, Any]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), default=dict
    )
    #: optimistic lock: every UPDATE checks and increments it
    version: Mapped[int] = mapped_column(default=1)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship()
    commission: Mapped[Commission] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    workflow_version: Mapped[WorkflowVersion] = relationship()
    history: Mapped[list[SubmissionHistory]] = relationship(
        back_populates="submission", order_by="SubmissionHistory.id"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="submission", order_by="Attachment.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def definition(self):
        return self.questionnaire_version.definition

    @property
    def workflow(self):
        return self.workflow_version.definition


class SubmissionHistory(db.Model):
    """One state change (or the creation) of a submission; rows are never changed."""

    __tablename__ = "submission_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str | None] = mapped_column(Text)

    submission: Mapped[Submission] = relationship(back_populates="history")
    actor: Mapped[User | None] = relationship()


class Attachment(db.Model):
    """A file attached to an answer. Kept in the database, so that any web process serves it;
    never changed or deleted, so a replaced file stays in the submission's record."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    #: the code of the question the file answers
    question_code: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User | None] = relationship()

    def describe(self) -> dict:
        """What the answer stores about the file."""
        return {
            "id": self.id,
            "name": self.file_name,
            "size": self.size,
            "type": self.media_type,
            "sha256": self.sha256,
        }


def _append_only(mapper, connection, target):
    raise RuntimeError(f"{type(target).__name__} rows are never changed or deleted")


for _model in (SubmissionHistory, Attachment):
    event.listen(_model, "before_update", _append_only)
    event.listen(_model, "before_delete", _append_only)
