"""A number with or without decimals."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from wtforms import fields as wt

from app.core.i18n import _
from app.questionnaires.types.numbers import NumberQuestion, NumberType


class DecimalQuestion(NumberQuestion):
    type: Literal["decimal"]


class DecimalType(NumberType):
    name = "decimal"
    model = DecimalQuestion
    unreadable = _("Enter a number.")
    step = "any"

    def form_field(self, question, definition, lang):
        return wt.DecimalField(places=None, **self.field_kwargs(question, lang))

    def from_form(self, data, question):
        if data is None:
            return None
        if not data.is_finite() or data.adjusted() >= 16:
            # Refused by check_value(); converting 1E+999999999 to int would take forever.
            return float("nan")
        return int(data) if data == data.to_integral_value() else float(data)

    def to_form(self, value, question):
        return None if value is None else Decimal(str(value))

    def check_value(self, value, question, definition):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _("Enter a number.")
        return self.range_error(value, question)

    def sample(self, question, definition, demo):
        return round(super().sample(question, definition, demo) + demo.rng.random(), 1)
