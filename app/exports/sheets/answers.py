"""One sheet per questionnaire (one row per submission) and one per repeat (one row per
item, keyed back to its submission's row by the submission number)."""

from __future__ import annotations

from app.exports import labels
from app.exports.layout import WIDTHS, row_cells
from app.exports.sheets import Builder

FIXED = (
    "_member_state",
    "_iso2",
    "_region",
    "_meeting_date",
    "_submission_id",
    "_state",
    "_submitted",
    "_approved",
)
FIXED_WIDTHS = [28, 8, 16, 14, 11, 16, 16, 16]
FIXED_STYLES = ["text", "text", "text", "date", "number", "text", "datetime", "datetime"]
REPEAT_FIXED = ("_member_state", "_iso2", "_submission_id", "_item")


class AnswersSheet(Builder):
    """The questionnaire's sheet, followed by the sheets of its repeats."""

    uses_dates = True

    def __init__(self, questionnaire):
        self.questionnaire = questionnaire

    def open(self, report):
        q = self.questionnaire
        layout = q.layout
        headers, codes = labels.fixed(*FIXED)
        self.table = report.table(
            q.short_title,
            headers + layout.headers,
            codes + layout.codes,
            widths=FIXED_WIDTHS + [WIDTHS[s] for s in layout.styles],
            styles=FIXED_STYLES + layout.styles,
        )
        self.repeats = []
        for repeat in layout.repeats:
            headers, codes = labels.fixed(*REPEAT_FIXED)
            children = repeat.children
            styles = [s for child in children for s in child.styles]
            table = report.table(
                f"{q.short_title} - {repeat.label(report.lang)}",
                headers + [h for child in children for h in child.headers],
                codes + [c for child in children for c in child.codes],
                widths=[28, 8, 11, 7] + [WIDTHS[s] for s in styles],
                styles=["text", "text", "number", "text"] + styles,
            )
            self.repeats.append((repeat, table))

    def listen(self, report, questionnaire):
        if questionnaire is not self.questionnaire:
            return None
        columns = self.questionnaire.layout.columns
        write, repeats = self.table.write, self.repeats

        def take(row):
            c = row.commission
            answers = row.answers
            values = [
                c.name,
                c.iso2,
                c.region,
                row.meeting_date,
                row.id,
                row.state,
                row.submitted_at,
                row.approved_at,
            ]
            values.extend(row_cells(columns, answers))
            write(values)
            for repeat, table in repeats:
                for number, entry in repeat.entries(answers):
                    table.write(
                        [c.name, c.iso2, row.id, number, *row_cells(repeat.children, entry)]
                    )

        return take

    def finish(self, report):
        self.table.close()
        for _repeat, table in self.repeats:
            table.close()
