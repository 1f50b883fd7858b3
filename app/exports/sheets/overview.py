"""Overview: one row per meeting (one per commission when each has one), the state and
dates of each questionnaire, the reviewer; the submissions per state at the top."""

from __future__ import annotations

from app.consultations.meetings import STATUS_LABELS
from app.exports import labels
from app.exports.sheets import Builder

FIXED = ("_member_state", "_iso2", "_region", "_meeting_date", "_meeting_status", "_reviewer")


class Overview(Builder):
    def open(self, report):
        source = report.source
        questionnaires = source.questionnaires
        self.counts = source.state_counts()
        # The counts go above the table: as many rows as the longest list of states.
        height = max((len(c) for c in self.counts.values()), default=0)
        headers, codes = labels.fixed(*FIXED)
        for q in questionnaires:
            title = q.short_title
            headers += [
                f"{title}: {labels.FIXED['_state']}",
                f"{title}: {labels.FIXED['_submitted']}",
                f"{title}: {labels.FIXED['_approved']}",
            ]
            codes += [f"{q.code}/_state", f"{q.code}/_submitted", f"{q.code}/_approved"]
        self.start = (3 + height + 1) if report.charts else 0
        self.table = report.table(
            labels.SHEETS["overview"],
            headers,
            codes,
            widths=[28, 8, 16, 14, 14, 24] + [20, 16, 16] * len(questionnaires),
            styles=["text"] * 3
            + ["date", "text", "text"]
            + ["text", "datetime", "datetime"] * len(questionnaires),
            start_row=self.start,
            preamble=lambda sheet: self._counts(report, sheet),
        )

    def _counts(self, report, sheet):
        """The submissions per state of each questionnaire, above the table."""
        source, write = report.source, report.book.write_cell
        formats = report.book.formats
        write(sheet, 0, 0, source.consultation.title(source.lang), formats["title"])
        columns = [
            [(q.short_title, str(labels.COUNT)), *sorted(self.counts.get(q.code, {}).items())]
            for q in source.questionnaires
        ]
        # Row by row: a constant-memory sheet cannot go back to a row it has left.
        for row in range(max((len(c) for c in columns), default=0)):
            for col, pairs in enumerate(columns):
                if row < len(pairs):
                    style = formats["bold"] if row == 0 else None
                    write(sheet, 2 + row, col * 2, pairs[row][0], style)
                    write(sheet, 2 + row, col * 2 + 1, pairs[row][1], style)

    def fill(self, report):
        source, table = report.source, self.table
        not_started = str(labels.NOT_STARTED)
        statuses = {key: str(value) for key, value in STATUS_LABELS.items()}
        codes = [q.code for q in source.questionnaires]
        reviewers = source.reviewers
        for meeting in source.meetings(lambda status: statuses.get(status, status)):
            c = meeting.commission
            values = [
                c.name,
                c.iso2,
                c.region,
                meeting.meeting_date,
                meeting.meeting_status,
                reviewers.get(c.id),
            ]
            for code in codes:
                values.extend(meeting.questionnaires.get(code) or (not_started, None, None))
            table.write(values)
            report.progress.step()  # a meeting: not counted, but a turn to cancel
        table.close()
