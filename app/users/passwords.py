"""Choosing a password: the rule a password must meet, and the one-time links (invitation,
reset) that let a person choose one without knowing the old."""

from __future__ import annotations

import datetime as dt

from app.core.errors import ValidationFailed
from app.core.i18n import _
from app.users.accounts import find_user_by_email
from app.users.models import User
from app.users.people import Lifetimes, send_password_link
from app.users.tokens import PASSWORD_RESET, find_token, recent_tokens, revoke_tokens, spend_token

MIN_LENGTH = 8
#: at most this many reset e-mails per person in RESET_WINDOW, however often it is asked
RESET_LIMIT, RESET_WINDOW = 3, dt.timedelta(hours=1)


def password_problems(password: str, confirmation: str) -> dict[str, list]:
    problems: dict[str, list] = {}
    if len(password or "") < MIN_LENGTH:
        problems["password"] = [_("A password needs at least %(num)d characters.", num=MIN_LENGTH)]
    elif password != confirmation:
        problems["confirmation"] = [_("The two passwords are not the same.")]
    return problems


def request_password_reset(email: str, lifetimes: Lifetimes, *, now: dt.datetime) -> None:
    """E-mail a reset link when an active account uses this address. The caller says the
    same whatever happened, so the page tells no one which addresses have accounts."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    if recent_tokens(user, PASSWORD_RESET, now - RESET_WINDOW) >= RESET_LIMIT:
        return  # someone keeps asking: the links already sent still work
    send_password_link(user, lifetimes, now=now)


def choose_password(token: str, password: str, confirmation: str, *, now: dt.datetime) -> User:
    """Set the password of the link's owner and spend the link (and every other link of
    theirs: one new password is enough)."""
    found = find_token(token, now=now)
    problems = password_problems(password, confirmation)
    if problems:
        raise ValidationFailed(_("Some details need correcting."), problems)
    spend_token(found, now=now)
    user = found.user
    user.set_password(password)  # which signs them out everywhere else
    revoke_tokens(user, now=now)
    return user
