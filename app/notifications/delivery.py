"""Handing the outbox to the mail server (SMTP), when one is configured.

A delivered invitation or password link is not kept: the stored copy loses its link.
Several workers may deliver at once: on PostgreSQL each takes the rows it sends with
``FOR UPDATE SKIP LOCKED``, so no message goes out twice. Without a mail server the
messages stay in the outbox, which the secretariat reads in the app.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.notifications.messages import SECRET_KINDS, without_password_link
from app.notifications.models import OutboxMessage

#: a message the server refused this many times is left for a person to look at
MAX_ATTEMPTS = 5
#: stored as the error of a message not sent because its recipient was deactivated (the
#: outbox page says it in the reader's language; other errors are the mail server's own)
RECIPIENT_DEACTIVATED = "recipient deactivated"


def smtp_configured(config) -> bool:
    return bool(config.get("MAIL_SERVER"))


def deliver_pending(config, limit: int = 200) -> int:
    """Send what waits in the outbox; commit after each message; return how many went."""
    if not smtp_configured(config):
        return 0
    sent = 0
    while sent < limit:
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
            .order_by(OutboxMessage.id)
            .limit(1)
        )
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        message = db.session.scalar(query)
        if message is None:
            break
        if message.to_user is not None and not message.to_user.active:
            # Deactivated since it was written: nothing more goes to them.
            message.attempts, message.error = MAX_ATTEMPTS, RECIPIENT_DEACTIVATED
            db.session.commit()
            continue
        message.attempts += 1
        try:
            _send(config, message)
        except (OSError, smtplib.SMTPException) as error:
            message.error = f"{type(error).__name__}: {error}"[:2000]
            db.session.commit()
            break  # the server is unwell: try again on the next run
        message.sent_at = utcnow()
        message.error = None
        if message.kind in SECRET_KINDS:
            # The link is its recipient's alone: the copy kept here no longer holds it.
            message.body = without_password_link(message.body)
        db.session.commit()
        sent += 1
    return sent


def _send(config, message: OutboxMessage) -> None:
    email = EmailMessage()
    email["From"] = config.get("MAIL_FROM") or "shura@localhost"
    email["To"] = message.to_email
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(idstring=f"shura-{message.id}")
    email.set_content(message.body)
    port = int(config.get("MAIL_PORT") or 587)
    with smtplib.SMTP(config["MAIL_SERVER"], port, timeout=30) as server:
        if config.get("MAIL_USE_TLS", True):
            server.starttls()
        if config.get("MAIL_USERNAME"):
            server.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        server.send_message(email)
