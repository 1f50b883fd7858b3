"""The application's own error pages, in the reader's language, for every refusal.

A page for a person (with the way back, and the reminder that a form they sent is still in
the previous page), a JSON object for the page's scripts, problem details under /api/.
A database that cannot be reached gives the same page as any server error: a request that
fails there has saved nothing, and the page says so.
"""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from app.api.problems import API_DETAILS, is_api_request, problem
from app.core.errors import DomainError
from app.core.i18n import _
from app.extensions import db, login_manager

SERVER_ERROR = _(
    "Something went wrong on the server; nothing of this request was saved. Go back: your "
    "input is still in the page; try again in a moment."
)
DATABASE_UNAVAILABLE = _(
    "The database cannot be reached just now; nothing of this request was saved. Go back: "
    "your input is still in the page; try again in a few minutes."
)

#: what each refusal says, where the view that refused gave no words of its own
MESSAGES = {
    400: _("The request could not be understood. Go back, reload the page and try again."),
    403: _("You do not have access to this page."),
    404: _("There is no such page."),
    405: _("This address cannot be used that way; go back and reload the page."),
    409: _(
        "This cannot be done now: it was changed meanwhile, or its state no longer allows "
        "it. Go back and reload the page to see it as it is."
    ),
    422: _("What was sent could not be accepted. Go back, correct it and send it again."),
    429: _("Too many requests in a short time. Wait a moment, then try again."),
    500: SERVER_ERROR,
}
#: errors of the database connection (not of a statement): the outage the page explains
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout)


def register(app: Flask) -> None:
    for status in MESSAGES:
        app.register_error_handler(status, http_error)
    app.register_error_handler(413, too_large)
    app.register_error_handler(DomainError, domain_error)
    app.register_error_handler(CSRFError, csrf_error)
    # A handler for the exception's class, not only for 500: it also answers while testing,
    # where unhandled exceptions propagate.
    for error_class in DATABASE_DOWN:
        app.register_error_handler(error_class, database_unavailable)


def http_error(error: HTTPException):
    status = error.code or 500
    headers = _kept_headers(error)
    # A view's own words (abort(409, "...")) are kept; Werkzeug's English default is not.
    own = error.description if error.description != type(error).description else None
    return error_page(status, own or MESSAGES.get(status, SERVER_ERROR), headers)


def too_large(error):
    return error_page(
        413,
        _(
            "What was sent is too large to be accepted (a file of more than %(size)s MB, "
            "or very long text). Go back: your input is still in the page; attach a "
            "smaller file or shorten the text.",
            size=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024),
        ),
    )


def domain_error(error: DomainError):
    return error_page(error.http_status, str(error))


def csrf_error(error):
    return error_page(
        400,
        _("The form's security token had expired. Go back, reload the page and try again."),
    )


def database_unavailable(error):
    current_app.logger.error("The database cannot be reached: %s", error, exc_info=error)
    _forget_user()  # the page is shown without asking the database who is signed in
    return error_page(500, DATABASE_UNAVAILABLE)


def error_page(status: int, message, headers: dict | None = None):
    """The refusal for this request: problem details, JSON, or the error page."""
    _rollback()
    if is_api_request():  # an address under /api/ that no route serves, or a bad method
        return problem(status, API_DETAILS.get(status, message), headers=headers)
    if request.accept_mimetypes.best == "application/json":
        return {"error": str(message)}, status, headers or {}
    try:
        body = _render(status, message)
    except SQLAlchemyError:
        # The page's header reads the signed-in user; with the database gone, show it
        # as to a visitor rather than fail again.
        _rollback()
        _forget_user()
        body = _render(status, message)
    return body, status, headers or {}


def _render(status: int, message) -> str:
    return render_template(
        "errors/error.html",
        status=status,
        # A plain string, escaped by the template like any value: a refusal may quote what
        # was sent (a field's name).
        message=str(message),
        sent_form=request.method not in ("GET", "HEAD"),
    )


def _rollback() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.remove()


def _forget_user() -> None:
    g._login_user = login_manager.anonymous_user()  # Flask-Login's per-request user


def _kept_headers(error: HTTPException) -> dict:
    """The headers a refusal carries for the client (Retry-After of a 429, Allow of a
    405), without Werkzeug's content type."""
    return {
        name: value
        for name, value in error.get_headers()
        if name.lower() not in ("content-type", "content-length")
    }
