"""Several choices from a list, as check boxes; stored as a list of codes."""

from __future__ import annotations

from typing import Literal

from wtforms import fields as wt
from wtforms import widgets

from app.core.i18n import _
from app.questionnaires.types.choices import ChoiceQuestion, ChoiceType


class MultiCheckboxField(wt.SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class SelectMultipleQuestion(ChoiceQuestion):
    type: Literal["select_multiple"]


class SelectMultipleType(ChoiceType):
    name = "select_multiple"
    model = SelectMultipleQuestion
    value_kind = "codes"
    macro = "choice_checkboxes"
    several = True

    def form_field(self, question, definition, lang):
        choices = self.form_choices(question, definition, lang)
        return MultiCheckboxField(
            choices=choices, validate_choice=False, **self.field_kwargs(question, lang)
        )

    def from_form(self, data, question):
        return list(dict.fromkeys(data)) if data else None

    def to_form(self, value, question):
        return value or []

    def check_choice(self, value, offered):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return _("Choose among the options shown.")
        if not set(value) <= offered:
            return _("Choose among the options shown.")
        return None

    def export_headers(self, question, definition, lang):
        headers = super().export_headers(question, definition, lang)
        label = question.label.get(lang)
        chosen = [f"{label}: {c.label.get(lang)}" for c in self.all_choices(question, definition)]
        return [headers[0], *chosen, *headers[1:]]

    def export_codes(self, question, definition):
        codes = super().export_codes(question, definition)
        flags = [f"{question.code}/{c.value}" for c in self.all_choices(question, definition)]
        return [codes[0], *flags, *codes[1:]]

    def exporter(self, question, definition, lang):
        labelled = super().exporter(question, definition, lang)
        values = [c.value for c in self.all_choices(question, definition)]
        code = question.code
        unanswered = [None] * len(values)

        def cells(answers):
            first, *rest = labelled(answers)
            value = answers.get(code)
            if value is None:
                flags = unanswered
            else:
                chosen = set(value) if isinstance(value, list) else set()
                flags = [1 if v in chosen else 0 for v in values]
            return [first, *flags, *rest]

        return cells

    def sample(self, question, definition, demo):
        values = [c.value for c in self.all_choices(question, definition)]
        picked = demo.rng.sample(values, demo.rng.randint(1, min(3, len(values))))
        return sorted(picked, key=values.index)
