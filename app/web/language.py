"""The interface language of the current request.

In order: the language chosen in this session, the user's preference, the language last
chosen in this browser (a cookie that outlives the session, so that a "session ended" page
speaks the user's language), what the browser asks for, English. Outside a request (the
CLI, jobs) it is the CLI's language (``LANG``), unless a job forces one.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user, user_logged_in, user_logged_out

from app.core.languages import DEFAULT_LANGUAGE, LANGUAGES, direction, known_language

LANGUAGE_COOKIE = "shura_lang"
ONE_YEAR = 365 * 24 * 3600
#: in the request's environ: the language found past the session's choice
_FOUND = "shura.language"


def current_language() -> str:
    if not has_request_context():
        return known_language(current_app.config.get("CLI_LANGUAGE"))
    lang = session.get("lang")
    if lang in LANGUAGES:
        return lang
    # A page asks some thirty times (every label, hint and number), and asking the signed-in
    # user through Flask-Login's proxy costs more than the rest: found once per request,
    # forgotten when someone signs in or out (the session's own choice is read each time).
    # (Kept with the request, not in ``g``, which requests share inside one app context.)
    found = request.environ.get(_FOUND)
    if found is None:
        found = request.environ[_FOUND] = _past_the_session()
    return found


def _past_the_session() -> str:
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def _forget_found(*_args, **_kwargs) -> None:
    if has_request_context():
        request.environ.pop(_FOUND, None)


user_logged_in.connect(_forget_found, weak=False)
user_logged_out.connect(_forget_found, weak=False)


def remember_language(response, lang: str):
    """Keep the choice in the browser too, beyond this session."""
    response.set_cookie(
        LANGUAGE_COOKIE,
        lang,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


def text_direction(lang: str) -> str:
    return direction(lang)
