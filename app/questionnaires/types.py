"""Question types: one small class each, looked up by name in ``QUESTION_TYPES``.

A type knows which definition keys it accepts, the WTForms field that asks it, how a form
value becomes a stored answer (JSON) and back, how a stored answer is checked, and what a
workbook cell holds for it. Adding a type is adding a class here; nothing else branches on it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from wtforms import SelectChoice, validators, widgets
from wtforms import fields as wt

from app.questionnaires.definition import Field, Question, QuestionnaireDefinition, Text

YES_NO_LABELS = {
    True: Text.same("Yes", "Oui", "نعم"),
    False: Text.same("No", "Non", "لا"),
}
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: beyond this, spreadsheets lose digits; no answer of a consultation needs more
LARGEST_NUMBER = 10**15
#: Excel cannot show earlier dates as dates
EARLIEST_DATE = dt.date(1900, 3, 1)
DIGITS = re.compile(r"^[0-9]{1,3}$")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()./\-]{5,30}$")


class MultiCheckboxField(wt.SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class QuestionType:
    name = ""
    #: definition keys this type accepts besides code, type, label, hint, required
    allowed_keys: frozenset[str] = frozenset()
    #: keys this type cannot do without
    needed_keys: frozenset[str] = frozenset()
    #: said when the browser sent something that cannot be read as this type
    unreadable = ""

    def problems(self, question: Question, definition, path: tuple) -> list[tuple[tuple, str]]:
        found = []
        for key in sorted(question.given_keys - self.allowed_keys):
            allowed = ", ".join(sorted(self.allowed_keys)) or "none"
            found.append((path + (key,), f"not used by type {self.name!r} (its keys: {allowed})"))
        for key in sorted(self.needed_keys - question.given_keys):
            found.append((path + ("type",), f"type {self.name!r} needs the key {key!r}"))
        return found

    def form_field(self, field: Field, definition: QuestionnaireDefinition, lang: str):
        raise NotImplementedError

    def kwargs(self, field: Field, lang: str) -> dict:
        hint = field.question.hint
        # Required-ness is checked on the stored answers (see validation.py), so that saving a
        # draft accepts gaps; Optional() only stops WTForms from complaining about blanks.
        return {
            "label": field.label(lang),
            "description": hint.get(lang) if hint and not field.specifies else "",
            "validators": [validators.Optional()],
        }

    def from_form(self, data):
        """The stored (JSON) answer for what the form parsed; None when left blank."""
        if data is None or data == "":
            return None
        return data

    def to_form(self, value):
        """Form data for a stored answer."""
        return value

    def is_empty(self, value) -> bool:
        return value is None or value == "" or value == []

    def check(self, value, field: Field, definition) -> str | None:
        """An error message for a stored answer of the wrong shape, or None."""
        return None

    def cell(self, value, field: Field, definition, lang: str):
        """The typed value of a workbook cell (str, int, float, date or None)."""
        return value

    def display(self, value, field: Field, definition, lang: str) -> str:
        cell = self.cell(value, field, definition, lang)
        if cell is None:
            return ""
        if isinstance(cell, dt.date):
            return cell.isoformat()
        return str(cell)


class TextType(QuestionType):
    name = "text"
    allowed_keys = frozenset({"max_length"})
    default_max_length = 500
    field_class = wt.StringField

    def max_length(self, question: Question) -> int:
        return question.max_length or self.default_max_length

    def form_field(self, field, definition, lang):
        kwargs = self.kwargs(field, lang)
        limit = self.default_max_length if field.specifies else self.max_length(field.question)
        kwargs["render_kw"] = {"maxlength": limit}
        return self.field_class(**kwargs)

    def from_form(self, data):
        # Browsers send line breaks as CRLF; stored answers use plain LF.
        text = (data or "").replace("\r\n", "\n").strip()
        return text or None

    def check(self, value, field, definition):
        if not isinstance(value, str):
            return "Enter text."
        limit = self.default_max_length if field.specifies else self.max_length(field.question)
        if len(value) > limit:
            return f"Shorten this answer to {limit} characters at most (it has {len(value)})."
        return None


class LongTextType(TextType):
    name = "long_text"
    default_max_length = 10000
    field_class = wt.TextAreaField

    def form_field(self, field, definition, lang):
        form_field = super().form_field(field, definition, lang)
        form_field.kwargs["render_kw"]["rows"] = 5
        return form_field


class EmailType(TextType):
    name = "email"
    allowed_keys = frozenset()
    default_max_length = 254
    field_class = wt.EmailField

    def check(self, value, field, definition):
        return super().check(value, field, definition) or (
            None if EMAIL_PATTERN.match(value) else "Enter an e-mail address like name@example.org."
        )


class PhoneType(TextType):
    name = "phone"
    allowed_keys = frozenset()
    default_max_length = 30
    field_class = wt.TelField

    def check(self, value, field, definition):
        return super().check(value, field, definition) or (
            None
            if PHONE_PATTERN.match(value)
            else "Enter a telephone number, like +33 1 23 45 67 89."
        )


class NumberType(QuestionType):
    allowed_keys = frozenset({"min", "max"})

    def problems(self, question, definition, path):
        found = super().problems(question, definition, path)
        if question.min is not None and question.max is not None and question.min > question.max:
            found.append((path + ("min",), "min is larger than max"))
        return found

    def range_error(self, value, question: Question) -> str | None:
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > LARGEST_NUMBER:
            return "Enter a number of at most 15 digits."
        if question.min is not None and value < question.min:
            return f"Enter a number of at least {_number(question.min)}."
        if question.max is not None and value > question.max:
            return f"Enter a number of at most {_number(question.max)}."
        return None


class IntegerType(NumberType):
    name = "integer"
    unreadable = "Enter a whole number."

    def form_field(self, field, definition, lang):
        kwargs = self.kwargs(field, lang)
        kwargs["render_kw"] = _bounds(field.question, step=1)
        return wt.IntegerField(**kwargs)

    def check(self, value, field, definition):
        if isinstance(value, bool) or not isinstance(value, int):
            return "Enter a whole number."
        return self.range_error(value, field.question)


class DecimalType(NumberType):
    name = "decimal"
    unreadable = "Enter a number."

    def form_field(self, field, definition, lang):
        kwargs = self.kwargs(field, lang)
        kwargs["render_kw"] = _bounds(field.question, step="any")
        return wt.DecimalField(places=None, **kwargs)

    def from_form(self, data):
        if data is None:
            return None
        if not data.is_finite() or data.adjusted() >= 16:
            # Refused by check(); converting 1E+999999999 to int would take forever.
            return float("nan")
        return int(data) if data == data.to_integral_value() else float(data)

    def to_form(self, value):
        return None if value is None else Decimal(str(value))

    def check(self, value, field, definition):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "Enter a number."
        return self.range_error(value, field.question)


class DateType(QuestionType):
    name = "date"
    unreadable = "Enter a date (year-month-day)."

    def form_field(self, field, definition, lang):
        return wt.DateField(**self.kwargs(field, lang))

    def from_form(self, data):
        return data.isoformat() if data else None

    def to_form(self, value):
        return _parse_date(value)

    def check(self, value, field, definition):
        date = _parse_date(value)
        if date is None:
            return "Enter a date (year-month-day)."
        return None if date >= EARLIEST_DATE else "Enter a date after 1 March 1900."

    def cell(self, value, field, definition, lang):
        return _parse_date(value)


class YesNoType(QuestionType):
    name = "yes_no"

    def form_field(self, field, definition, lang):
        kwargs = self.kwargs(field, lang)
        choices = [
            SelectChoice("yes", YES_NO_LABELS[True].get(lang)),
            SelectChoice("no", YES_NO_LABELS[False].get(lang)),
        ]
        return wt.RadioField(choices=choices, validate_choice=False, **kwargs)

    def from_form(self, data):
        if data in (None, ""):
            return None
        return {"yes": True, "no": False}.get(data, data)  # anything else: refused by check()

    def to_form(self, value):
        return None if value is None else ("yes" if value else "no")

    def check(self, value, field, definition):
        return None if isinstance(value, bool) else "Choose yes or no."

    def cell(self, value, field, definition, lang):
        return None if value is None else YES_NO_LABELS[bool(value)].get(lang)


class ChoiceType(QuestionType):
    allowed_keys = frozenset({"choices", "other"})
    needed_keys = frozenset({"choices"})

    def problems(self, question, definition, path):
        found = super().problems(question, definition, path)
        if question.choices and question.choices not in definition.choice_lists:
            known = ", ".join(sorted(definition.choice_lists)) or "none defined"
            found.append(
                (path + ("choices",), f"no choice list named {question.choices!r} (lists: {known})")
            )
        return found

    def form_choices(self, field, definition, lang):
        return [
            SelectChoice(c.value, c.label.get(lang)) for c in definition.choices(field.question)
        ]

    def values(self, field, definition) -> set[str]:
        return {c.value for c in definition.choices(field.question)}


class SelectOneType(ChoiceType):
    name = "select_one"

    def form_field(self, field, definition, lang):
        choices = self.form_choices(field, definition, lang)
        return wt.RadioField(choices=choices, validate_choice=False, **self.kwargs(field, lang))

    def check(self, value, field, definition):
        return None if value in self.values(field, definition) else "Choose one of the options."

    def cell(self, value, field, definition, lang):
        return None if value is None else definition.choice_label(field.question, value, lang)


class SelectMultipleType(ChoiceType):
    name = "select_multiple"

    def form_field(self, field, definition, lang):
        choices = self.form_choices(field, definition, lang)
        return MultiCheckboxField(
            choices=choices, validate_choice=False, **self.kwargs(field, lang)
        )

    def from_form(self, data):
        return list(dict.fromkeys(data)) if data else None

    def to_form(self, value):
        return value or []

    def check(self, value, field, definition):
        if not isinstance(value, list) or not set(value) <= self.values(field, definition):
            return "Choose among the options shown."
        return None

    def cell(self, value, field, definition, lang):
        if not value:
            return None
        return "; ".join(definition.choice_label(field.question, v, lang) for v in value)


class ScaleType(QuestionType):
    """A point on a scale; shown as "4 / 5" on pages, a plain number in workbooks."""

    name = "scale"
    allowed_keys = frozenset({"min", "max", "min_label", "max_label"})

    def bounds(self, question: Question) -> tuple[int, int]:
        low = 1 if question.min is None else question.min
        high = 5 if question.max is None else question.max
        return int(low), int(high)

    def problems(self, question, definition, path):
        found = super().problems(question, definition, path)
        low, high = self.bounds(question)
        for key in ("min", "max"):
            given = getattr(question, key)
            if given is not None and given != int(given):
                found.append((path + (key,), "a scale's ends are whole numbers"))
        if not 0 <= low < high <= low + 10:
            found.append((path + ("max",), "a scale needs min < max and at most 11 points"))
        return found

    def form_field(self, field, definition, lang):
        low, high = self.bounds(field.question)
        choices = [SelectChoice(str(point), str(point)) for point in range(low, high + 1)]
        return wt.RadioField(choices=choices, validate_choice=False, **self.kwargs(field, lang))

    def from_form(self, data):
        if data in (None, ""):
            return None
        return int(data) if DIGITS.match(str(data)) else data  # not a point: refused by check()

    def to_form(self, value):
        return None if value is None else str(value)

    def check(self, value, field, definition):
        low, high = self.bounds(field.question)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"Choose a point between {low} and {high}."
        return None

    def display(self, value, field, definition, lang):
        return f"{value} / {self.bounds(field.question)[1]}"


class SlotsType(QuestionType):
    """A fixed number of repeated items; its items become fields, it stores nothing itself."""

    name = "slots"
    allowed_keys = frozenset({"count", "required_count", "items"})
    needed_keys = frozenset({"count", "items"})

    def problems(self, question, definition, path):
        found = super().problems(question, definition, path)
        if question.required:
            found.append((path + ("required",), "use required_count on slots, required on items"))
        if question.count and question.required_count > question.count:
            found.append((path + ("required_count",), "required_count is larger than count"))
        for index, item in enumerate(question.items or []):
            item_path = path + ("items", index)
            if item.type == "slots":
                found.append((item_path + ("type",), "slots cannot be nested"))
            else:
                found.extend(QUESTION_TYPES[item.type].problems(item, definition, item_path))
        return found


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _bounds(question: Question, step) -> dict:
    render = {"step": step}
    if question.min is not None:
        render["min"] = _number(question.min)
    if question.max is not None:
        render["max"] = _number(question.max)
    return render


def _parse_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


QUESTION_TYPES: dict[str, QuestionType] = {
    qtype.name: qtype
    for qtype in (
        TextType(),
        LongTextType(),
        EmailType(),
        PhoneType(),
        IntegerType(),
        DecimalType(),
        DateType(),
        YesNoType(),
        SelectOneType(),
        SelectMultipleType(),
        ScaleType(),
        SlotsType(),
    )
}


def type_of(field: Field) -> QuestionType:
    return QUESTION_TYPES[field.type]
