"""Choices put in order of preference; stored as the list of codes, first preferred first.

Without JavaScript the page shows one drop-down list per rank ("1st", "2nd", ...), which is
also what a keyboard or a screen reader handles best.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField
from wtforms import fields as wt

from app.core.i18n import _
from app.questionnaires.types.choices import ChoiceQuestion, ChoiceType


class RankingField(wt.Field):
    """Several <select> elements of one name; their values in page order."""

    def process_formdata(self, valuelist):
        self.data = [value for value in valuelist if value]

    def _value(self):
        return self.data or []


class RankingQuestion(ChoiceQuestion):
    type: Literal["ranking"]
    #: how many ranks to ask for (all the choices when not given)
    ranks: int | None = PydanticField(default=None, ge=1, le=50)


class RankingType(ChoiceType):
    name = "ranking"
    model = RankingQuestion
    macro = "ranking"
    value_kind = "ranking"
    several = True

    def problems(self, question, definition, path):
        found = super().problems(question, definition, path)
        if question.other:
            found.append((path + ("other",), _("a ranking cannot have an other choice")))
        return found

    def rank_count(self, question, choices) -> int:
        return min(question.ranks or len(choices), len(choices))

    def form_field(self, question, definition, lang):
        return RankingField(**self.field_kwargs(question, lang))

    def from_form(self, data, question):
        return list(data) if data else None

    def to_form(self, value, question):
        return list(value or [])

    def check_choice(self, value, offered):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return _("Choose among the options shown.")
        if len(set(value)) != len(value):
            return _("Each option can be given one rank only.")
        if not set(value) <= offered:
            return _("Choose among the options shown.")
        return None

    def check_value(self, value, question, definition):
        choices = self.all_choices(question, definition)
        return super().check_value(value, question, definition) or self.too_many(
            value, question, choices
        )

    def check(self, question, scope):
        found = super().check(question, scope)
        if question.code not in found:
            message = self.too_many(
                scope.item.get(question.code), question, self.offered(question, scope)
            )
            if message:
                found[question.code] = message
        return found

    def too_many(self, value, question, choices):
        """More ranks than the question asks for (the page shows only that many lists)."""
        wanted = self.rank_count(question, choices)
        if isinstance(value, list) and len(value) > wanted:
            return _("Keep at most %(count)s of them.", count=wanted)
        return None

    def missing(self, question, scope):
        found = super().missing(question, scope)
        if found:
            return found
        wanted = self.rank_count(question, self.offered(question, scope))
        if len(scope.item.get(question.code) or []) < wanted:
            return {question.code: _("Give every rank (%(count)s in all).", count=wanted)}
        return {}

    def export_headers(self, question, definition, lang):
        count = self.rank_count(question, self.all_choices(question, definition))
        label = question.label.get(lang)
        return [f"{label} — {position}" for position in range(1, count + 1)]

    def export_codes(self, question, definition):
        count = self.rank_count(question, self.all_choices(question, definition))
        return [f"{question.code}/{position}" for position in range(1, count + 1)]

    def exporter(self, question, definition, lang):
        return lambda answers: self.export_cells(question, answers, definition, lang)

    def export_cells(self, question, answers, definition, lang):
        count = self.rank_count(question, self.all_choices(question, definition))
        ranked = answers.get(question.code) or []
        return [
            self.label_of(question, definition, ranked[i], lang) if i < len(ranked) else None
            for i in range(count)
        ]

    def display(self, question, answers, definition, lang):
        ranked = answers.get(question.code) or []
        return "; ".join(
            f"{position}. {self.label_of(question, definition, code, lang)}"
            for position, code in enumerate(ranked, start=1)
        )

    def summary(self, question, answer_sets, definition, lang):
        firsts = {}
        for answers in answer_sets:
            ranked = answers.get(question.code) or []
            if ranked:
                firsts[ranked[0]] = firsts.get(ranked[0], 0) + 1
        return [
            (
                _(
                    "Ranked first: %(choice)s",
                    choice=self.label_of(question, definition, c.value, lang),
                ),
                firsts.get(c.value, 0),
                True,
            )
            for c in self.all_choices(question, definition)
        ]

    def sample(self, question, definition, demo):
        values = self.sample_values(question, definition)
        demo.rng.shuffle(values)
        return values[: self.rank_count(question, values)]
