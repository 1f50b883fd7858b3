"""The interface language of the current request."""

from flask import session
from flask_login import current_user

from app.config import LANGUAGES


def current_language() -> str:
    lang = session.get("lang")
    if lang in LANGUAGES:
        return lang
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    return "en"


def text_direction(lang: str) -> str:
    return "rtl" if lang == "ar" else "ltr"
