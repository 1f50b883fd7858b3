"""The interface language of the current request.

In order: the language chosen in this session, the user's preference, the language last
chosen in this browser (a cookie that outlives the session, so that a "session ended" page
speaks the user's language), what the browser asks for, English. Outside a request (the
CLI, jobs) it is the CLI's language (``LANG``), unless a job forces one.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user

from app.core.languages import DEFAULT_LANGUAGE, LANGUAGES, direction, known_language

LANGUAGE_COOKIE = "shura_lang"
ONE_YEAR = 365 * 24 * 3600


def current_language() -> str:
    if not has_request_context():
        return known_language(current_app.config.get("CLI_LANGUAGE"))
    lang = session.get("lang")
    if lang in LANGUAGES:
        return lang
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


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
