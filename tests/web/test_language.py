"""The interface language of a request: the session's choice, the person's preference, the
browser's cookie, what the browser asks for. Found once per request past the session's
choice, and found again when someone signs in or out during the request."""

from __future__ import annotations

from flask import session
from flask_login import login_user, logout_user

from app.extensions import db
from app.users.models import User
from app.web.language import current_language


def test_signing_in_or_out_during_a_request_changes_the_language(app, dummy_world):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert current_language() == "fr"
        user = db.session.scalars(db.select(User).filter_by(email="focal.ma@test.org")).one()
        user.language = "ar"
        login_user(user)
        assert current_language() == "ar"
        session["lang"] = "en"  # a choice in the session comes first, and is read each time
        assert current_language() == "en"
        session.pop("lang")
        logout_user()
        assert current_language() == "fr"


def test_each_request_finds_its_own_language(app):
    """Requests inside one application context share ``g``, not the language found."""
    with app.app_context():
        with app.test_request_context(headers={"Accept-Language": "ar"}):
            assert current_language() == "ar"
        with app.test_request_context(headers={"Accept-Language": "fr"}):
            assert current_language() == "fr"
