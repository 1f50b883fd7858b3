"""Account services: creating users, finding them for login, production safety checks."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, ProgrammingError
from werkzeug.security import check_password_hash, generate_password_hash

from app.config import ConfigurationError
from app.core.errors import ValidationFailed
from app.core.i18n import _
from app.extensions import db
from app.users.focal_points import focal_point_of, hand_over_focal_point
from app.users.models import Commission, User
from app.users.roles import COMMISSION, ROLES


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))


#: checked against when the e-mail is unknown, so both cases take the same time
_NO_USER_HASH = generate_password_hash("no user has this password")


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (the caller says nothing more)."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_NO_USER_HASH, password or "")
        return None
    if not user.check_password(password or "") or not user.is_active:
        return None
    if user.is_demo and current_app.config.get("SHURA_ENV") == "production":
        # Demo accounts share a published password. A production server refuses to start
        # with them, but some may come in while it runs (seed-demo run on this database
        # from a development setting): their password opens nothing even then.
        return None
    return user


def create_user(
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    commission_iso2: str | None = None,
    language: str = "en",
    is_demo: bool = False,
    focal_point: bool | None = None,
) -> User:
    """An account with a password (the CLI and the demo; the secretariat invites people in
    the app). A commission's first user becomes its focal point unless ``focal_point`` is
    False; True hands the role over from the one before."""
    if role not in ROLES:
        raise ValidationFailed(
            _("Unknown role %(role)r; roles are %(roles)s.", role=role, roles=", ".join(ROLES))
        )
    if find_user_by_email(email):
        raise ValidationFailed(_("A user with the e-mail %(email)s already exists.", email=email))
    commission = None
    if role == COMMISSION:
        commission = db.session.scalar(
            select(Commission).where(Commission.iso2 == (commission_iso2 or "").upper())
        )
        if commission is None:
            raise ValidationFailed(_("A commission user needs an existing commission (ISO code)."))
    if len(password) < 8:
        raise ValidationFailed(_("A password needs at least 8 characters."))
    user = User(
        email=email,
        name=name,
        role=role,
        password=password,
        commission=commission,
        language=language,
        is_demo=is_demo,
    )
    db.session.add(user)
    db.session.flush()
    if commission is not None and focal_point is not False:
        if focal_point or focal_point_of(commission.id) is None:
            hand_over_focal_point(user, commission)
            db.session.flush()
    return user


def refuse_demo_accounts(app) -> None:
    """A production instance must not keep the publicly known demo accounts."""
    with app.app_context():
        try:
            count = db.session.scalar(select(func.count(User.id)).where(User.is_demo.is_(True)))
        except (OperationalError, ProgrammingError):
            db.session.rollback()
            return  # the schema is not there yet: `shura db upgrade` comes first
        finally:
            db.session.remove()
            db.engine.dispose()  # nothing of this check stays open in a forking server
        if count:
            raise ConfigurationError(
                f"This database holds {count} demo account(s) with published passwords; "
                "production refuses to start with them. Use a database where "
                "`shura seed-demo` was never run."
            )


def assign_commissions(email: str, iso_codes: list[str] | None) -> int:
    """Set the commissions a reviewer reviews (None: all of them); return how many."""
    user = find_user_by_email(email)
    if user is None or user.role != "reviewer":
        raise ValidationFailed(_("No reviewer with the e-mail %(email)s.", email=email))
    query = select(Commission)
    if iso_codes is not None:
        wanted = {code.upper() for code in iso_codes}
        query = query.where(Commission.iso2.in_(wanted))
    commissions = db.session.scalars(query).all()
    if iso_codes is not None and len(commissions) != len(wanted):
        unknown = wanted - {c.iso2 for c in commissions}
        raise ValidationFailed(
            _("Unknown commission code(s): %(codes)s.", codes=", ".join(sorted(unknown)))
        )
    user.reviewed_commissions = list(commissions)
    db.session.flush()
    return len(commissions)


def set_reviewer_commissions(actor: User, reviewer: User, commission_ids: list[int]) -> int:
    """The secretariat sets the commissions a reviewer reviews; return how many."""
    from app.core.errors import Forbidden
    from app.users.roles import REVIEWER, SECRETARIAT

    if actor.role != SECRETARIAT:
        raise Forbidden(_("Only the secretariat assigns reviewers."))
    if reviewer.role != REVIEWER:
        raise ValidationFailed(_("Only a reviewer reviews commissions."))
    wanted = set(commission_ids)
    commissions = db.session.scalars(select(Commission).where(Commission.id.in_(wanted))).all()
    if len(commissions) != len(wanted):
        raise ValidationFailed(_("Choose commissions from the list."))
    reviewer.reviewed_commissions = list(commissions)
    db.session.flush()
    return len(commissions)
