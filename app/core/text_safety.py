"""Characters that text typed or sent to Shura may not hold.

PostgreSQL refuses NUL in text (the request would fail with a server error), a workbook
turns control characters into ``_x0000_`` escapes, and none of them is something a person
means to type. Tab, line feed and carriage return are ordinary text and stay allowed.

Refused:
- C0 control characters (U+0000-U+001F) except tab, line feed and carriage return;
- DEL (U+007F) and the C1 controls (U+0080-U+009F), which no keyboard types and which
  arrive only from a copied binary or a forged request;
- lone surrogates (U+D800-U+DFFF), which a JSON body can spell (``"\\ud800"``) but no
  database or file encoding can hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.i18n import _

#: one character that cannot be stored; see the module docstring for why each range
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def first_refused_character(text: str) -> str | None:
    """The first character of ``text`` that cannot be stored, or None."""
    found = REFUSED.search(text)
    return found.group() if found else None


def code_point(character: str) -> str:
    """``U+0000``: how a message names a character that cannot be shown."""
    return f"U+{ord(character):04X}"


def shown(text: str) -> str:
    """``text`` with its refused characters written as ``U+0000``, safe to show back."""
    return REFUSED.sub(lambda match: code_point(match.group()), text)


@dataclass(frozen=True)
class RefusedText:
    """Where a refused character was found: the field (a name, or a dotted path into a
    JSON body) and the character."""

    field: str
    character: str

    @property
    def code_point(self) -> str:
        return code_point(self.character)

    def message(self):
        return _(
            "The field '%(field)s' contains a control character (%(code)s) that cannot be "
            "stored. Remove it (it may have come with copied text) and send again.",
            field=shown(self.field),
            code=self.code_point,
        )


def answer_message(character: str):
    """The message beside a questionnaire's answer holding ``character``."""
    return _(
        "This answer contains a control character (%(code)s) that cannot be stored; remove "
        "it (it may have come with copied text).",
        code=code_point(character),
    )


def find_refused(value, field: str = "") -> RefusedText | None:
    """The first refused character in ``value``: a string, or lists and dicts of them (a
    JSON body), keys included. ``field`` names where ``value`` came from; nested places
    are named ``parent.key`` and ``parent.0``."""
    if isinstance(value, str):
        character = first_refused_character(value)
        return RefusedText(field or "body", character) if character else None
    if isinstance(value, dict):
        for key, inner in value.items():
            name = f"{field}.{key}" if field else str(key)
            character = first_refused_character(str(key))
            if character:
                return RefusedText(name, character)
            found = find_refused(inner, name)
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for index, inner in enumerate(value):
            found = find_refused(inner, f"{field}.{index}" if field else str(index))
            if found:
                return found
    return None


def find_refused_in_fields(fields) -> RefusedText | None:
    """The first refused character in a form's or query's ``(name, value)`` pairs."""
    for name, value in fields:
        character = first_refused_character(name) or first_refused_character(value)
        if character:
            return RefusedText(name, character)
    return None
