"""Before and after: for the questions the questionnaires before and after the meeting share
(the same code), each meeting's two answers side by side, and the change."""

from __future__ import annotations

from app.exports import labels
from app.exports.layout import WIDTHS
from app.exports.sheets import Builder

FIXED = ("_member_state", "_iso2", "_region", "_meeting_date")
#: answers that cannot be set side by side in a cell
SKIPPED_TYPES = frozenset({"file"})


def shared_columns(before, after) -> list[tuple]:
    """(column before, column after) of the questions outside repeats both ask, in the
    order of the questionnaire before, when they store the same kind of answer."""
    theirs = {column.code: column for column in after.layout.columns}
    pairs = []
    for column in before.layout.columns:
        other = theirs.get(column.code)
        if other is None or column.type != other.type or column.type in SKIPPED_TYPES:
            continue
        if len(column.headers) != len(other.headers):
            continue
        pairs.append((column, other))
    return pairs


def change(first, second, changed: str, unchanged: str):
    if first is None or second is None:
        return None
    numbers = (int, float)
    if (
        isinstance(first, numbers)
        and isinstance(second, numbers)
        and not isinstance(first, bool)
        and not isinstance(second, bool)
    ):
        return second - first
    return unchanged if first == second else changed


class BeforeAndAfter(Builder):
    def open(self, report):
        questionnaires = report.source.questionnaires
        self.before = next((q for q in questionnaires if q.phase == "before"), None)
        self.after = next((q for q in questionnaires if q.phase == "after"), None)
        self.pairs = shared_columns(self.before, self.after) if self.before and self.after else []
        headers, codes = labels.fixed(*FIXED)
        widths, styles = [28, 8, 16, 14], ["text", "text", "text", "date"]
        words = (str(labels.BEFORE), str(labels.AFTER), str(labels.CHANGE))
        for first, _second in self.pairs:
            for header, code, style in zip(first.headers, first.codes, first.styles, strict=True):
                headers += [f"{header} ({word})" for word in words]
                codes += [f"{code}/before", f"{code}/after", f"{code}/change"]
                widths += [WIDTHS[style]] * 2 + [12]
                styles += [style, style, "text" if style != "number" else "number"]
        self.table = report.table(
            labels.SHEETS["before_after"], headers, codes, widths=widths, styles=styles
        )

    def fill(self, report):
        if self.pairs:
            keys = sorted(
                {
                    code
                    for first, second in self.pairs
                    for column in (first, second)
                    for code in column.node.kind.codes(column.node.item)
                }
            )
            changed, unchanged = str(labels.CHANGED), str(labels.UNCHANGED)
            rows = report.source.pairs(self.before.code, self.after.code, keys)
            for commission, meeting_date, first_answers, second_answers in rows:
                first_answers = {k: v for k, v in first_answers.items() if v is not None}
                second_answers = {k: v for k, v in second_answers.items() if v is not None}
                values = [commission.name, commission.iso2, commission.region, meeting_date]
                for first, second in self.pairs:
                    cells = zip(
                        first.cells(first_answers), second.cells(second_answers), strict=True
                    )
                    for a, b in cells:
                        values += [a, b, change(a, b, changed, unchanged)]
                self.table.write(values)
        self.table.close()
