"""Submissions, their answers and their append-only history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    and_,
    event,
    inspect,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, foreign, mapped_column, query_expression, relationship

from app.consultations.models import ConsultationQuestionnaire, Meeting
from app.core.models import TimestampMixin
from app.core.time import utcnow
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.users.models import Commission, User
from app.workflows.models import WorkflowVersion


class Submission(TimestampMixin, db.Model):
    """One commission's answers to one questionnaire for one meeting."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("meeting_id", "questionnaire_code"),
        # The report's queries: one consultation's submissions of one questionnaire in the
        # reported states, found from this index alone, however many meetings there are.
        Index("ix_submissions_report", "consultation_id", "questionnaire_code", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    #: copied from the meeting, as the commission is (a meeting never changes consultation)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
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
    #: the number of the AnswerVersion that holds the current answers
    answers_version: Mapped[int] = mapped_column(default=1)
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
    question_comments: Mapped[list[QuestionComment]] = relationship(
        back_populates="submission", order_by="QuestionComment.id"
    )
    #: how its consultation asks for the questionnaire (the window); the same row as
    #: ``meeting.consultation.asked(questionnaire_code)``, which a page reads with the
    #: submission in one query (lists read the consultation's rows once instead)
    asked: Mapped[ConsultationQuestionnaire | None] = relationship(
        primaryjoin=lambda: and_(
            foreign(Submission.consultation_id) == ConsultationQuestionnaire.consultation_id,
            foreign(Submission.questionnaire_code) == ConsultationQuestionnaire.questionnaire_code,
        ),
        viewonly=True,
    )

    # Figures the submission page reads with the submission itself (``page_loads.page_loads``)
    # rather than in a query each; None when the query that loaded it did not ask for them.
    #: the id of the newest stored version of its questionnaire
    loaded_newest_version_id: Mapped[int | None] = query_expression()
    #: when its current answers were saved
    loaded_answers_saved_at: Mapped[datetime | None] = query_expression()
    #: how many files are attached to it
    loaded_attachment_count: Mapped[int | None] = query_expression()
    #: how many comments on questions it has (open or resolved)
    loaded_comment_count: Mapped[int | None] = query_expression()

    __mapper_args__ = {"version_id_col": version}

    #: set on a submission just created: the codes of the answers taken from another
    #: questionnaire (not stored; the history's first answers version holds them)
    prefilled = ()

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
    #: a comment on the whole submission; comments on questions are QuestionComment rows
    comment: Mapped[str | None] = mapped_column(Text)
    #: the number of the answers' version once the event was done (None: before versions
    #: were kept)
    answers_version: Mapped[int | None]
    #: the submission's version counter once the event was done: which events came after a
    #: page was loaded, and so whose they were, when a save from that page meets a conflict
    submission_version: Mapped[int | None]

    submission: Mapped[Submission] = relationship(back_populates="history")
    actor: Mapped[User | None] = relationship()
    question_comments: Mapped[list[QuestionComment]] = relationship(
        back_populates="history",
        order_by="QuestionComment.id",
        foreign_keys="QuestionComment.history_id",
    )


class AnswerVersion(db.Model):
    """The answers as one save left them, so that any two versions can be compared; rows are
    never changed. Number 1 holds the answers a submission was created with."""

    __tablename__ = "answer_versions"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    number: Mapped[int]
    answers: Mapped[dict[str, Any]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), deferred=True
    )
    #: the definition the answers were given on (moving to a new version makes a new one)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission: Mapped[Submission] = relationship()
    saved_by: Mapped[User | None] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()


class QuestionComment(db.Model):
    """A reviewer's comment on one question, made with a workflow action. The text never
    changes; resolving it records which history event did so, once."""

    __tablename__ = "question_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    #: the action the comment was made with
    history_id: Mapped[int] = mapped_column(ForeignKey("submission_history.id"))
    #: the answer path it is about (``priorities-1-title`` for an item of a repeat)
    path: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the answers' version the comment was written on
    answers_version: Mapped[int]
    #: the history event that resolved it; None while it is open
    resolved_by_history_id: Mapped[int | None] = mapped_column(ForeignKey("submission_history.id"))

    submission: Mapped[Submission] = relationship(back_populates="question_comments")
    history: Mapped[SubmissionHistory] = relationship(
        back_populates="question_comments", foreign_keys=[history_id]
    )
    resolved_by: Mapped[SubmissionHistory | None] = relationship(
        foreign_keys=[resolved_by_history_id]
    )
    author: Mapped[User | None] = relationship()

    @property
    def resolved(self) -> bool:
        return self.resolved_by_history_id is not None


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


def _only_resolved_once(mapper, connection, target):
    """A comment may change only by being resolved, and only once."""
    state = inspect(target)
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    resolution = state.attrs.resolved_by_history_id.history
    if changed - {"resolved_by_history_id", "resolved_by"} or any(
        value is not None for value in resolution.deleted
    ):
        raise RuntimeError("QuestionComment rows are never changed, except to be resolved once")


for _model in (SubmissionHistory, Attachment, AnswerVersion, QuestionComment):
    event.listen(_model, "before_delete", _append_only)
for _model in (SubmissionHistory, Attachment, AnswerVersion):
    event.listen(_model, "before_update", _append_only)
event.listen(QuestionComment, "before_update", _only_resolved_once)
