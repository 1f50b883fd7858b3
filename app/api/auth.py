"""Who is calling: a personal token in ``Authorization: Bearer TOKEN``, nothing else.

The API never reads the session cookie: a page open in the same browser cannot be made to
call it (the API takes no CSRF token), and a program's rights are those of the token's
owner, checked by the same scoping as the pages.
"""

from __future__ import annotations

from flask import Blueprint, g, request
from werkzeug.exceptions import Forbidden, Unauthorized

from app.core.i18n import _
from app.core.time import utcnow
from app.extensions import db
from app.users.api_tokens import user_for_token


class TokenMissing(Unauthorized):
    """No usable bearer token; the response says how to authenticate."""


def authenticate_request() -> None:
    """Make the token's owner the current user of this request, or refuse it with 401."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenMissing(
            str(_("Send a personal API token as “Authorization: Bearer TOKEN”.")),
        )
    user = user_for_token(token.strip(), now=utcnow())
    if user is None:
        error = TokenMissing(
            str(_("This API token is not valid: it is unknown, expired or revoked."))
        )
        error.bearer_error = "invalid_token"
        raise error
    if db.session.dirty:  # its last use, recorded at most once a minute
        # Committed now, whatever the request does next; the commit expires what was
        # read, so only when there is something to keep (then the owner is read again).
        db.session.commit()
    # What Flask-Login's own loaders set: current_user is the token's owner for this request
    # only, and the session (a browser's cookie) is neither read nor written.
    g._login_user = user


def protect(blueprint: Blueprint, *roles: str) -> None:
    """Every route of ``blueprint`` needs a token; other roles than ``roles`` get 403."""

    @blueprint.before_request
    def check_token():
        authenticate_request()
        if roles and g._login_user.role not in roles:
            raise Forbidden(str(_("Your role may not use this part of the API.")))
