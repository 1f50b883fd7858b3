"""One choice from a list: radio buttons, or a drop-down list with ``appearance: dropdown``."""

from __future__ import annotations

from typing import Literal

from wtforms import SelectChoice
from wtforms import fields as wt

from app.core.i18n import _
from app.questionnaires.types.choices import ChoiceQuestion, ChoiceType

APPEARANCES = ("radio", "dropdown", "horizontal")


class SelectOneQuestion(ChoiceQuestion):
    type: Literal["select_one"]
    #: radio (the default), dropdown for long lists, horizontal for short scales
    appearance: Literal["radio", "dropdown", "horizontal"] = "radio"


class SelectOneType(ChoiceType):
    name = "select_one"
    model = SelectOneQuestion
    value_kind = "code"
    macro = "choice_radios"

    def macro_for(self, question) -> str:
        return "choice_dropdown" if question.appearance == "dropdown" else self.macro

    def form_field(self, question, definition, lang):
        choices = self.form_choices(question, definition, lang)
        if question.appearance == "dropdown":
            blank = SelectChoice("", _("Choose…"))
            return wt.SelectField(
                choices=[blank, *choices],
                validate_choice=False,
                **self.field_kwargs(question, lang),
            )
        return wt.RadioField(
            choices=choices, validate_choice=False, **self.field_kwargs(question, lang)
        )

    def check_choice(self, value, offered):
        return None if value in offered else _("Choose one of the options shown.")

    def sample(self, question, definition, demo):
        return demo.rng.choice(self.sample_values(question, definition))
