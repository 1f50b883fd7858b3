"""Satisfaction: every rating and matrix question's distribution (count and percent per
point), mean and number of answers, overall and per region, with a stacked-bar chart."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.exports import labels
from app.exports.sheets import Builder, percent


@dataclass
class Scale:
    questionnaire: str
    label: str
    code: str  #: the answer code (a matrix row's own)
    points: list  #: stored values, in order
    point_labels: list[str]
    numeric: bool
    #: region label -> point -> count
    counts: dict = field(default_factory=dict)

    def add(self, region: str, value) -> None:
        if value in self.index:
            per_region = self.counts.setdefault(region, [0] * len(self.points))
            per_region[self.index[value]] += 1

    def __post_init__(self):
        self.index = {value: n for n, value in enumerate(self.points)}

    def overall(self) -> list[int]:
        totals = [0] * len(self.points)
        for counts in self.counts.values():
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
        return totals

    def mean(self, counts: list[int]):
        answered = sum(counts)
        if not self.numeric or not answered:
            return None
        return round(
            sum(int(p) * n for p, n in zip(self.points, counts, strict=True)) / answered, 2
        )


def scales_of(questionnaire, lang: str) -> list[Scale]:
    """The rating questions and the matrix rows outside repeats, in questionnaire order."""
    found = []
    for column in questionnaire.layout.columns:
        item, kind, definition = column.node.item, column.node.kind, column.definition
        title = questionnaire.short_title
        if item.type == "rating":
            points = list(kind.points(item))
            names = [str(p) for p in points]
            if item.min_label:
                names[0] = f"{names[0]} {item.min_label.get(lang)}"
            if item.max_label:
                names[-1] = f"{names[-1]} {item.max_label.get(lang)}"
            found.append(Scale(title, item.label.get(lang), item.code, points, names, True))
        elif item.type == "matrix":
            choices = kind.all_choices(item, definition)
            points = [c.value for c in choices]
            numeric = all(p.isdigit() for p in points)
            for row in item.rows:
                label = f"{item.label.get(lang)}: {row.label.get(lang)}"
                found.append(
                    Scale(
                        title,
                        label,
                        row.code,
                        points,
                        [c.label.get(lang) for c in choices],
                        numeric,
                    )
                )
    return found


class Satisfaction(Builder):
    def open(self, report):
        self.scales = {q.code: scales_of(q, report.lang) for q in report.source.questionnaires}
        self.sheet = report.plain_sheet(labels.SHEETS["satisfaction"])
        if self.sheet is None:
            self.csv = report.csv_file(labels.SHEETS["satisfaction"])

    def listen(self, report, questionnaire):
        scales = self.scales.get(questionnaire.code)
        if not scales:
            return None

        def take(row):
            answers, region = row.answers, row.commission.region
            for scale in scales:
                value = answers.get(scale.code)
                if value is not None:
                    scale.add(region, value)

        return take

    def finish(self, report):
        scales = [scale for group in self.scales.values() for scale in group]
        if self.sheet is None:
            return report.csv_rows(self.csv, self._rows(scales))
        book, sheet = report.book, self.sheet
        formats = book.formats
        book.write_cell(sheet, 0, 0, str(labels.SHEETS["satisfaction"]), formats["title"])
        # Its rows: a line per question overall and per region (what the tables hold).
        report.plain_rows[sheet.name] = sum(1 + len(scale.counts) for scale in scales)
        # Blocks of questions sharing a scale (the same points): one table and chart each.
        row = 2
        for _points, group in _by_scale(scales):
            row = self._block(report, sheet, row, group) + 2

    def _block(self, report, sheet, row, scales) -> int:
        book, formats = report.book, report.book.formats
        width = len(scales[0].points)
        header = [
            str(labels.FIXED["_questionnaire"]),
            str(labels.FIXED["_region"]),
            str(labels.ANSWERS),
            str(labels.MEAN),
            *scales[0].point_labels,
            *[f"{name} (%)" for name in scales[0].point_labels],
        ]
        label_col = 0
        sheet.set_column(0, 0, 50)
        sheet.set_column(1, 3, 14)
        header = [str(labels.QUESTION), *header]
        for col, title in enumerate(header):
            book.write_cell(sheet, row, col, title, formats["header"])
        first = row + 1
        row = first
        for scale in scales:
            self._line(book, sheet, row, scale, str(labels.OVERALL), scale.overall(), formats)
            row += 1
        last_overall = row - 1
        for scale in scales:
            for region in sorted(scale.counts):
                self._line(book, sheet, row, scale, region, scale.counts[region], formats)
                row += 1
        if book.charts:
            chart = book.workbook.add_chart({"type": "bar", "subtype": "percent_stacked"})
            name = sheet.name
            for n in range(width):
                col = 5 + n
                chart.add_series(
                    {
                        "name": [name, first - 1, col],
                        "categories": [name, first, label_col, last_overall, label_col],
                        "values": [name, first, col, last_overall, col],
                    }
                )
            chart.set_title({"name": str(labels.SHEETS["satisfaction"])})
            chart.set_legend({"position": "bottom"})
            chart.set_size({"width": 720, "height": 120 + 40 * len(scales)})
            chart.set_y_axis({"reverse": True})
            sheet.insert_chart(row + 1, 0, chart)
            row += 8 + 2 * len(scales)
        return row

    def _line(self, book, sheet, row, scale, group, counts, formats):
        answered = sum(counts)
        values = [scale.label, scale.questionnaire, group, answered, scale.mean(counts), *counts]
        values += [(n / answered) if answered else None for n in counts]
        styles = ["long_text", "text", "text", "number", "decimal"] + ["number"] * len(counts)
        styles += ["percent"] * len(counts)
        book.write_row(sheet, row, values, [formats[s] for s in styles])

    def _rows(self, scales):
        # The workbook's headers; one line per point (its count and percent side by side
        # in the workbook), the percent as a number of hundredths: 17.86, not 0.1786.
        header = [
            str(labels.QUESTION),
            str(labels.FIXED["_questionnaire"]),
            str(labels.FIXED["_region"]),
            str(labels.ANSWERS),
            str(labels.MEAN),
            str(labels.POINT),
            str(labels.COUNT),
            str(labels.PERCENT),
        ]
        yield header
        for scale in scales:
            groups = [(str(labels.OVERALL), scale.overall())]
            groups += [(region, scale.counts[region]) for region in sorted(scale.counts)]
            for group, counts in groups:
                answered = sum(counts)
                for name, count in zip(scale.point_labels, counts, strict=True):
                    yield [
                        scale.label,
                        scale.questionnaire,
                        group,
                        answered,
                        scale.mean(counts),
                        name,
                        count,
                        percent(count, answered),
                    ]


def _by_scale(scales):
    groups: dict[tuple, list[Scale]] = {}
    for scale in scales:
        groups.setdefault(tuple(scale.point_labels), []).append(scale)
    return groups.items()
