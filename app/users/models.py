"""Users, commissions and reviewer assignments."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table
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


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('commission', 'reviewer', 'secretariat')", name="role_known"),
        CheckConstraint(
            "role != 'commission' OR commission_id IS NOT NULL",
            name="commission_user_has_commission",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  #: stored lower-case
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    #: the one commission a focal point works for; None for reviewers and the secretariat
    commission_id: Mapped[int | None] = mapped_column(ForeignKey("commissions.id"), index=True)
    language: Mapped[str] = mapped_column(String(2), default="en")
    active: Mapped[bool] = mapped_column(default=True)
    #: created by ``shura seed-demo``; a production instance refuses to start with any
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

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

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

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
