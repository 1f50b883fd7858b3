"""What every item type knows about itself, and the registry that finds a type by name.

A type is one class in one module of this package, registered by its ``name``: it owns its
definition keys (its pydantic ``model``), the WTForms fields that ask it, how posted data
becomes a stored answer and back, the checks of a stored answer, the macro that renders it
(``macro``, in ``web/templates/questions/_widgets.html``), how the browser reads it
(``value_kind``), its workbook columns, its summary, and a sample answer for the demo.
Nothing outside the type branches on its name.

Methods receive a ``scope`` (see ``app.questionnaires.logic.Scope``): the answers of the
item (the whole questionnaire, or one repeat item) and an evaluator for expressions there.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from babel.numbers import format_decimal
from wtforms import validators

from app.core.i18n import _, in_readers_language
from app.questionnaires.items import Item, Question

#: every item type by name, filled as the modules of this package are imported
REGISTRY: dict[str, ItemType] = {}

REQUIRED = _("This question is required.")
ANSWERED = _("Answered")


class ItemType:
    """An item of a section: question, note, group or repeat."""

    name: ClassVar[str] = ""
    model: ClassVar[type[Item]]
    #: the macro in questions/_widgets.html that renders this item
    macro: ClassVar[str] = ""
    #: groups and repeats hold items of their own
    holds_items: ClassVar[bool] = False
    #: whether it stores answers at all (a note or a group does not)
    answers: ClassVar[bool] = True
    #: a blank file input means "keep the file", not "remove it"
    keeps_answer_when_blank: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("name"):  # a base class, or a subclass that names no type, is not one
            REGISTRY[cls.name] = cls()

    def problems(self, item, definition, path: tuple) -> list[tuple[tuple, str]]:
        """Mistakes in the item's keys that pydantic cannot see alone."""
        return []

    def codes(self, item) -> list[str]:
        """The answer codes this item stores, its own first."""
        return []

    def form_fields(self, item, definition, lang: str) -> dict:
        return {}

    def read_form(self, item, form) -> tuple[dict, dict]:
        """(answers, parse errors) from a posted WTForms form, both keyed by answer code."""
        return {}, {}

    def form_data(self, item, answers: dict) -> dict:
        return {}

    def macro_for(self, item) -> str:
        return self.macro

    def code_label(self, item, code: str, lang: str) -> str:
        """What to call one of its answer codes in a list of errors or changes."""
        return item.label.get(lang) if item.label else item.code

    def inner_scopes(self, item, scope) -> list:
        """The scopes its own items are seen in (a group: its own; a repeat: each item's)."""
        return [scope] if self.holds_items else []

    def settle(self, item, scope) -> None:
        """Bring its stored answers in line with the logic (see logic.clean_answers)."""

    def check(self, item, scope) -> dict:
        """Messages by code for the given answers that are not possible answers."""
        return {}

    def missing(self, item, scope) -> dict:
        """Messages by code for what a *required* item still lacks."""
        return {}

    def incomplete(self, item, scope) -> dict:
        """Messages by code for what a complete submission needs whether or not the item is
        required (the text of an "other" answer; a repeat's minimum number of items)."""
        return {}

    def is_blank(self, item, answers: dict) -> bool:
        return True


