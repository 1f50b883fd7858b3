"""What the choice types share: a named choice list, a choice filter, "Other, please specify"."""

from __future__ import annotations

from typing import ClassVar

from wtforms import SelectChoice
from wtforms import fields as wt

from app.core.definitions import Text
from app.core.i18n import _
from app.questionnaires.items import Choice, Question
from app.questionnaires.types.base import QuestionType

OTHER_VALUE = "other"
OTHER_LABEL = Text.same("Other", "Autre", "أخرى")
SPECIFY_LABEL = Text.same("Please specify", "Veuillez préciser", "يرجى التحديد")
SPECIFY_MAX_LENGTH = 500


class ChoiceQuestion(Question):
    #: the name of a list in the definition's ``choice_lists``
    choices: str
    #: adds an "Other" choice and a "please specify" text, stored as ``<code>_other``
    other: bool = False
    #: a choice is offered only while this is true; bare names are the choice's properties
    choice_filter: str | None = None


def specify_code(question) -> str:
    return f"{question.code}_other"


class ChoiceType(QuestionType):
    """Answers drawn from a named choice list."""

    #: whether the answer is a list of codes
    several: ClassVar[bool] = False

    def problems(self, question, definition, path):
        found = super().problems(question, definition, path)
        if question.choices not in definition.choice_lists:
            known = ", ".join(sorted(definition.choice_lists)) or str(_("none defined"))
            found.append(
                (
                    path + ("choices",),
                    _(
                        "no choice list named %(name)r (lists: %(known)s)",
                        name=question.choices,
                        known=known,
                    ),
                )
            )
        elif getattr(question, "other", False) and any(
            choice.value == OTHER_VALUE for choice in definition.choice_lists[question.choices]
        ):
            found.append(
                (
                    path + ("other",),
                    _(
                        "the list %(name)r has its own %(other)r choice; remove it or drop "
                        "other: true",
                        name=question.choices,
                        other=OTHER_VALUE,
                    ),
                )
            )
        return found

    def all_choices(self, question, definition) -> list[Choice]:
        listed = list(definition.choice_lists.get(question.choices, []))
        if getattr(question, "other", False):
            listed.append(Choice(value=OTHER_VALUE, label=OTHER_LABEL))
        return listed

    def offered(self, question, scope) -> list[Choice]:
        """The choices offered where the question stands, after its choice filter."""
        choices = self.all_choices(question, scope.definition)
        flt = getattr(question, "choice_filter", None)
        if not flt:
            return choices
        return [
            choice
            for choice in choices
            if choice.value == OTHER_VALUE or scope.choice_allowed(flt, choice)
        ]

    def label_of(self, question, definition, value, lang: str) -> str:
        for choice in self.all_choices(question, definition):
            if choice.value == value:
                return choice.label.get(lang)
        return str(value)

    def form_choices(self, question, definition, lang):
        return [
            SelectChoice(c.value, c.label.get(lang)) for c in self.all_choices(question, definition)
        ]

    def codes(self, question):
        codes = [question.code]
        if getattr(question, "other", False):
            codes.append(specify_code(question))
        return codes

    def form_fields(self, question, definition, lang):
        fields = {question.code: self.form_field(question, definition, lang)}
        if getattr(question, "other", False):
            fields[specify_code(question)] = wt.StringField(
                label=SPECIFY_LABEL.get(lang), default=""
            )
        return fields

    def read_form(self, question, form):
        answers, errors = super().read_form(question, form)
        if getattr(question, "other", False):
            text = (form[specify_code(question)].data or "").replace("\r\n", "\n").strip()
            if text:
                answers[specify_code(question)] = text
        return answers, errors

    def form_data(self, question, answers):
        data = super().form_data(question, answers)
        if getattr(question, "other", False):
            data[specify_code(question)] = answers.get(specify_code(question)) or ""
        return data

    def printed_options(self, question, definition, lang):
        return [choice.label.get(lang) for choice in self.all_choices(question, definition)]

    def code_label(self, question, code, lang):
        label = question.label.get(lang)
        return f"{label} — {SPECIFY_LABEL.get(lang)}" if code == specify_code(question) else label

    def chose_other(self, question, answers) -> bool:
        chosen = answers.get(question.code)
        return chosen == OTHER_VALUE or (isinstance(chosen, list) and OTHER_VALUE in chosen)

    def check(self, question, scope):
        found = {}
        value = scope.item.get(question.code)
        if not self.is_empty(value):
            offered = {choice.value for choice in self.offered(question, scope)}
            message = self.check_choice(value, offered)
            if message:
                found[question.code] = message
        if getattr(question, "other", False):
            specify = scope.item.get(specify_code(question))
            if specify is not None and (
                not isinstance(specify, str) or len(specify) > SPECIFY_MAX_LENGTH
            ):
                found[specify_code(question)] = _(
                    "Shorten this answer to %(limit)s characters at most.",
                    limit=SPECIFY_MAX_LENGTH,
                )
        return found

    def check_choice(self, value, offered: set[str]):
        raise NotImplementedError

    def check_value(self, value, question, definition):
        offered = {choice.value for choice in self.all_choices(question, definition)}
        return self.check_choice(value, offered)

    def incomplete(self, question, scope):
        if self.chose_other(question, scope.item) and not scope.item.get(specify_code(question)):
            return {specify_code(question): _("Say what the other answer is.")}
        return {}

    def drop_unused(self, question, answers):
        if getattr(question, "other", False) and not self.chose_other(question, answers):
            answers.pop(specify_code(question), None)

    def display(self, question, answers, definition, lang):
        value = answers.get(question.code)
        values = value if isinstance(value, list) else ([] if value is None else [value])
        shown = "; ".join(self.label_of(question, definition, v, lang) for v in values)
        specify = answers.get(specify_code(question)) if getattr(question, "other", False) else None
        return f"{shown} — {specify}" if specify else shown

    def export_headers(self, question, definition, lang):
        headers = [question.label.get(lang)]
        if getattr(question, "other", False):
            headers.append(f"{question.label.get(lang)} — {SPECIFY_LABEL.get(lang)}")
        return headers

    def export_cells(self, question, answers, definition, lang):
        return self.exporter(question, definition, lang)(answers)

    def export_codes(self, question, definition):
        return self.codes(question)

    def exporter(self, question, definition, lang):
        if type(self).export_cells is not ChoiceType.export_cells:  # a type's own cells
            return super().exporter(question, definition, lang)
        labels = {c.value: c.label.get(lang) for c in self.all_choices(question, definition)}
        code = question.code
        specify = specify_code(question) if getattr(question, "other", False) else None

        def cells(answers):
            value = answers.get(code)
            if value is None:
                chosen = None
            elif isinstance(value, list):
                chosen = "; ".join(labels.get(v, str(v)) for v in value) or None
            else:
                chosen = labels.get(value, str(value))
            return [chosen] if specify is None else [chosen, answers.get(specify)]

        return cells

    def summary(self, question, answer_sets, definition, lang):
        counts = {choice.value: 0 for choice in self.all_choices(question, definition)}
        for answers in answer_sets:
            value = answers.get(question.code)
            for code in value if isinstance(value, list) else [value]:
                if code in counts:
                    counts[code] += 1
        return [
            (self.label_of(question, definition, code, lang), count, True)
            for code, count in counts.items()
        ]

    def sample_answers(self, question, definition, demo):
        answers = super().sample_answers(question, definition, demo)
        if getattr(question, "other", False) and self.chose_other(question, answers):
            answers[specify_code(question)] = demo.phrase(specify_code(question))
        return answers

    def sample_values(self, question, definition) -> list[str]:
        return [c.value for c in self.all_choices(question, definition) if c.value != OTHER_VALUE]
