"""The languages of the interface and of every definition: the one list of them."""

from __future__ import annotations

import unicodedata

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


def collation_key(text: str) -> str:
    """A key that sorts names as readers expect rather than by code point: case ignored and
    accents folded, so that "Bénin" comes before "Burkina Faso". Enough for names in the
    three languages; a full collation (ICU) is not worth its weight here."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
