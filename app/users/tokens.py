"""One-time links that let a person set a password: an invitation, or a password reset.

The link carries a random token; only its SHA-256 is stored, so a copy of the database opens
no account. A token works once, until it expires; issuing a new one for the same purpose
revokes the ones before it, so only the latest e-mail's link works.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, func, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.errors import Conflict, NotFound
from app.core.i18n import _
from app.core.time import utcnow
from app.extensions import db
from app.users.models import User

INVITATION, PASSWORD_RESET = "invitation", "password_reset"
PURPOSES = (INVITATION, PASSWORD_RESET)


class AccountToken(db.Model):
    __tablename__ = "account_tokens"
    __table_args__ = (
        CheckConstraint("purpose IN ('invitation', 'password_reset')", name="purpose_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    #: hex SHA-256 of the token in the link; the token itself is never stored
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    #: set once, when the link is used or replaced by a newer one
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: who asked for it: the secretariat member who invited, or None for a reset asked for
    #: on the sign-in page
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


LINK_NOT_VALID = _("This link is not valid. Check that it was copied whole.")
LINK_SPENT = _(
    "This link has expired or has been used already. Ask for a new one: the secretariat for an "
    "invitation, or “Forgot your password?” on the sign-in page."
)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(
    user: User,
    purpose: str,
    lifetime: dt.timedelta,
    *,
    now: dt.datetime,
    created_by: User | None = None,
) -> str:
    """A new token for ``user``; the earlier unused ones for the same purpose stop working.
    Returns the token for the link (it cannot be read back later)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    revoke_tokens(user, purpose, now=now)
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_digest(token),
            created_at=now,
            expires_at=now + lifetime,
            created_by_id=created_by.id if created_by else None,
        )
    )
    db.session.flush()
    return token


def revoke_tokens(user: User, purpose: str | None = None, *, now: dt.datetime) -> None:
    statement = update(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.used_at.is_(None)
    )
    if purpose is not None:
        statement = statement.where(AccountToken.purpose == purpose)
    db.session.execute(statement.values(used_at=now))


def find_token(token: str, *, now: dt.datetime) -> AccountToken:
    """The stored token behind a link, still usable; NotFound or Conflict (spent) otherwise."""
    found = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == token_digest(token or ""))
    )
    if found is None:
        raise NotFound(LINK_NOT_VALID)
    if found.used_at is not None or found.expires_at <= now or not found.user.active:
        raise Conflict(LINK_SPENT)
    return found


def spend_token(found: AccountToken, *, now: dt.datetime) -> None:
    """Mark the token used, once: of two requests with the same link, only one gets through
    (the UPDATE checks it is still unused, in the database)."""
    spent = db.session.execute(
        update(AccountToken)
        .where(AccountToken.id == found.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        raise Conflict(LINK_SPENT)


def recent_tokens(user: User, purpose: str, since: dt.datetime) -> int:
    """How many tokens of this purpose were issued to the user since then."""
    return db.session.scalar(
        select(func.count(AccountToken.id)).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.created_at >= since,
        )
    )
