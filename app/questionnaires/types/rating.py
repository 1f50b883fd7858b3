"""A point on a rating scale with labelled ends (1 "Extremely dissatisfied" ... 5 "Extremely
satisfied"); stored as the whole number of the point."""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField
from wtforms import SelectChoice
from wtforms import fields as wt

from app.core.definitions import Text
from app.core.i18n import _
from app.questionnaires.items import Question
from app.questionnaires.types.base import QuestionType


class RatingQuestion(Question):
    type: Literal["rating"]
    min: int = PydanticField(default=1, ge=0, le=10)
    max: int = PydanticField(default=5, ge=1, le=20)
    min_label: Text | None = None
    max_label: Text | None = None


class RatingType(QuestionType):
    name = "rating"
    model = RatingQuestion
    macro = "rating"
    value_kind = "number"

    def problems(self, question, definition, path):
        found = super().problems(question, definition, path)
        if not question.min < question.max <= question.min + 10:
            found.append((path + ("max",), _("a rating needs min < max and at most 11 points")))
        return found

    def points(self, question) -> range:
        return range(question.min, question.max + 1)

    def form_field(self, question, definition, lang):
        choices = [SelectChoice(str(p), str(p)) for p in self.points(question)]
        return wt.RadioField(
            choices=choices, validate_choice=False, **self.field_kwargs(question, lang)
        )

    def from_form(self, data, question):
        if data in (None, ""):
            return None
        points = {str(point): point for point in self.points(question)}
        return points.get(str(data), data)  # not a point: refused by check_value

    def to_form(self, value, question):
        return None if value is None else str(value)

    def check_value(self, value, question, definition):
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not question.min <= value <= question.max
        ):
            return _(
                "Choose a point between %(low)s and %(high)s.",
                low=question.min,
                high=question.max,
            )
        return None

    def printed_options(self, question, definition, lang):
        options = [str(point) for point in self.points(question)]
        if question.min_label:
            options[0] = f"{options[0]} — {question.min_label.get(lang)}"
        if question.max_label:
            options[-1] = f"{options[-1]} — {question.max_label.get(lang)}"
        return options

    def display(self, question, answers, definition, lang):
        value = answers.get(question.code)
        return "" if value is None else f"{value} / {question.max}"

    def summary(self, question, answer_sets, definition, lang):
        counts = {point: 0 for point in self.points(question)}
        for answers in answer_sets:
            if answers.get(question.code) in counts:
                counts[answers[question.code]] += 1
        rows = [(str(point), count, True) for point, count in counts.items()]
        given = [
            answers[question.code]
            for answers in answer_sets
            if answers.get(question.code) in counts
        ]
        if given:
            rows.append((_("Mean"), round(sum(given) / len(given), 2), False))
        return rows

    def sample(self, question, definition, demo):
        drop = demo.rng.choices([0, 0, 1, 1, 1, 2, 3, 4], k=1)[0]
        return max(question.min, question.max - min(drop, question.max - question.min))
