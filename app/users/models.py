"""Users, commissions and reviewer assignments."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.time import utcnow
from app.extensions import db
from app.users.roles import ROLES

reviewer_commissions = Table(
    "reviewer_commissions",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("commission_id", ForeignKey("commissions.id", ondelete="CASCADE"), primary_key=True),
)


class Commission(db.Model):
    """A national commission, identified by its member state's ISO 3166-1 alpha-2 code."""

    __tablename__ = "commissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    iso2: Mapped[str] = mapped_column(String(2), unique=True)
    region: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))

    def name(self, lang: str = "en") -> str:
        return getattr(self, f"name_{lang}", None) or self.name_en

    def __repr__(self) -> str:
        return f"<Commission {self.iso2}>"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('commission', 'reviewer', 'secretariat')", name="role_known"),
        CheckConstraint(
            "role != 'commission' OR commission_id IS NOT NULL",
            name="commission_user_has_commission",
        ),
        CheckConstraint(
            "NOT is_focal_point OR role = 'commission'", name="focal_point_is_commission_user"
        ),
        # One focal point per commission, whatever the application does.
        Index(
            "one_focal_point_per_commission",
            "commission_id",
            unique=True,
            postgresql_where=text("is_focal_point"),
            sqlite_where=text("is_focal_point"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  #: stored lower-case
    name: Mapped[str] = mapped_column(String(200))
    #: empty until the person chooses a password with their invitation link
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(20))
    #: the one commission a focal point works for; None for reviewers and the secretariat
    commission_id: Mapped[int | None] = mapped_column(ForeignKey("commissions.id"), index=True)
    #: the one user of a commission who submits its questionnaires (the workflow's
    #: ``focal_point`` requirement); its other users are editors
    is_focal_point: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(2), default="en")
    active: Mapped[bool] = mapped_column(default=True)
    #: created by ``shura seed-demo``; a production instance refuses to start with any
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: what a signed-in browser's session names the user by (never the id): a new one,
    #: given at sign-out, at a new password and at deactivation, ends every session at once
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, index=True, default=new_session_token
    )

    commission: Mapped[Commission | None] = relationship()
    reviewed_commissions: Mapped[list[Commission]] = relationship(secondary=reviewer_commissions)

    def __init__(self, *, password: str | None = None, **kwargs):
        if kwargs.get("role") not in ROLES:
            raise ValueError(f"unknown role {kwargs.get('role')!r}")
        if "email" in kwargs:
            kwargs["email"] = kwargs["email"].strip().lower()
        super().__init__(**kwargs)
        if password is not None:
            self.set_password(password)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.end_all_sessions()

    def end_all_sessions(self) -> None:
        """Every browser signed in as this user is signed out at its next request."""
        self.session_token = new_session_token()

    def get_id(self) -> str:
        """Flask-Login keeps this in the session, and finds the user by it again."""
        return self.session_token

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def reviews_commissions(self) -> bool:
        """Whether commissions are assigned to this user to review."""
        from app.users.roles import REVIEWER

        return self.role == REVIEWER

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
