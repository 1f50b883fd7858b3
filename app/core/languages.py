"""The languages of the interface and of every definition: the one list of them."""

from __future__ import annotations

#: interface and definition languages, in the order they are offered
LANGUAGES = ("en", "fr", "ar")
DEFAULT_LANGUAGE = "en"
#: each language's name in itself (language menus)
NATIVE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}
#: each language's English name, as XLSForm column headers spell it: label::French (fr)
ENGLISH_NAMES = {"en": "English", "fr": "French", "ar": "Arabic"}
RIGHT_TO_LEFT = frozenset({"ar"})


def direction(lang: str) -> str:
    return "rtl" if lang in RIGHT_TO_LEFT else "ltr"


def known_language(lang: str | None) -> str:
    """``lang`` when it is one of ours, the default language otherwise."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE
