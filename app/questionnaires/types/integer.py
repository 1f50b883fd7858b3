"""A whole number."""

from __future__ import annotations

from typing import Literal

from wtforms import fields as wt

from app.core.i18n import _
from app.questionnaires.types.numbers import NumberQuestion, NumberType


class IntegerQuestion(NumberQuestion):
    type: Literal["integer"]


class IntegerType(NumberType):
    name = "integer"
    model = IntegerQuestion
    unreadable = _("Enter a whole number.")

    def form_field(self, question, definition, lang):
        return wt.IntegerField(**self.field_kwargs(question, lang))

    def check_value(self, value, question, definition):
        if isinstance(value, bool) or not isinstance(value, int):
            return _("Enter a whole number.")
        return self.range_error(value, question)
