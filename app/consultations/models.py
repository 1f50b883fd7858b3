"""Consultations, the questionnaires they use and their bilateral meetings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.users.models import Commission

BEFORE_MEETING = "before"
AFTER_MEETING = "after"


class Consultation(db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_fr: Mapped[str] = mapped_column(String(300))
    title_ar: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

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
    position: Mapped[int] = mapped_column(default=0)

    consultation: Mapped[Consultation] = relationship(back_populates="questionnaires")


class Meeting(db.Model):
    """A bilateral meeting between the secretariat and one commission."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("consultation_id", "commission_id", "meeting_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commissions.id"), index=True)
    meeting_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="meetings")
    commission: Mapped[Commission] = relationship()
