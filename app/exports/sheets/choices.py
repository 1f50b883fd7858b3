"""Choices: a frequency table for every single and multiple choice question (those inside
repeats count items), each with a bar chart beside it."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.exports import labels
from app.exports.sheets import Builder, percent
from app.questionnaires.types.choices import ChoiceType

#: choice questions that are not a plain list of choices to count
NOT_COUNTED = frozenset({"matrix", "ranking"})


@dataclass
class Frequencies:
    questionnaire: str
    label: str
    code: str
    values: list[str]
    names: list[str]
    multiple: bool
    counts: list[int] = field(default_factory=list)
    answered: int = 0

    def __post_init__(self):
        self.counts = [0] * len(self.values)
        self.index = {value: n for n, value in enumerate(self.values)}

    def add(self, value) -> None:
        if value is None:
            return
        self.answered += 1
        for chosen in value if isinstance(value, list) else (value,):
            n = self.index.get(chosen)
            if n is not None:
                self.counts[n] += 1


def frequencies_of(questionnaire, lang: str):
    """(questions outside repeats, [(repeat, questions inside it)])."""
    outside, inside = [], {}
    for column, repeat in questionnaire.layout.nodes():
        item, kind = column.node.item, column.node.kind
        if not isinstance(kind, ChoiceType) or item.type in NOT_COUNTED:
            continue
        choices = kind.all_choices(item, column.definition)
        label = item.label.get(lang)
        if repeat is not None:
            label = f"{repeat.label(lang)}: {label}"
        entry = Frequencies(
            questionnaire.short_title,
            label,
            item.code,
            [c.value for c in choices],
            [c.label.get(lang) for c in choices],
            item.type == "select_multiple",
        )
        if repeat is None:
            outside.append(entry)
        else:
            inside.setdefault(repeat.code, (repeat, []))[1].append(entry)
    return outside, list(inside.values())


class Choices(Builder):
    def open(self, report):
        self.questions = {
            q.code: frequencies_of(q, report.lang) for q in report.source.questionnaires
        }
        self.sheet = report.plain_sheet(labels.SHEETS["choices"])
        if self.sheet is None:
            self.csv = report.csv_file(labels.SHEETS["choices"])

    def listen(self, report, questionnaire):
        outside, inside = self.questions.get(questionnaire.code, ([], []))
        if not outside and not inside:
            return None

        def take(row):
            answers = row.answers
            for entry in outside:
                entry.add(answers.get(entry.code))
            for repeat, entries in inside:
                for _number, item in repeat.entries(answers):
                    for entry in entries:
                        entry.add(item.get(entry.code))

        return take

    def _all(self):
        for outside, inside in self.questions.values():
            yield from outside
            for _repeat, entries in inside:
                yield from entries

    def finish(self, report):
        if self.sheet is None:
            return report.csv_rows(self.csv, self._rows())
        book, sheet = report.book, self.sheet
        # Its rows: a line per choice of each question.
        report.plain_rows[sheet.name] = sum(len(entry.names) for entry in self._all())
        formats = book.formats
        book.write_cell(sheet, 0, 0, str(labels.SHEETS["choices"]), formats["title"])
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 2, 12)
        row = 2
        for entry in self._all():
            title = f"{entry.questionnaire}: {entry.label}"
            book.write_cell(sheet, row, 0, title, formats["bold"])
            book.write_cell(sheet, row + 1, 0, str(labels.CHOICE), formats["header"])
            book.write_cell(sheet, row + 1, 1, str(labels.COUNT), formats["header"])
            book.write_cell(sheet, row + 1, 2, str(labels.PERCENT), formats["header"])
            first = row + 2
            for n, (name, count) in enumerate(zip(entry.names, entry.counts, strict=True)):
                book.write_cell(sheet, first + n, 0, name)
                book.write_cell(sheet, first + n, 1, count)
                if entry.answered:
                    book.write_cell(sheet, first + n, 2, count / entry.answered, formats["percent"])
            last = first + len(entry.names) - 1
            book.write_cell(sheet, last + 1, 0, str(labels.TOTAL), formats["bold"])
            book.write_cell(sheet, last + 1, 1, entry.answered, formats["bold"])
            height = max(len(entry.names) + 3, 12)
            if book.charts and entry.names:
                chart = book.workbook.add_chart({"type": "bar"})
                chart.add_series(
                    {
                        "name": title[:255],
                        "categories": [sheet.name, first, 0, last, 0],
                        "values": [sheet.name, first, 1, last, 1],
                        "data_labels": {"value": True},
                    }
                )
                chart.set_title({"name": entry.label[:255], "name_font": {"size": 11}})
                chart.set_legend({"none": True})
                chart.set_y_axis({"reverse": True})
                chart.set_size({"width": 480, "height": 20 * height})
                sheet.insert_chart(row, 4, chart)
            row += height + 1

    def _rows(self):
        yield [
            str(labels.FIXED["_questionnaire"]),
            str(labels.QUESTION),
            str(labels.CHOICE),
            str(labels.COUNT),
            str(labels.PERCENT),
            str(labels.TOTAL),
        ]
        for entry in self._all():
            for name, count in zip(entry.names, entry.counts, strict=True):
                share = percent(count, entry.answered)
                yield [entry.questionnaire, entry.label, name, count, share, entry.answered]
