"""Yes or no, stored as the codes ``yes`` and ``no`` (as XLSForm's yes_no lists do)."""

from __future__ import annotations

from typing import Literal

from app.core.definitions import Text
from app.core.i18n import _
from app.questionnaires.items import Choice
from app.questionnaires.types.base import QuestionType
from app.questionnaires.types.select_one import SelectOneQuestion, SelectOneType

YES_NO_CHOICES = [
    Choice(value="yes", label=Text.same("Yes", "Oui", "نعم")),
    Choice(value="no", label=Text.same("No", "Non", "لا")),
]


class YesNoQuestion(SelectOneQuestion):
    type: Literal["yes_no"]
    choices: str = ""


class YesNoType(SelectOneType):
    name = "yes_no"
    model = YesNoQuestion

    def problems(self, question, definition, path):
        # Not ChoiceType's checks: there is no choice list to look for.
        found = QuestionType.problems(self, question, definition, path)
        for key in ("choices", "other", "choice_filter"):
            if key in question.model_fields_set:
                found.append((path + (key,), _("a yes_no question has its own two choices")))
        return found

    def all_choices(self, question, definition):
        return list(YES_NO_CHOICES)

    def export_cells(self, question, answers, definition, lang):
        value = answers.get(question.code)
        return [None if value is None else value == "yes"]

    def sample(self, question, definition, demo):
        return "yes" if demo.rng.random() < 0.7 else "no"
