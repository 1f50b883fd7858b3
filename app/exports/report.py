"""Building an export: the sheets as a list of builders over one pass through the rows.

``build_export(options, actor, path)`` writes the file the options ask for: one workbook,
a zip of workbooks (per commission, per sector), or a zip of CSV files. It reads through
``ExportSource`` (scoped to ``actor``) and calls ``progress(done, total)`` every few hundred
rows, within every file of a zip; a progress function that raises (a cancelled job) stops
it there. Rows no sheet listens to are not read; several files over the same rows (the
workbooks of a per-sector zip) are written in one pass over them.
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
from app.exports.names import file_safe
from app.exports.options import CODES_ONLY, CSV, PER_COMMISSION, PER_SECTOR, ExportOptions
from app.exports.rows import ExportSource
from app.exports.sheets.about import About
from app.exports.sheets.answers import AnswersSheet
from app.exports.sheets.before_after import BeforeAndAfter
from app.exports.sheets.choices import Choices
from app.exports.sheets.overview import Overview
from app.exports.sheets.proposals import Proposals, ReportedEntries, sector_choices, sources_of
from app.exports.sheets.satisfaction import Satisfaction
from app.exports.writer import MAX_ROWS, WorkbookWriter

#: rows between two looks at the clock, and the seconds between two progress reports (each
#: a database round trip for a job)
PROGRESS_EVERY = 250
PROGRESS_SECONDS = 1.0


@dataclass
class ExportResult:
    rows: int  #: submissions exported (those the questionnaire sheets hold)
    cells: int  #: cells of every table, blank ones included
    files: int = 1
    #: submissions read (once, however many files take them): the progress's unit
    rows_read: int = 0


class Progress:
    """The submissions read by a whole export, one file or a zip of several, told to a
    ``callback(done, total)`` every PROGRESS_EVERY rows, at most once every
    PROGRESS_SECONDS. Other rows (the Overview's meetings) give the callback its turn
    without counting. The callback raising (a cancelled job) stops the export there, in
    the middle of a file if need be."""

    def __init__(self, callback: Callable[[int, int], None] | None = None, total=None):
        self.callback = callback
        self.total: int | None = total  #: None: the first file's reckoning sets it
        self.done = 0
        self._since = 0
        self._reported = 0.0

    def advance(self, rows: int = 1) -> None:
        """``rows`` submissions read."""
        self.done += rows
        self.step(rows)

    def step(self, rows: int = 1) -> None:
        """``rows`` written that are not submissions read: only a turn for the callback."""
        self._since += rows
        if self.callback is not None and self._since >= PROGRESS_EVERY:
            self._since = 0
            self.tick()

    def tick(self) -> None:
        """Report, unless a report went out less than PROGRESS_SECONDS ago."""
        now = time.monotonic()
        if self.callback is not None and now - self._reported >= PROGRESS_SECONDS:
            self._reported = now
            self.callback(self.done, max(self.total or 0, self.done))


class Report:
    """One file being written: its book (workbook or CSV zip), tables and progress."""

    def __init__(
        self,
        source: ExportSource,
        book,
        *,
        progress: Callable[[int, int], None] | Progress | None = None,
        sector: tuple[str, str] | None = None,
    ):
        self.source, self.options, self.actor = source, source.options, source.actor
        self.lang = source.lang
        self.book = book
        self.charts = book.charts
        self.tables: list = []
        self.generated_at = utcnow()
        self.sector_label = sector[1] if sector else None
        #: sheet -> rows of the sheets laid out freely, as their builders count them
        self.plain_rows: dict[str, int | None] = {}
        #: shared by the files of a zip, so that they report one progress between them
        self.progress = progress if isinstance(progress, Progress) else Progress(progress)

    def table(self, name, headers, codes, **kwargs):
        rows = [codes] if self.options.headers == CODES_ONLY else [headers, codes]
        table = self.book.table(str(name), rows, **kwargs)
        self.tables.append(table)
        return table

    def plain_sheet(self, name):
        """A sheet laid out freely (About, Satisfaction, Choices); None in a CSV zip, whose
        builders open a ``csv_file`` instead. Its builder says its rows (``plain_rows``)."""
        if not self.charts:
            return None
        sheet = self.book.add_sheet(str(name))
        self.plain_rows[sheet.name] = None
        return sheet

    def csv_file(self, name, first: bool = False):
        """In a CSV zip, the file of a sheet laid out freely, opened where the sheet would
        be (``first``: at the head of the zip); ``csv_rows`` fills it."""
        table = self.book.table(str(name), [], first=first)
        self.tables.append(table)
        return table

    @staticmethod
    def csv_rows(table, rows) -> None:
        """The rows of a ``csv_file``: the first is its header (not counted)."""
        rows = iter(rows)
        header = next(rows, None)
        if header:
            table.write_raw(header)
        for row in rows:
            table.write(row)

    def row_counts(self) -> list[tuple[str, int | None]]:
        """(sheet or file, rows) of every sheet of the workbook (every file of a CSV zip),
        in its order: data rows beneath the headers, or what a sheet laid out freely
        counts (None: not counted yet)."""
        counts = dict(self.plain_rows)
        for table in self.tables:
            counts.update(table.counts())
        return [(name, counts.get(name)) for name in self.book.sheet_names()]

    @property
    def cells(self) -> int:
        return sum(getattr(table, "cells", 0) for table in self.tables)


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


def planned_rows(source: ExportSource) -> int:
    """The submissions an export of ``source.options`` will read (its progress's total):
    every exported one, or for a per-sector zip those of the questionnaires with entries
    for Proposals (the others are not read)."""
    if source.options.mode == PER_SECTOR:
        return sum(q.row_count for q in source.questionnaires if sources_of(q))
    return sum(q.row_count for q in source.questionnaires)


def write_report(report: Report, builders: list) -> ExportResult:
    return write_reports([(report, builders)])[0]


def write_reports(files: list[tuple[Report, list]]) -> list[ExportResult]:
    """Write files that share one row source in one pass over its rows: each
    (report, builders) is a file; every submission read goes to the builders of each."""
    try:
        rows = _write(files)
    except BaseException:
        for report, _builders in files:
            report.book.abandon()
        raise
    done = files[0][0].progress.done if files else 0
    return [ExportResult(rows, report.cells, rows_read=done) for report, _builders in files]


def _write(files: list[tuple[Report, list]]) -> int:
    if not files:
        return 0
    source, progress = files[0][0].source, files[0][0].progress
    for report, builders in files:
        for builder in builders:
            builder.open(report)
    # Who takes each questionnaire's rows: nobody, and its rows are not read at all.
    readers = []
    for questionnaire in source.questionnaires:
        listeners, listening = [], []
        for report, builders in files:
            for builder in builders:
                listener = builder.listen(report, questionnaire)
                if listener is not None:
                    listeners.append(listener)
                    listening.append(builder)
        readers.append((questionnaire, listeners, listening))
    if progress.total is None:
        progress.total = sum(q.row_count for q, listeners, _listening in readers if listeners)
    for report, builders in files:
        for builder in builders:
            builder.fill(report)
    rows = 0
    for questionnaire, listeners, listening in readers:
        if not listeners:
            rows += questionnaire.row_count
            continue
        codes = [builder.answer_codes(questionnaire) for builder in listening]
        submissions = source.submissions(
            questionnaire.code,
            answer_codes=None if None in codes else sorted(set().union(*codes)),
            dates=any(builder.uses_dates for builder in listening),
        )
        for row in submissions:
            for listener in listeners:
                listener(row)
            rows += 1
            progress.advance()
    for report, builders in files:
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
    whole = ExportSource(options, actor)
    commissions = sorted(whole.commissions.values(), key=lambda c: c.iso2)
    # One progress over every file, reported within each as the rows go by.
    shared = Progress(progress, planned_rows(whole))
    total = ExportResult(0, 0, 0)
    with (
        tempfile.TemporaryDirectory(prefix="shura-zip-") as folder,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for number, commission in enumerate(commissions, start=1):
            file = Path(folder) / f"{number}.xlsx"
            source = ExportSource(options.for_commission(commission.id), actor)
            book = WorkbookWriter(file, rtl=options.lang == "ar", max_rows=max_rows)
            result = write_report(Report(source, book, progress=shared), report_builders(source))
            archive.write(file, f"{commission.iso2} - {file_safe(commission.name)}.xlsx")
            file.unlink()
            total.rows += result.rows
            total.cells += result.cells
            total.files += 1
            shared.tick()
    total.rows_read = shared.done
    return total


def _per_sector(options, actor, path, progress, max_rows) -> ExportResult:
    """A zip with, for each sector, a workbook of the entries tagged with that sector.

    Every sector's workbook is written in the same pass over the submissions: each is read
    once (only the answers that hold reported entries, without their dates), its entries
    worked out once, and each entry written to the workbook of each of its sectors.
    """
    source = ExportSource(options, actor)
    sectors = sector_choices(source.questionnaires, options.lang)
    shared = Progress(progress)
    entries = ReportedEntries()
    with tempfile.TemporaryDirectory(prefix="shura-zip-") as folder:
        files, names = [], []
        for number, (value, label) in enumerate(sectors, start=1):
            file = Path(folder) / f"{number}.xlsx"
            book = WorkbookWriter(file, rtl=options.lang == "ar", max_rows=max_rows)
            report = Report(source, book, progress=shared, sector=(value, label))
            files.append((report, [About(), Proposals(sector=value, entries=entries)]))
            names.append((file, f"{file_safe(label)}.xlsx"))
        results = write_reports(files)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for file, name in names:
                archive.write(file, name)
    rows = results[0].rows if results else sum(q.row_count for q in source.questionnaires)
    return ExportResult(
        rows, sum(result.cells for result in results), len(names), rows_read=shared.done
    )
