"""Several rows answered on one shared scale (a choice list), as a table of radio buttons.

Each row is stored under its own code, as XLSForm's table-list groups store theirs, so
expressions and workbooks see one answer per row.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField
from wtforms import fields as wt

from app.core.definitions import CODE_PATTERN, Strict, Text
from app.core.i18n import _, in_readers_language
from app.questionnaires.items import Question
from app.questionnaires.types.choices import ChoiceType


class MatrixRow(Strict):
    code: str = PydanticField(pattern=CODE_PATTERN)
    label: Text


class MatrixQuestion(Question):
    type: Literal["matrix"]
    choices: str
    rows: list[MatrixRow] = PydanticField(min_length=1)


class MatrixType(ChoiceType):
    name = "matrix"
    model = MatrixQuestion
    macro = "matrix"
    value_kind = "code"

    def problems(self, question, definition, path):
        found = super().problems(question, definition, path)
        if question.default is not None:
            found.append((path + ("default",), _("a matrix takes no default")))
        return found

    def codes(self, question):
        return [row.code for row in question.rows]

    def form_fields(self, question, definition, lang):
        choices = self.form_choices(question, definition, lang)
        return {
            row.code: wt.RadioField(
                label=row.label.get(lang),
                choices=choices,
                validate_choice=False,
                **{k: v for k, v in self.field_kwargs(question, lang).items() if k != "label"},
            )
            for row in question.rows
        }

    def read_form(self, question, form):
        answers = {}
        for row in question.rows:
            data = form[row.code].data
            if data not in (None, ""):
                answers[row.code] = data
        return answers, {}

    def form_data(self, question, answers):
        return {row.code: answers.get(row.code) for row in question.rows}

    def is_blank(self, question, answers):
        return all(self.is_empty(answers.get(row.code)) for row in question.rows)

    def value(self, question, answers):
        return None

    def check(self, question, scope):
        offered = {choice.value for choice in self.offered(question, scope)}
        return {
            row.code: _("Choose one of the options shown.")
            for row in question.rows
            if not self.is_empty(scope.item.get(row.code))
            and scope.item.get(row.code) not in offered
        }

    def check_choice(self, value, offered):
        return None if value in offered else _("Choose one of the options shown.")

    def missing(self, question, scope):
        message = in_readers_language(question.required_message) or _("Answer every row.")
        return {
            row.code: message for row in question.rows if self.is_empty(scope.item.get(row.code))
        }

    def printed_rows(self, question, lang):
        return [row.label.get(lang) for row in question.rows]

    def code_label(self, question, code, lang):
        row = next((row for row in question.rows if row.code == code), None)
        return self.row_label(question, row, lang) if row else question.label.get(lang)

    def row_label(self, question, row, lang):
        return f"{question.label.get(lang)} — {row.label.get(lang)}"

    def export_headers(self, question, definition, lang):
        return [self.row_label(question, row, lang) for row in question.rows]

    def export_codes(self, question, definition):
        return [row.code for row in question.rows]

    def exporter(self, question, definition, lang):
        return lambda answers: self.export_cells(question, answers, definition, lang)

    def export_cells(self, question, answers, definition, lang):
        cells = []
        for row in question.rows:
            value = answers.get(row.code)
            if value is None:
                cells.append(None)
            elif str(value).isdigit():
                cells.append(int(value))  # a numeric scale: numbers a workbook can average
            else:
                cells.append(self.label_of(question, definition, value, lang))
        return cells

    def display(self, question, answers, definition, lang):
        return "; ".join(
            f"{row.label.get(lang)}: {self.label_of(question, definition, answers[row.code], lang)}"
            for row in question.rows
            if answers.get(row.code) is not None
        )

    def summary(self, question, answer_sets, definition, lang):
        rows = []
        for row in question.rows:
            for label, count, counted in super().summary(
                row_question(question, row), answer_sets, definition, lang
            ):
                rows.append((f"{row.label.get(lang)}: {label}", count, counted))
        return rows

    def sample_answers(self, question, definition, demo):
        values = self.sample_values(question, definition)
        return {row.code: demo.rng.choice(values) for row in question.rows}


def row_question(question, row):
    """A row seen as a single-choice question of its own (for summaries)."""
    return question.model_copy(update={"code": row.code, "label": row.label})
