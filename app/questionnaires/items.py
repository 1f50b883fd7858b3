"""The keys every item of a questionnaire may have, whatever its type.

Each question type adds its own keys in its own module (``app/questionnaires/types/``);
sections, groups and repeats hold items. Expressions (``relevant``, ``required``,
``constraint``...) are kept as text here and parsed by ``definition.semantic_problems()``,
which reports their mistakes with the question code and the column.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField
from pydantic import field_validator

from app.core.definitions import CODE_PATTERN, Strict, Text

#: how a YAML or XLSForm author may spell a fixed ``required``
_TRUE_WORDS = {"true", "yes", "true()"}
_FALSE_WORDS = {"false", "no", "false()", ""}


class Item(Strict):
    """Anything a section lists: a question, a note, a group or a repeat."""

    code: str = PydanticField(pattern=CODE_PATTERN)
    type: str
    label: Text | None = None
    hint: Text | None = None
    #: shown (and its answers kept) only while this expression is true
    relevant: str | None = None
    #: a new submission starts with the answer the same meeting's submission of another
    #: questionnaire gave: ``pre_meeting`` (the same code there) or ``pre_meeting.other_code``
    prefill: str | None = PydanticField(
        default=None, pattern=r"^[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62})?$"
    )
    #: the report's table of proposals and recommendations takes this item's answers (a
    #: repeat: one entry per item; a text question: one entry per answer) as entries of
    #: this kind
    report: Literal["priority", "proposal", "recommendation", "action"] | None = None
    #: inside a reported repeat: what this question's answer is in the entry
    report_column: Literal["text", "details", "sector", "type", "priority"] | None = None

    @property
    def prefill_source(self) -> tuple[str, str] | None:
        """(questionnaire code, answer code) the item takes its first answer from."""
        if not self.prefill:
            return None
        questionnaire, _dot, code = self.prefill.partition(".")
        return questionnaire, code or self.code

    @property
    def given_keys(self) -> set[str]:
        return set(self.model_fields_set)


class Question(Item):
    """An item that takes an answer."""

    label: Text
    #: true, false, or an expression: required only while it is true
    required: bool | str = False
    required_message: Text | None = None
    #: an answer is accepted only when this is true; ``.`` is the answer
    constraint: str | None = None
    constraint_message: Text | None = None
    #: the answer a new submission starts with, in the stored shape
    default: str | int | float | bool | list[str] | None = None

    @field_validator("required", mode="before")
    @classmethod
    def _fixed_words(cls, value):
        if isinstance(value, str):
            word = value.strip().lower()
            if word in _TRUE_WORDS:
                return True
            if word in _FALSE_WORDS:
                return False
        return value


class Choice(Strict):
    value: str = PydanticField(pattern=r"^[A-Za-z0-9_.\-]{1,64}$")
    label: Text
    #: extra columns a choice filter can test (XLSForm's extra columns of the choices sheet)
    properties: dict[str, str] = PydanticField(default_factory=dict)
