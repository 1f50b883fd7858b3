"""Putting messages in the outbox, each written in its recipient's language, and each once.

Services call ``post`` inside their own unit of work, so a message exists exactly when the
change it tells of was committed; delivery happens after (delivery.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.users.models import User, reviewer_commissions
from app.users.roles import COMMISSION, REVIEWER, SECRETARIAT


def post(
    recipient: User,
    kind: str,
    key: str,
    write: Callable[[], tuple[object, object]],
) -> OutboxMessage | None:
    """Queue one message; ``write()`` returns (subject, body), called in the recipient's
    language. None when a message with this key exists already (it is sent once)."""
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
        return None
    with force_locale(recipient.language or "en"):
        subject, body = write()
        subject, body = str(subject), str(body)
    message = OutboxMessage(
        key=key,
        kind=kind,
        to_user_id=recipient.id,
        to_email=recipient.email,
        subject=subject[:300],
        body=body,
    )
    try:
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:
        return None  # another worker queued it between our look and our insert
    return message


def people_concerned(roles: Iterable[str], commission_id: int) -> list[User]:
    """The active users a commission's work concerns, for each role named: the commission's
    own users, the reviewers assigned to it, the secretariat."""
    roles = set(roles)
    conditions = []
    if COMMISSION in roles:
        conditions.append((User.role == COMMISSION) & (User.commission_id == commission_id))
    if REVIEWER in roles:
        assigned = select(reviewer_commissions.c.user_id).where(
            reviewer_commissions.c.commission_id == commission_id
        )
        conditions.append((User.role == REVIEWER) & User.id.in_(assigned))
    if SECRETARIAT in roles:
        conditions.append(User.role == SECRETARIAT)
    if not conditions:
        return []
    condition = conditions[0]
    for other in conditions[1:]:
        condition = condition | other
    return db.session.scalars(
        select(User).where(User.active.is_(True), condition).order_by(User.id)
    ).all()
