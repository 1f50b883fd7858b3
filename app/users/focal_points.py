"""A commission's focal point: the one of its users who submits its questionnaires. There
is at most one (a unique index says so too); making someone the focal point hands the role
over from the one before."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.users.models import Commission, User


def focal_point_of(commission_id: int) -> User | None:
    return db.session.scalar(
        select(User).where(User.commission_id == commission_id, User.is_focal_point.is_(True))
    )


def hand_over_focal_point(user: User, commission: Commission) -> User | None:
    """Make ``user`` the commission's focal point; return who was before (or None)."""
    before = focal_point_of(commission.id)
    if before is not None and before.id != user.id:
        before.is_focal_point = False
        db.session.flush()  # the one-focal-point index sees the hand-over in order
    user.is_focal_point = True
    return before if before is not None and before.id != user.id else None
