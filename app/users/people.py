"""The secretariat manages accounts: invites people by e-mail, changes what they are,
deactivates and reactivates them, sends a password link.

A commission may have several users: editors, who fill in and save its questionnaires, and
one focal point, who alone may submit them (the workflow files say so, with the
``focal_point`` requirement). Making someone the focal point hands the role over from the
one before, in the same transaction, so a commission never has two.

No account is ever deleted: the history names its people.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from app.core.errors import Forbidden, ValidationFailed
from app.core.i18n import _
from app.core.languages import LANGUAGES
from app.core.links import site_link
from app.extensions import db
from app.notifications import messages
from app.notifications.outbox import post
from app.users.api_tokens import revoke_all_api_tokens
from app.users.focal_points import focal_point_of, hand_over_focal_point
from app.users.models import Commission, User
from app.users.roles import COMMISSION, REVIEWER, ROLES, SECRETARIAT
from app.users.tokens import (
    INVITATION,
    PASSWORD_RESET,
    issue_token,
    revoke_tokens,
    token_digest,
)

#: what a person can type as an address; the mail server is the final judge
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class AccountDetails:
    """What the secretariat's form says about a person."""

    email: str
    name: str
    role: str
    commission_id: int | None = None
    focal_point: bool = False
    language: str = "en"


@dataclass
class Lifetimes:
    invitation: dt.timedelta
    reset: dt.timedelta


def _require_secretariat(actor: User) -> None:
    if actor.role != SECRETARIAT:
        raise Forbidden(_("Only the secretariat manages accounts."))


def _checked(details: AccountDetails, user: User | None = None) -> tuple[dict, Commission | None]:
    """The problems per field, and the commission named."""
    problems: dict[str, list] = {}
    email = (details.email or "").strip().lower()
    if user is None:
        if not EMAIL.match(email):
            problems["email"] = [_("Give an e-mail address, such as name@example.org.")]
        elif db.session.scalar(select(User.id).where(User.email == email)) is not None:
            problems["email"] = [_("Someone already has an account with this address.")]
    if not (details.name or "").strip():
        problems["name"] = [_("Give the person's name.")]
    if details.role not in ROLES:
        problems["role"] = [_("Choose a role from the list.")]
    if details.language not in LANGUAGES:
        problems["language"] = [_("Choose a language from the list.")]
    commission = None
    if details.role == COMMISSION:
        commission = (
            db.session.get(Commission, details.commission_id) if details.commission_id else None
        )
        if commission is None:
            problems["commission_id"] = [_("A commission's user belongs to a commission.")]
    elif details.focal_point:
        problems["focal_point"] = [_("Only a commission's user can be its focal point.")]
    if details.focal_point and user is not None and not user.active:
        problems["focal_point"] = [_("Reactivate the account first.")]
    return problems, commission


def invite_user(
    actor: User, details: AccountDetails, lifetimes: Lifetimes, *, now: dt.datetime
) -> User:
    """Create the account without a password and e-mail a link to choose one."""
    _require_secretariat(actor)
    problems, commission = _checked(details)
    if problems:
        raise ValidationFailed(_("Some details need correcting."), problems)
    user = User(
        email=details.email,
        name=details.name.strip(),
        role=details.role,
        commission=commission,
        language=details.language,
    )
    db.session.add(user)
    db.session.flush()
    if commission is not None and (details.focal_point or focal_point_of(commission.id) is None):
        # The first person of a commission is its focal point unless the form says
        # otherwise by naming another one later.
        hand_over_focal_point(user, commission)
    send_invitation(actor, user, lifetimes, now=now)
    return user


def send_invitation(actor: User, user: User, lifetimes: Lifetimes, *, now: dt.datetime):
    """A (new) invitation link for someone who has not chosen a password yet."""
    _require_secretariat(actor)
    if not user.active:
        raise ValidationFailed(_("Reactivate the account first."))
    if user.has_password:
        raise ValidationFailed(
            _(
                "%(name)s has chosen a password already; send a password link instead.",
                name=user.name,
            )
        )
    return _mail_link(
        user,
        INVITATION,
        lifetimes.invitation,
        lambda link, expires: messages.invitation(user, actor, link, expires),
        now=now,
        actor=actor,
    )


def send_password_link(
    user: User, lifetimes: Lifetimes, *, now: dt.datetime, actor: User | None = None
) -> dt.datetime:
    """E-mail a link to choose a new password (asked by the person or by the secretariat)."""
    return _mail_link(
        user,
        PASSWORD_RESET,
        lifetimes.reset,
        lambda link, expires: messages.password_reset(user, link, expires),
        now=now,
        actor=actor,
    )


def _mail_link(user, purpose, lifetime, write, *, now, actor) -> dt.datetime:
    """Issue a one-time link and put the e-mail that carries it in the outbox; return when
    the link expires. The outbox key is made from the stored digest, never the token."""
    token = issue_token(user, purpose, lifetime, now=now, created_by=actor)
    expires = now + lifetime
    link = site_link(f"/password/{token}")
    key = f"{purpose}:{user.id}:{token_digest(token)[:16]}"
    post(user, purpose, key, lambda: write(link, expires))
    return expires


@dataclass
class AccountChange:
    user: User
    #: the commission's focal point before, when this change handed the role over
    focal_point_before: User | None = None
    #: the commission this change left without a focal point (the person was it)
    left_without_focal_point: Commission | None = None


def change_account(actor: User, user: User, details: AccountDetails) -> AccountChange:
    """Change a person's name, role, commission, focal point and language. Their e-mail
    stays: it is how they sign in."""
    _require_secretariat(actor)
    if user.id == actor.id and details.role != actor.role:
        raise ValidationFailed(
            _("You cannot change your own role: ask another member of the secretariat."),
            {"role": [_("Your own role stays as it is.")]},
        )
    problems, commission = _checked(details, user)
    if problems:
        raise ValidationFailed(_("Some details need correcting."), problems)
    change = AccountChange(user)
    if user.role == REVIEWER and details.role != REVIEWER:
        user.reviewed_commissions = []
    if user.is_focal_point and (
        commission is None or commission.id != user.commission_id or not details.focal_point
    ):
        change.left_without_focal_point = user.commission
        user.is_focal_point = False
        db.session.flush()
    user.name, user.role, user.language = details.name.strip(), details.role, details.language
    user.commission = commission
    if commission is not None and details.focal_point:
        change.focal_point_before = hand_over_focal_point(user, commission)
    db.session.flush()
    return change


def set_active(actor: User, user: User, active: bool, *, now: dt.datetime) -> bool:
    """Deactivate (the person can no longer sign in, their links and API tokens stop
    working, no e-mail
    goes to them) or reactivate an account. Returns whether a deactivated person was their
    commission's focal point: the role is then free, for the secretariat to give again."""
    _require_secretariat(actor)
    if user.id == actor.id and not active:
        raise ValidationFailed(
            _("You cannot deactivate your own account: ask another member of the secretariat.")
        )
    user.active = active
    was_focal_point = False
    if not active:
        user.end_all_sessions()  # open sessions end at their next request
        revoke_tokens(user, now=now)
        # For good: reactivating the account must not bring back a token that leaked.
        revoke_all_api_tokens(user, now=now)
        was_focal_point, user.is_focal_point = user.is_focal_point, False
    db.session.flush()
    return was_focal_point
