"""What the XLSForm reader and writer share: located messages, languages, column names."""

from __future__ import annotations

import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from app.core.definitions import CODE_PATTERN
from app.core.i18n import _
from app.core.languages import ENGLISH_NAMES, LANGUAGES

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
SHEET_ORDER = {SURVEY: 0, CHOICES: 1, SETTINGS: 2}

#: how an exported XLSForm names each language: label::English (en)
LANGUAGE_SUFFIXES = {lang: f"{ENGLISH_NAMES[lang]} ({lang})" for lang in LANGUAGES}
#: language names an imported XLSForm may use (compared case-insensitively)
_LANGUAGE_NAMES = {
    "english": "en",
    "anglais": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "arabic": "ar",
    "arabe": "ar",
    "العربية": "ar",
    **{lang: lang for lang in LANGUAGES},
}
_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[^()]*)\)$")
_CODE = re.compile(CODE_PATTERN)

#: the Shura type an exported row stands for, when its XLSForm type is not enough
SHURA_TYPE = "shura_type"


def language_of(text: str | None) -> str | None:
    """One of Shura's languages for an XLSForm language name ("French (fr)", "Arabic",
    "en"), or None for any other language."""
    if text is None:
        return None
    text = text.strip()
    match = _WITH_CODE.match(text)
    if match:
        code = match.group("code").strip().casefold()
        if code in LANGUAGES:
            return code
        text = match.group("name")
    return _LANGUAGE_NAMES.get(text.strip().casefold())


def is_code(value: str) -> bool:
    return bool(_CODE.match(value))


def as_code(name: str) -> str | None:
    """An XLSForm name made a Shura code (lower case, other characters ``_``), or None."""
    code = re.sub(r"[^a-z0-9_]", "_", name.strip().lower())
    return code if is_code(code) else None


def number_text(value) -> str:
    """A number as a cell shows it: 3, 2.5 (a float that is whole keeps its ``.0``)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@contextmanager
def quiet_openpyxl():
    """openpyxl warns about workbook features it drops ("Unknown extension is not
    supported"); they are spreadsheet decoration, not XLSForm content."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        warnings.filterwarnings("ignore", message=r".*extension is not supported")
        yield


@dataclass(frozen=True)
class SheetMessage:
    """A refusal or a notice about an XLSForm, located as precisely as it can be."""

    file: str
    message: object
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    letter: str | None = None

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(str(_("%(sheet)s sheet", sheet=self.sheet)))
        if self.row:
            parts.append(str(_("row %(row)s", row=self.row)))
        if self.column and self.letter:
            parts.append(
                str(_("column %(column)s (%(letter)s)", column=self.column, letter=self.letter))
            )
        elif self.column:
            parts.append(str(_("column %(column)s", column=self.column)))
        return str(_(", ")).join(parts)  # Arabic separates with "، "

    def __str__(self) -> str:
        where = self.where()
        return f"{self.file}: {where}: {self.message}" if where else f"{self.file}: {self.message}"

    def sort_key(self):
        return (
            self.sheet is not None,
            SHEET_ORDER.get((self.sheet or "").lower(), 3),
            self.row or 0,
            len(self.letter or ""),
            self.letter or "",
        )
