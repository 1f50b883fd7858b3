"""Signed-in sessions: who a session belongs to, and how long it lives unused.

A session names its user by the user's session token, not their id (Flask-Login's
"alternative tokens"): giving the user a new token ends every session that holds the old
one, in every browser, including a copied cookie.

A session unused for SESSION_IDLE_MINUTES ends too. Only requests that look at the signed-in
user count as use (static files do not), and the time of last use is written at most once a
minute so that most responses do not send a new cookie. What was being typed when a session
ended is kept by the pages that receive forms (see session_end.py).
"""

from __future__ import annotations

import datetime as dt
import time

from babel.dates import format_timedelta
from flask import current_app, flash, session
from sqlalchemy import bindparam, select

from app.core.i18n import _
from app.extensions import db
from app.users.models import User
from app.web.language import current_language

#: the session key holding when the session was last used (seconds since the epoch)
LAST_SEEN = "seen"
#: how stale that time may get before it is written again (at most a tenth of the idle time)
SEEN_PRECISION = 60
#: built once: every signed-in request runs it, and building it (with its cache key) costs
#: about as much as running it
_BY_SESSION_TOKEN = select(User).where(User.session_token == bindparam("token"))
#: the id of the person who signed in last in this browser session; it outlasts the
#: session's end, so that a form kept on the session-ended page goes on only for them
SIGNED_IN_AS = "signed_in_as"
#: Flask-Login's own keys: removing them signs the session out and leaves the rest
#: (its language and CSRF secret, so that a form left open can still be sent again)
LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember", LAST_SEEN)


def mark_active(now: float | None = None) -> None:
    session[LAST_SEEN] = int(time.time() if now is None else now)


def load_session_user(session_token: str) -> User | None:
    """The user a session names, or None when that session has ended (signed out
    elsewhere, new password, deactivated, or unused for too long)."""
    user = db.session.scalar(_BY_SESSION_TOKEN, {"token": session_token})
    if user is None:
        _sign_out_here()
        return None
    now = time.time()
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    seen = session.get(LAST_SEEN)
    if idle and isinstance(seen, int) and now - seen > idle:
        _sign_out_here()
        flash(
            str(
                _(
                    "You were signed out after %(duration)s without activity.",
                    duration=format_timedelta(
                        dt.timedelta(seconds=idle), threshold=2, locale=current_language()
                    ),
                )
            ),
            "info",
        )
        return None
    precision = min(SEEN_PRECISION, idle // 10) if idle else SEEN_PRECISION
    if not isinstance(seen, int) or now - seen >= precision:
        mark_active(now)
    return user


def _sign_out_here() -> None:
    for key in LOGIN_KEYS:
        session.pop(key, None)
