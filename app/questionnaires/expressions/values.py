"""The values expressions compute with, and the conversions between them.

Four kinds, as in XPath 1.0: text (``str``), number (``float``), boolean (``bool``) and node
sets (``NodeSet``: the answers to a question inside a repeat, or a repeat's items), plus
dates (``datetime.date``), which behave as the number of days since 1970-01-01 in
arithmetic and comparisons and as ``YYYY-MM-DD`` text elsewhere (as ODK does).

A blank answer is the empty text ``''``. A multiple choice is its codes joined by spaces
(``'funding other'``), so ``selected()`` and ``count-selected()`` work as in XLSForm.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

EPOCH = dt.date(1970, 1, 1)
#: the day numbers of the first and last dates (0001-01-01, 9999-12-31)
FIRST_DAY = (dt.date.min - EPOCH).days
LAST_DAY = (dt.date.max - EPOCH).days
_NUMBER = re.compile(r"^\s*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*$")
_DATE = re.compile(r"^\s*([0-9]{4})-([0-9]{2})-([0-9]{2})\s*$")


class NodeSet(tuple):
    """Several values (or repeat items) at once; compared "any of", read as its first."""


def from_answer(value):
    """The expression value of a stored answer (JSON)."""
    if value is None:
        return ""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return NodeSet(value)
        return " ".join(str(to_string(from_answer(item))) for item in value)
    if isinstance(value, dict) and "name" in value:
        name = value["name"]  # an attachment reads as its file name
        return name if isinstance(name, str) else to_string(from_answer(name))
    return ""


def parse_date(text: str) -> dt.date | None:
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def to_boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    if isinstance(value, str):
        return value != ""
    if isinstance(value, NodeSet):
        return len(value) > 0
    return True  # a date


def to_number(value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, dt.date):
        return float((value - EPOCH).days)
    if isinstance(value, NodeSet):
        first = value[0] if value else ""
        return math.nan if isinstance(first, dict) else to_number(first)
    if isinstance(value, str):
        match = _NUMBER.match(value)
        if match:
            return float(match.group(1))
        date = parse_date(value)
        return float((date - EPOCH).days) if date else math.nan
    return math.nan


def to_string(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, NodeSet):
        first = value[0] if value else ""
        return "" if isinstance(first, dict) else to_string(first)
    return ""


def to_date(value) -> dt.date | str:
    """A date, or '' when the value is not one (a blank answer, text that is no date)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return ""
    if isinstance(value, float):
        if math.isfinite(value) and FIRST_DAY <= math.floor(value) <= LAST_DAY:
            return EPOCH + dt.timedelta(days=math.floor(value))
        return ""
    date = parse_date(to_string(value))
    return date if date else ""


def number_text(number: float) -> str:
    """XPath's number to text: no exponent, no trailing '.0'; NaN and Infinity spelled out."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == int(number) and abs(number) < 1e21:
        return str(int(number))
    text = repr(number)  # the shortest digits that read back as the same number
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def to_json(value):
    """What ``shura expressions eval`` prints: a JSON boolean, number or text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return number_text(value)
        return int(value) if value == int(value) and abs(value) < 2**53 else value
    return to_string(value)
