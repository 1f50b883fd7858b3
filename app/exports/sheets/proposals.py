"""Proposals and recommendations: every entry the definitions mark with ``report:`` (a
repeat's items, or a text question's answers) from every commission, in one table: the
raw material of the integrated report. A per-sector workbook keeps one sector's entries."""

from __future__ import annotations

from dataclasses import dataclass

from app.exports import labels
from app.exports.sheets import Builder

FIXED = (
    "_member_state",
    "_iso2",
    "_region",
    "_meeting_date",
    "_kind",
    "_sector",
    "_type",
    "_priority",
    "_text",
    "_details",
    "_questionnaire",
    "_submission_id",
    "_item",
)
WIDTHS = [28, 8, 16, 14, 16, 16, 16, 12, 60, 40, 18, 11, 7]
STYLES = ["text"] * 3 + ["date"] + ["text"] * 4 + ["long_text"] * 2 + ["text", "number", "text"]


@dataclass
class Source:
    """Where entries come from: a reported repeat or a reported question."""

    kind: str
    repeat: object | None
    #: report column ("text", "sector"...) -> columns of the questions that fill it
    columns: dict
    question: object | None = None  #: the reported question (not in a repeat)


def sources_of(questionnaire) -> list[Source]:
    found = []
    layout = questionnaire.layout
    for repeat in layout.repeats:
        kind = repeat.node.item.report
        if kind:
            columns: dict = {}
            for child in repeat.children:
                role = child.node.item.report_column
                if role:
                    columns.setdefault(role, []).append(child)
            found.append(Source(kind, repeat, columns))
    for column in layout.columns:
        if column.node.item.report:
            found.append(Source(column.node.item.report, None, {"text": [column]}, column))
    return found


def sector_choices(questionnaires, lang: str) -> list[tuple[str, str]]:
    """(value, label) of the sectors the reported entries can be tagged with."""
    seen: dict[str, str] = {}
    for q in questionnaires:
        for source in sources_of(q):
            for column in source.columns.get("sector", []):
                node = column.node
                for choice in node.kind.all_choices(node.item, column.definition):
                    seen.setdefault(choice.value, choice.label.get(lang))
    return list(seen.items())


class ReportedEntries:
    """The reported entries of a submission, worked out once however many tables take them
    (the sectors' workbooks of a per-sector zip each get every submission in turn)."""

    def __init__(self):
        self._row = None
        self._entries: list = []

    def of(self, row, sources, lang: str) -> list[tuple]:
        """(source, item number, cells by report column, sectors) of each entry with a text."""
        if row is not self._row:
            self._row, self._entries = row, list(_entries(row, sources, lang))
        return self._entries


class Proposals(Builder):
    def __init__(self, sector: str | None = None, entries: ReportedEntries | None = None):
        self.sector = sector  #: only the entries of this sector (a sector's workbook)
        self.entries = entries or ReportedEntries()

    def answer_codes(self, questionnaire) -> set[str]:
        """The answers holding reported entries: a repeat's whole list (its outermost
        repeat's), a reported question's own codes."""
        codes = set()
        for source in sources_of(questionnaire):
            if source.repeat is not None:
                codes.add(source.repeat.chain[0])
            else:
                codes.update(source.question.node.kind.codes(source.question.node.item))
        return codes

    def open(self, report):
        self.sources = {q.code: sources_of(q) for q in report.source.questionnaires}
        headers, codes = labels.fixed(*FIXED)
        self.table = report.table(
            labels.SHEETS["proposals"], headers, codes, widths=WIDTHS, styles=STYLES
        )
        self.kinds = {key: str(value) for key, value in labels.REPORT_KINDS.items()}

    def listen(self, report, questionnaire):
        sources = self.sources.get(questionnaire.code)
        if not sources:
            return None
        title, write, sector_wanted = questionnaire.short_title, self.table.write, self.sector
        entries_of, lang, kinds = self.entries.of, report.lang, self.kinds

        def take(row):
            c = row.commission
            for source, number, cells, sectors in entries_of(row, sources, lang):
                if sector_wanted is not None and sector_wanted not in sectors:
                    continue
                write(
                    [
                        c.name,
                        c.iso2,
                        c.region,
                        row.meeting_date,
                        kinds.get(source.kind, source.kind),
                        cells.get("sector"),
                        cells.get("type"),
                        cells.get("priority"),
                        cells.get("text"),
                        cells.get("details"),
                        title,
                        row.id,
                        number,
                    ]
                )

        return take

    def finish(self, report):
        self.table.close()


def _entries(row, sources: list[Source], lang: str):
    for source in sources:
        entries = (
            source.repeat.entries(row.answers)
            if source.repeat is not None
            else [(None, row.answers)]
        )
        for number, entry in entries:
            cells = {role: _joined(cols, entry, lang) for role, cols in source.columns.items()}
            if cells.get("text"):
                yield source, number, cells, _sectors(source, entry)


def _sectors(source: Source, entry: dict) -> frozenset:
    """The sectors an entry is tagged with: one choice, or several."""
    found = set()
    for column in source.columns.get("sector", []):
        value = entry.get(column.code)
        if isinstance(value, list):
            found.update(v for v in value if isinstance(v, str))
        elif isinstance(value, str):
            found.add(value)
    return frozenset(found)


def _joined(columns, entry: dict, lang: str):
    """The cells of the questions filling one report column, as one value: alone, as it is
    (a date stays a date); several, as "label: value" text. A multiple choice gives the
    labels of the chosen choices ("Education; Culture"), not its 0/1 columns."""
    parts = []
    for column in columns:
        several = column.type == "select_multiple"
        cells = zip(column.headers, column.cells(entry), column.styles, strict=True)
        for header, cell, style in cells:
            if several and style == "flag":
                continue  # one 0/1 column per choice: the first cell already names them
            if cell not in (None, ""):
                parts.append((header, cell))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0][1]
    return "; ".join(f"{header}: {_text(cell)}" for header, cell in parts)


def _text(cell) -> str:
    return cell.isoformat() if hasattr(cell, "isoformat") else str(cell)
