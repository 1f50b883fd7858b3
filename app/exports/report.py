"""Building an export: the sheets as a list of builders over one pass through the rows.

``build_export(options, actor, path)`` writes the file the options ask for: one workbook,
a zip of workbooks (per commission, per sector), or a zip of CSV files. It reads through
``ExportSource`` (scoped to ``actor``) and calls ``progress(done, total)`` every few hundred
rows; a progress function that raises (a cancelled job) stops it.
"""

from __future__ import annotations

import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask_babel import force_locale

from app.core.time import utcnow
from app.exports.csvbook import CsvBook
from app.exports.options import CODES_ONLY, CSV, PER_COMMISSION, PER_SECTOR, ExportOptions
from app.exports.rows import ExportSource
from app.exports.sheets.about import About
from app.exports.sheets.answers import AnswersSheet
from app.exports.sheets.before_after import BeforeAndAfter
from app.exports.sheets.choices import Choices
from app.exports.sheets.overview import Overview
from app.exports.sheets.proposals import Proposals, sector_choices
from app.exports.sheets.satisfaction import Satisfaction
from app.exports.writer import MAX_ROWS, WorkbookWriter

#: rows between two looks at the clock, and the seconds between two progress reports (each
#: a database round trip for a job)
PROGRESS_EVERY = 250
PROGRESS_SECONDS = 1.0


@dataclass
class ExportResult:
    rows: int  #: submissions written to the questionnaire sheets
    cells: int  #: cells of every table, blank ones included
    files: int = 1


class Report:
    """One file being written: its book (workbook or CSV zip), tables and progress."""

    def __init__(
        self,
        source: ExportSource,
        book,
        *,
        progress: Callable[[int, int], None] | None = None,
        sector: tuple[str, str] | None = None,
    ):
        self.source, self.options, self.actor = source, source.options, source.actor
        self.lang = source.lang
        self.book = book
        self.charts = book.charts
        self.tables: list = []
        self.generated_at = utcnow()
        self.sector_label = sector[1] if sector else None
        self._progress = progress
        self._reported = 0.0
        self.done = 0
        self.total = 0

    def table(self, name, headers, codes, **kwargs):
        rows = [codes] if self.options.headers == CODES_ONLY else [headers, codes]
        table = self.book.table(str(name), rows, **kwargs)
        self.tables.append(table)
        return table

    def plain_sheet(self, name):
        """A sheet laid out freely (About, Satisfaction, Choices); None in a CSV zip, whose
        builders give their rows to ``csv_table`` instead."""
        return self.book.add_sheet(str(name)) if self.charts else None

    def csv_table(self, name, rows, first: bool = False) -> None:
        rows = iter(rows)
        header = next(rows, None)
        table = self.book.table(str(name), [header] if header else [], first=first)
        for row in rows:
            table.write(row)

    def row_counts(self) -> list[tuple[str, int]]:
        return [count for table in self.tables for count in table.counts()]

    def advance(self) -> None:
        self.done += 1
        if self._progress and self.done % PROGRESS_EVERY == 0:
            now = time.monotonic()
            if now - self._reported >= PROGRESS_SECONDS:
                self._reported = now
                self._progress(self.done, max(self.total, self.done))


def report_builders(source: ExportSource) -> list:
    return [
        About(),
        Overview(),
        *[AnswersSheet(q) for q in source.questionnaires],
        Satisfaction(),
        Choices(),
        BeforeAndAfter(),
        Proposals(),
    ]


def write_report(report: Report, builders: list) -> ExportResult:
    try:
        rows = _write(report, builders)
    except BaseException:
        report.book.abandon()
        raise
    return ExportResult(rows, sum(getattr(table, "cells", 0) for table in report.tables))


def _write(report: Report, builders: list) -> int:
    source = report.source
    report.total = source.meeting_count() + sum(q.row_count for q in source.questionnaires)
    rows = 0
    for builder in builders:
        builder.open(report)
    for builder in builders:
        builder.fill(report)
    for questionnaire in source.questionnaires:
        listeners = [
            listener
            for builder in builders
            if (listener := builder.listen(report, questionnaire)) is not None
        ]
        for row in source.submissions(questionnaire.code):
            for listener in listeners:
                listener(row)
            rows += 1
            report.advance()
    # About last: it reports what the others wrote.
    for builder in sorted(builders, key=lambda builder: isinstance(builder, About)):
        builder.finish(report)
    report.book.close()
    return rows


def build_export(
    options: ExportOptions,
    actor,
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    max_rows: int = MAX_ROWS,
) -> ExportResult:
    """Write the file ``options`` ask for to ``path``, as ``actor`` may see the data."""
    with force_locale(options.lang):
        if options.mode == PER_COMMISSION:
            return _per_commission(options, actor, path, progress, max_rows)
        if options.mode == PER_SECTOR:
            return _per_sector(options, actor, path, progress, max_rows)
        source = ExportSource(options, actor)
        if options.mode == CSV:
            book = CsvBook(path)
        else:
            book = WorkbookWriter(path, rtl=options.lang == "ar", max_rows=max_rows)
        report = Report(source, book, progress=progress)
        return write_report(report, report_builders(source))


def _per_commission(options, actor, path, progress, max_rows) -> ExportResult:
    """A zip with one workbook per commission, for sending each its own record."""
    commissions = sorted(ExportSource(options, actor).commissions.values(), key=lambda c: c.iso2)

    def workbook(commission):
        def write(book):
            source = ExportSource(options.for_commission(commission.id), actor)
            return write_report(Report(source, book), report_builders(source))

        return f"{commission.iso2} - {_file_safe(commission.name)}.xlsx", write

    return _zip_of_workbooks(options, path, progress, max_rows, map(workbook, commissions))


def _per_sector(options, actor, path, progress, max_rows) -> ExportResult:
    """A zip with, for each sector, a workbook of the entries tagged with that sector."""
    source = ExportSource(options, actor)
    sectors = sector_choices(source.questionnaires, options.lang)

    def workbook(sector):
        def write(book):
            report = Report(ExportSource(options, actor), book, sector=sector)
            return write_report(report, [About(), Proposals(sector=sector[0])])

        return f"{_file_safe(sector[1])}.xlsx", write

    return _zip_of_workbooks(options, path, progress, max_rows, map(workbook, sectors))


def _zip_of_workbooks(options, path, progress, max_rows, workbooks) -> ExportResult:
    """Write each (name, write(book)) workbook in turn and add it to a zip at ``path``."""
    workbooks = list(workbooks)
    total = ExportResult(0, 0, 0)
    with (
        tempfile.TemporaryDirectory(prefix="shura-zip-") as folder,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for number, (name, write) in enumerate(workbooks, start=1):
            file = Path(folder) / f"{number}.xlsx"
            result = write(WorkbookWriter(file, rtl=options.lang == "ar", max_rows=max_rows))
            archive.write(file, name)
            file.unlink()
            total.rows += result.rows
            total.cells += result.cells
            total.files += 1
            if progress:
                progress(number, len(workbooks))
    return total


def _file_safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in " -_()." else "_" for c in name).strip() or "file"
