"""Errors of the API as RFC 9457 problem details (``application/problem+json``).

Every refusal has the same shape: ``status``, a ``title`` (the HTTP reason), a ``detail`` a
person can act on, and for invalid input ``errors``: one entry per field, named by the same
field codes the pages and ``ValidationFailed`` use.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, json, request

from app.core.i18n import _

#: every route of the JSON API starts with this
API_PREFIX = "/api/"
PROBLEM_JSON = "application/problem+json"


#: what the API says where the pages' words ("go back and reload") or Werkzeug's would not fit
API_DETAILS = {
    400: _(
        "The request could not be read: send a JSON object with Content-Type: application/json."
    ),
    405: _("This method is not allowed at this address: /api/v1/docs lists what is."),
    413: _("The request's body is too large for the API."),
    415: _("Send the body as JSON, with Content-Type: application/json."),
    422: _("The request has mistakes."),
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def field_errors(errors) -> list[dict]:
    """``{"field": ["message", ...]}`` (nested for marshmallow) as a flat list of entries."""
    entries: list[dict] = []

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif (
            isinstance(value, (list, tuple))
            and value
            and not all(isinstance(item, str) for item in value)
        ):
            for item in value:
                walk(prefix, item)
        else:
            for message in value if isinstance(value, (list, tuple)) else [value]:
                entries.append({"field": prefix, "detail": str(message)})

    walk("", errors or {})
    for entry in entries:
        # marshmallow's name for the body as a whole (an array or null instead of an object)
        if entry["field"] in ("", "_schema"):
            entry["field"] = "body"
    return entries


def problem(
    status: int, detail=None, *, errors=None, headers: dict | None = None, **extra
) -> Response:
    """A problem details response; ``extra`` members (e.g. ``current_version``) are kept."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = field_errors(errors)
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
