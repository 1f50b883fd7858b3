"""The outbox: every e-mail Shura sends, kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.users.models import User


class OutboxMessage(db.Model):
    """One e-mail to one person, written in their language when it was queued."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what makes it once-only: a reminder for a due date, a state change for a recipient.
    #: Two workers reaching the same reminder insert one row; the other's insert fails.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    to_email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: when the mail server accepted it; None while it waits, or when no server is configured
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    #: the mail server's last refusal, for the secretariat to read
    error: Mapped[str | None] = mapped_column(Text)

    to_user: Mapped[User | None] = relationship()
