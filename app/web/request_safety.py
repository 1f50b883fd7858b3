"""The safety net for text that cannot be stored (NUL and other control characters).

Every request's query string, form fields, uploaded file names and, for the API, JSON
body are looked at before any view runs: a character that PostgreSQL or a workbook cannot
hold is refused with a message naming the field (a page with status 400, or problem details
with status 422 for the API), instead of a server error or a stored escape.

The questionnaire's own saves are the exception for their form fields and files: there each
answer (and attached file's name) is checked by questionnaires/validation.py and the file
type, which mark the field beside what was typed and save the rest, as for any other answer
that is not accepted. The page's own fields there (intent, section, version, token) refuse
what they cannot read on their own.

The API's multipart uploads are not read here: they are read under their own size limit,
and the name of an uploaded definition file is never stored.
"""

from __future__ import annotations

from flask import Flask, request

from app.api.blueprints import MAX_BODY
from app.api.problems import is_api_request, problem
from app.core.text_safety import find_refused, find_refused_in_fields
from app.web.error_pages import error_page

#: views whose form fields are answers, each checked (and reported) by the validation
ANSWER_ENDPOINTS = frozenset({"answers.save", "answers.autosave"})


def register(app: Flask) -> None:
    app.before_request(refuse_control_characters)


def refuse_control_characters():
    """Answer the request with a refusal when it holds a character that cannot be stored."""
    found = _refused_in_request()
    if found is None:
        return None
    if is_api_request():
        return problem(422, found.message(), errors={found.field: [found.message()]})
    return error_page(400, found.message())


def _refused_in_request():
    found = find_refused_in_fields(request.args.items(multi=True))
    if found or request.method in ("GET", "HEAD", "OPTIONS"):
        return found
    if is_api_request():
        return _refused_in_api_body()
    if request.endpoint in ANSWER_ENDPOINTS:
        return None  # answers and attached files' names are reported beside their field
    return find_refused_in_fields(request.form.items(multi=True)) or find_refused_in_fields(
        (name, upload.filename or "") for name, upload in request.files.items(multi=True)
    )


def _refused_in_api_body():
    # Only a JSON body small enough for the API is read here: anything else is refused by
    # the API's own checks (size, media type) before a view reads it, and multipart
    # uploads are read under their own size limit. (A body sent without its length is
    # read whole by the view anyway.)
    if not request.is_json or (request.content_length or 0) > MAX_BODY:
        return None
    return find_refused(request.get_json(silent=True))
