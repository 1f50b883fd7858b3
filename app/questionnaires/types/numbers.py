"""What whole numbers and decimals share: bounds, and the limit of what a workbook keeps."""

from __future__ import annotations

import math
from typing import ClassVar

from pydantic import FiniteFloat

from app.core.i18n import _
from app.questionnaires.items import Question
from app.questionnaires.types.base import ANSWERED, QuestionType

#: beyond this, spreadsheets lose digits; no answer of a consultation needs more
LARGEST_NUMBER = 10**15


class NumberQuestion(Question):
    min: FiniteFloat | None = None
    max: FiniteFloat | None = None


def number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


class NumberType(QuestionType):
    value_kind = "number"
    macro = "number_input"
    step: ClassVar[object] = 1

    def problems(self, question, definition, path):
        found = super().problems(question, definition, path)
        if question.min is not None and question.max is not None and question.min > question.max:
            found.append((path + ("min",), _("min is larger than max")))
        return found

    def bounds_attributes(self, question) -> dict:
        render = {"step": self.step}
        if question.min is not None:
            render["min"] = number_text(question.min)
        if question.max is not None:
            render["max"] = number_text(question.max)
        return render

    def range_error(self, value, question):
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > LARGEST_NUMBER:
            return _("Enter a number of at most 15 digits.")
        if question.min is not None and value < question.min:
            return _("Enter a number of at least %(min)s.", min=number_text(question.min))
        if question.max is not None and value > question.max:
            return _("Enter a number of at most %(max)s.", max=number_text(question.max))
        return None

    def summary(self, question, answer_sets, definition, lang):
        values = [
            answers[question.code]
            for answers in answer_sets
            if isinstance(answers.get(question.code), int | float)
        ]
        if not values:
            return [(ANSWERED, 0, True)]
        return [
            (ANSWERED, len(values), True),
            (_("Lowest"), min(values), False),
            (_("Mean"), round(sum(values) / len(values), 2), False),
            (_("Highest"), max(values), False),
        ]

    def sample(self, question, definition, demo):
        low = int(question.min if question.min is not None else 0)
        high = int(min(question.max if question.max is not None else 200, low + 120))
        return demo.rng.randint(low, high)
