"""How every resource of the API is made: a flask-smorest blueprint under ``/api/v1/``
that needs a bearer token (roles as the pages allow them) and answers every error,
its own or the services', as problem details."""

from __future__ import annotations

from functools import partial
from http import HTTPStatus

from flask import request
from flask_smorest import Blueprint
from marshmallow import ValidationError
from werkzeug.exceptions import (
    HTTPException,
    RequestEntityTooLarge,
    UnsupportedMediaType,
    default_exceptions,
)

from app.api.auth import protect
from app.api.problems import API_DETAILS, problem
from app.core.errors import DomainError
from app.core.i18n import _
from app.exports.options import OptionError
from app.extensions import csrf, db

#: the largest body the API reads (its requests are small JSON objects; the pages' limit is
#: sized for attachments)
MAX_BODY = 64 * 1024
#: ExportOptions' names -> the request's, where they differ
OPTION_FIELDS = {"consultation_id": "consultation", "commission_ids": "commissions"}


def api_blueprint(
    name: str, path: str, description: str, *roles: str, uploads: int | None = None
) -> Blueprint:
    """A resource at ``/api/v1/<path>`` for ``roles`` (every signed-in role when none).

    Its routes read small JSON bodies; with ``uploads`` (a size in bytes), multipart
    uploads of up to that size instead.
    """
    blueprint = Blueprint(name, __name__, url_prefix=f"/api/v1/{path}", description=description)
    protect(blueprint, *roles)
    blueprint.before_request(partial(check_upload, uploads) if uploads else check_body)
    csrf.exempt(blueprint)  # token-authenticated, never by cookie: nothing to forge
    handle_errors(blueprint)

    @blueprint.after_request
    def not_stored(response):
        # Answers hold a person's data: no shared cache, nor the client's, keeps them.
        response.headers["Cache-Control"] = "no-store"
        return response

    return blueprint


def check_body() -> None:
    """A body must be JSON, and small: anything else is refused before it is parsed."""
    if request.content_length and request.content_length > MAX_BODY:
        raise RequestEntityTooLarge
    if request.content_length and not request.is_json:
        raise UnsupportedMediaType


def check_upload(limit: int) -> None:
    """A body must be a multipart form of at most ``limit`` bytes."""
    request.max_content_length = limit  # also for a body sent without its length
    if request.content_length and request.content_length > limit:
        raise RequestEntityTooLarge
    if request.content_length and request.mimetype != "multipart/form-data":
        raise UnsupportedMediaType(str(_("Send the file as multipart/form-data.")))


def handle_errors(blueprint: Blueprint) -> None:
    """Every error raised in ``blueprint`` answers as a problem details document."""

    def http_error(error: HTTPException):
        data = getattr(error, "data", None) or {}
        headers = dict(data.get("headers") or {})
        if error.code == 401:
            value = "Bearer"
            if getattr(error, "bearer_error", None):
                value += f' error="{error.bearer_error}"'
            headers["WWW-Authenticate"] = value
        messages = data.get("messages")
        if isinstance(messages, dict) and len(messages) == 1:
            # webargs files errors under where it read them ("json", "query")
            messages = next(iter(messages.values()))
        detail = data.get("message") or error.description
        if detail == type(error).description:  # Werkzeug's words, meant for a browser
            detail = API_DETAILS.get(error.code, detail)
        return problem(error.code or 500, detail, errors=messages, headers=headers)

    # By code, not only by class: Flask prefers the app's handler for a code (the pages'
    # error pages) to a blueprint's handler for a class.
    for code in default_exceptions:
        blueprint.register_error_handler(code, http_error)
    blueprint.register_error_handler(HTTPException, http_error)

    @blueprint.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        return problem(error.http_status, str(error), errors=getattr(error, "errors", None))

    @blueprint.errorhandler(OptionError)
    def option_error(error: OptionError):
        db.session.rollback()
        field = OPTION_FIELDS.get(error.field, error.field)
        return problem(422, str(error), errors={field: [str(error)]})

    @blueprint.errorhandler(RecursionError)
    def too_deep(error: RecursionError):
        return problem(400, _("The JSON body is nested too deeply to be read."))

    @blueprint.errorhandler(ValidationError)
    def validation_error(error: ValidationError):
        return problem(422, None, errors=error.messages)


def refusals(blueprint: Blueprint, *codes: int):
    """Document the refusals a route may answer (401 and 403 come with every resource)."""

    def decorate(view):
        for code in sorted({401, 403, *codes}, reverse=True):
            view = blueprint.alt_response(code, response=HTTPStatus(code).name)(view)
        return view

    return decorate
