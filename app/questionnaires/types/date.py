"""A calendar date, stored as YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from babel.dates import format_date
from wtforms import fields as wt

from app.core.i18n import _
from app.questionnaires.items import Question
from app.questionnaires.types.base import QuestionType

#: Excel cannot show earlier dates as dates
EARLIEST_DATE = dt.date(1900, 3, 1)


class DateQuestion(Question):
    type: Literal["date"]


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


class DateType(QuestionType):
    name = "date"
    model = DateQuestion
    macro = "date_input"
    unreadable = _("Enter a date (year-month-day).")

    def form_field(self, question, definition, lang):
        return wt.DateField(**self.field_kwargs(question, lang))

    def from_form(self, data, question):
        return data.isoformat() if data else None

    def to_form(self, value, question):
        return parse_date(value)

    def check_value(self, value, question, definition):
        date = parse_date(value) if isinstance(value, str) else None
        if date is None:
            return _("Enter a date (year-month-day).")
        return None if date >= EARLIEST_DATE else _("Enter a date after 1 March 1900.")

    def display(self, question, answers, definition, lang):
        date = parse_date(answers.get(question.code))
        return format_date(date, "long", locale=lang) if date else ""

    def export_cells(self, question, answers, definition, lang):
        return [parse_date(answers.get(question.code))]

    def sample(self, question, definition, demo):
        offset = (
            demo.rng.randint(0, 2) if question.code.endswith("date") else demo.rng.randint(30, 300)
        )
        return (demo.meeting.meeting_date + dt.timedelta(days=offset)).isoformat()
