"""Tokens and calls for API tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.users.api_tokens import create_api_token
from app.users.models import User


def create_token(app, email: str, days: int = 30, now: dt.datetime | None = None) -> str:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        _row, token = create_api_token(user, "tests", days=days, now=now or utcnow())
        db.session.commit()
        return token


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
