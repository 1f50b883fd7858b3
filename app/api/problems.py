"""Errors of the API as RFC 9457 problem details (``application/problem+json``).

Every refusal has the same shape: ``status``, a ``title`` (the HTTP reason), a ``detail`` a
person can act on, and for invalid input ``errors``: one entry per field, named by the same
field codes the pages and ``ValidationFailed`` use.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, json, request

#: every route of the JSON API starts with this
API_PREFIX = "/api/"
PROBLEM_JSON = "application/problem+json"


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