class QuestionType(ItemType):
    """A question with one answer stored under its code (most types)."""

    model: ClassVar[type[Question]]
    #: how the browser reads the input: text, number, code (one choice), codes (several),
    #: file, or none
    value_kind: ClassVar[str] = "text"
    #: said when the browser sent something that cannot be read as this type
    unreadable: ClassVar[object] = None

    def problems(self, question, definition, path):
        found = []
        if question.default is not None:
            message = self.check_value(question.default, question, definition)
            if message:
                found.append(
                    (path + ("default",), _("not a possible answer: %(reason)s", reason=message))
                )
        return found

    def codes(self, question) -> list[str]:
        return [question.code]

    # --- the form

    def field_kwargs(self, question, lang: str) -> dict:
        hint = question.hint
        # Required-ness is checked on the stored answers (see validation.py), so that saving a
        # draft accepts gaps; Optional() only stops WTForms from complaining about blanks.
        return {
            "label": question.label.get(lang),
            "description": hint.get(lang) if hint else "",
            "validators": [validators.Optional()],
        }

    def form_field(self, question, definition, lang: str):
        raise NotImplementedError

    def form_fields(self, question, definition, lang):
        return {question.code: self.form_field(question, definition, lang)}

    def from_form(self, data, question):
        """The stored (JSON) answer for what the form parsed; None when left blank."""
        if data is None or data == "":
            return None
        return data

    def to_form(self, value, question):
        return value

    def read_form(self, question, form):
        field = form[question.code]
        if field.errors:
            return {}, {question.code: [self.unreadable or field.errors[0]]}
        value = self.from_form(field.data, question)
        return ({} if value is None else {question.code: value}), {}

    def form_data(self, question, answers):
        return {question.code: self.to_form(answers.get(question.code), question)}

    # --- the answers

    def is_empty(self, value) -> bool:
        return value is None or value == "" or value == [] or value == {}

    def is_blank(self, question, answers: dict) -> bool:
        return self.is_empty(answers.get(question.code))

    def value(self, question, answers: dict):
        """What ``.`` and ``${code}`` see: the stored answer of the question's own code."""
        return answers.get(question.code)

    def check_value(self, value, question, definition) -> object | None:
        """An error message for an answer of the wrong shape, or None."""
        return None

    def check(self, question, scope) -> dict:
        value = scope.item.get(question.code)
        if self.is_empty(value):
            return {}
        message = self.check_value(value, question, scope.definition)
        return {question.code: message} if message else {}

    def missing(self, question, scope) -> dict:
        if self.is_blank(question, scope.item):
            return {question.code: in_readers_language(question.required_message) or REQUIRED}
        return {}

    def settle(self, question, scope) -> None:
        self.drop_unused(question, scope.item)

    def drop_unused(self, question, answers: dict) -> None:
        """Remove companion answers that no longer apply (an "other" text without "other")."""

    # --- showing and exporting

    def display(self, question, answers: dict, definition, lang: str) -> str:
        """The answer as text on a read-only page."""
        cells = self.export_cells(question, answers, definition, lang)
        return "; ".join(_as_text(cell, lang) for cell in cells if cell not in (None, ""))

    def printed_options(self, question, definition, lang: str) -> list[str] | None:
        """The options a paper form lists to tick; None for a free answer (lines to write)."""
        return None

    def printed_rows(self, question, lang: str) -> list[str]:
        """The rows a paper form asks the options of, one after another (a matrix's)."""
        return [question.label.get(lang)]

    def export_headers(self, question, definition, lang: str) -> list[str]:
        return [question.label.get(lang)]

    def export_cells(self, question, answers: dict, definition, lang: str) -> list:
        """Typed workbook cells (str, int, float, bool, date), one per header."""
        return [answers.get(question.code)]

    def export_codes(self, question, definition) -> list[str]:
        """A stable code for each header, as a program reading the workbook names it:
        the answer code, ``code/choice`` for a choice's 0/1 column."""
        return [question.code]

    def exporter(self, question, definition, lang: str):
        """``cells(answers)``: ``export_cells`` with what does not change from one answer set
        to the next worked out once, for workbooks of many thousand rows."""
        if type(self).export_cells is QuestionType.export_cells:
            code = question.code
            return lambda answers: [answers.get(code)]
        return lambda answers: self.export_cells(question, answers, definition, lang)

    def summary(self, question, answer_sets: list[dict], definition, lang: str) -> list:
        """Rows (label, number, whether it counts answers) summing up many answer sets
        (submissions, or repeat items); here, how many answered."""
        answered = sum(1 for answers in answer_sets if not self.is_blank(question, answers))
        return [(ANSWERED, answered, True)]

    def sample(self, question, definition, demo):
        """A plausible answer for demo data (``demo``: see app/demo/answers.py), or None."""
        return None

    def sample_answers(self, question, definition, demo) -> dict:
        """Sample answers by code (a type with companion codes adds theirs)."""
        value = self.sample(question, definition, demo)
        return {} if value is None else {question.code: value}


def _as_text(cell, lang: str) -> str:
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, int | float):
        # in the reader's way of writing numbers (10 000,5 in French), every digit kept, and a
        # four-digit number such as a year left ungrouped
        grouped = abs(cell) >= 10_000
        return format_decimal(
            cell, locale=lang, decimal_quantization=False, group_separator=grouped
        )
    return str(cell)
