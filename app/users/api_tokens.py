"""Personal API tokens: what a program sends as ``Authorization: Bearer TOKEN``.

A token acts as the person who created it, with exactly their scope: the API reads through
the same services and scoping module as the pages. Only the SHA-256 of a token is stored,
so it is shown once, when it is created; it works until it expires or is revoked, and only
while its owner's account is active. The first characters are kept in clear so a person can
tell their tokens apart in a list.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import DateTime, ForeignKey, String, bindparam, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from app.core.errors import NotFound, ValidationFailed
from app.core.i18n import _
from app.extensions import db
from app.users.models import User
from app.users.tokens import token_digest

#: what every token starts with, so a leaked one is recognisable (secret scanners, logs)
TOKEN_PREFIX = "shura_"
#: characters of the token kept in clear to name it in lists
SHOWN_CHARACTERS = 12
DEFAULT_DAYS = 90
MAX_DAYS = 366
#: a token's last use is recorded at most this often (not a write per request)
LAST_USED_EVERY = dt.timedelta(minutes=1)


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: what the person called it ("Power BI refresh")
    name: Mapped[str] = mapped_column(String(100))
    #: hex SHA-256 of the token; the token itself is never stored
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: the token's first characters, to tell tokens apart
    shown: Mapped[str] = mapped_column(String(SHOWN_CHARACTERS))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()

    def usable(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now and self.user.active


def create_api_token(
    user: User, name: str, *, days: int = DEFAULT_DAYS, now: dt.datetime
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token, which cannot be read back."""
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [str(_("Give the token a name, to recognise it later."))]
    elif len(name) > 100:
        errors["name"] = [str(_("A token's name has at most 100 characters."))]
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = [
            str(_("A token lasts from 1 to %(max)d days.", max=MAX_DAYS)),
        ]
    if not user.active:
        errors["user"] = [str(_("This account is deactivated."))]
    if errors:
        raise ValidationFailed(str(_("The token was not created.")), errors)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_digest(token),
        shown=token[:SHOWN_CHARACTERS],
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    db.session.add(row)
    db.session.flush()
    return row, token


def tokens_of(user: User) -> list[ApiToken]:
    """A person's tokens, newest first, revoked and expired ones included (their history)."""
    return db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    ).all()


def revoke_api_token(user: User, token_id: int, *, now: dt.datetime) -> ApiToken:
    """Revoke one of ``user``'s tokens (another person's token does not exist for them)."""
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    if row is None:
        raise NotFound(_("No such token."))
    if row.revoked_at is None:
        row.revoked_at = now
    return row


def revoke_all_api_tokens(user: User, *, now: dt.datetime) -> int:
    """Revoke every token of ``user`` still in force; returns how many."""
    rows = [row for row in tokens_of(user) if row.revoked_at is None]
    for row in rows:
        row.revoked_at = now
    return len(rows)


#: the token with its owner, in one statement built once (every API request runs it)
_BY_DIGEST = (
    select(ApiToken)
    .where(ApiToken.token_hash == bindparam("digest"))
    .options(joinedload(ApiToken.user))
)


def user_for_token(token: str, *, now: dt.datetime) -> User | None:
    """The active user a token stands for, or None if it is unknown, expired or revoked.

    Records the token's last use (at most once a minute); the caller commits.
    """
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = db.session.scalar(_BY_DIGEST, {"digest": token_digest(token)})
    if row is None or not row.usable(now):
        return None
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_EVERY:
        row.last_used_at = now
    return row.user
