"""Consultations, the questionnaires they use and their bilateral meetings."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.users.models import Commission

BEFORE_MEETING = "before"
AFTER_MEETING = "after"

SCHEDULED, HELD, POSTPONED, CANCELLED = "scheduled", "held", "postponed", "cancelled"
MEETING_STATUSES = (SCHEDULED, HELD, POSTPONED, CANCELLED)

#: the windows a questionnaire gets unless the consultation says otherwise, in days
DEFAULT_OPENS_DAYS_BEFORE = 30
DEFAULT_DUE_DAYS_BEFORE = 7
DEFAULT_DUE_DAYS_AFTER = 30
DEFAULT_LATE_DAYS = 7
DEFAULT_REVIEW_DAYS = 14


class Consultation(db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_fr: Mapped[str] = mapped_column(String(300))
    title_ar: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: reviewers may prepare workbooks of the commissions assigned to them
    reviewers_may_export: Mapped[bool] = mapped_column(default=False)

    questionnaires: Mapped[list[ConsultationQuestionnaire]] = relationship(
        back_populates="consultation",
        order_by="ConsultationQuestionnaire.position",
        cascade="all, delete-orphan",
    )
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="consultation", order_by="Meeting.meeting_date"
    )

    def title(self, lang: str = "en") -> str:
        return getattr(self, f"title_{lang}", None) or self.title_en

    def asked(self, questionnaire_code: str) -> ConsultationQuestionnaire | None:
        """How this consultation asks for a questionnaire; None when it does not."""
        return next(
            (q for q in self.questionnaires if q.questionnaire_code == questionnaire_code), None
        )


class ConsultationQuestionnaire(db.Model):
    """A questionnaire a consultation asks for, before or after each meeting."""

    __tablename__ = "consultation_questionnaires"
    __table_args__ = (
        UniqueConstraint("consultation_id", "questionnaire_code"),
        CheckConstraint("phase IN ('before', 'after')", name="phase_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    questionnaire_code: Mapped[str] = mapped_column(String(64))
    phase: Mapped[str] = mapped_column(String(10))  #: "before" or "after" the meeting
    #: code of the workflow in ``workflows/`` that this questionnaire's submissions follow
    workflow_code: Mapped[str] = mapped_column(String(64))
    #: before the meeting: opens this many days before it, due this many days before it
    opens_days_before: Mapped[int] = mapped_column(default=DEFAULT_OPENS_DAYS_BEFORE)
    due_days_before: Mapped[int] = mapped_column(default=DEFAULT_DUE_DAYS_BEFORE)
    #: after the meeting: opens when it is marked held, due this many days after it
    due_days_after: Mapped[int] = mapped_column(default=DEFAULT_DUE_DAYS_AFTER)
    #: a late submission is still accepted for this many days after the due date
    late_days: Mapped[int] = mapped_column(default=DEFAULT_LATE_DAYS)
    #: a submission should not wait longer than this for its review (reminders say so)
    review_days: Mapped[int] = mapped_column(default=DEFAULT_REVIEW_DAYS)
    position: Mapped[int] = mapped_column(default=0)

    consultation: Mapped[Consultation] = relationship(back_populates="questionnaires")

    @property
    def before_meeting(self) -> bool:
        return self.phase == BEFORE_MEETING


class Meeting(db.Model):
    """A bilateral meeting between the secretariat and one commission. Its questionnaires'
    windows are reckoned from its date, so moving it moves them."""

    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("consultation_id", "commission_id", "meeting_date"),
        CheckConstraint(
            "status IN ('scheduled', 'held', 'postponed', 'cancelled')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commissions.id"), index=True)
    meeting_date: Mapped[date] = mapped_column(Date)
    #: the local time at the meeting's place; None until it is fixed
    start_time: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str | None] = mapped_column(String(300))
    online_link: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(12), default=SCHEDULED)
    notes: Mapped[str | None] = mapped_column(Text)
    #: the day it was marked held: the post-meeting questionnaires open then
    held_on: Mapped[date | None] = mapped_column(Date)
    #: optimistic lock, as for submissions: two people editing a meeting do not overwrite
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    consultation: Mapped[Consultation] = relationship(back_populates="meetings")
    commission: Mapped[Commission] = relationship()

    __mapper_args__ = {"version_id_col": version}
