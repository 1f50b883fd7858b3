"""Tables written to a hardened XlsxWriter workbook: typed cells only, no formulas or links
from answers, Excel's limits kept.

XlsxWriter turns strings that look like formulas, numbers or URLs into formulas, numbers and
links by default (``strings_to_formulas``, ``strings_to_numbers``, ``strings_to_urls``); an
answer like ``=HYPERLINK(...)`` or ``00123`` must stay as typed, so every option that
interprets strings is off and each value goes through the ``write_*`` method of its Python
type. Rows stream in constant memory: each table writes its rows strictly in order.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from app.exports.names import shorten

#: Excel's limits
MAX_CELL_CHARS = 32767
#: a text shorter than this cannot be over the limit, however it counts in UTF-16
HALF_CELL = MAX_CELL_CHARS // 2
MAX_SHEET_NAME = 31
MAX_ROWS = 1_048_576
#: Excel keeps 15 significant digits and shows no dates before 1900
LARGEST_EXACT_NUMBER = 10**15
EARLIEST_DATE = dt.date(1900, 3, 1)
TRUNCATION_MARK = " […]"
#: the cut cells About lists one by one; beyond, it gives their number
LISTED_TRUNCATIONS = 50
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # Rows are written strictly in order, so big workbooks stream in constant memory.
    "constant_memory": True,
    "default_date_format": "yyyy-mm-dd",
    "remove_timezone": True,
    # Sheets of a wide questionnaire can pass the 2 GiB a plain zip member holds.
    "use_zip64": True,
}


class WorkbookWriter:
    """Owns one workbook file, its named formats, its sheet names and what was cut."""

    charts = True

    def __init__(self, path: Path | str, *, rtl: bool = False, max_rows: int = MAX_ROWS):
        self.workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        self.rtl = rtl
        self.max_rows = max_rows
        self._sheet_names: set[str] = set()
        #: (sheet, cell) of cells cut to Excel's limit, the first LISTED_TRUNCATIONS of them
        self.truncated: list[tuple[str, str]] = []
        self.truncated_count = 0
        wb = self.workbook
        base = {"valign": "top"}
        self.formats = {
            "header": wb.add_format(
                {"bold": True, "bg_color": "#DCE6F1", "text_wrap": True, **base, "border": 1}
            ),
            "code": wb.add_format(
                {"italic": True, "font_color": "#555555", "bg_color": "#F2F2F2", "border": 1}
            ),
            "title": wb.add_format({"bold": True, "font_size": 14}),
            "bold": wb.add_format({"bold": True}),
            "text": None,  # the default format: nothing to write per cell
            "long_text": wb.add_format({"text_wrap": True, **base}),
            "date": wb.add_format({"num_format": "yyyy-mm-dd", **base}),
            "datetime": wb.add_format({"num_format": "yyyy-mm-dd hh:mm", **base}),
            "number": None,
            "percent": wb.add_format({"num_format": "0.0%", **base}),
            "decimal": wb.add_format({"num_format": "0.00", **base}),
        }

    def add_sheet(self, wanted_name: str, suffix: str = ""):
        sheet = self.workbook.add_worksheet(self.sheet_name(wanted_name, suffix))
        if self.rtl:
            sheet.right_to_left()
        return sheet

    def sheet_name(self, wanted: str, suffix: str = "") -> str:
        """A legal, unique sheet name: no []:*?/\\, at most 31 characters, a long one cut
        at a word and ending with "…"; ``suffix`` (" (2)") is kept whole after it. A name
        taken already gets " (2)", " (3)"... in the same way."""
        base = _SHEET_NAME_FORBIDDEN.sub(" ", wanted).strip().strip("'") or "Sheet"
        name = shorten(base, MAX_SHEET_NAME - len(suffix)) + suffix
        counter = 2
        while name.lower() in self._sheet_names:
            more = f"{suffix} ({counter})"
            name = shorten(base, MAX_SHEET_NAME - len(more)) + more
            counter += 1
        self._sheet_names.add(name.lower())
        return name

    def sheet_names(self) -> list[str]:
        """The names of the sheets, in the workbook's order."""
        return [sheet.name for sheet in self.workbook.worksheets()]

    def table(self, name: str, header_rows: list[list[str]], **kwargs) -> SheetTable:
        return SheetTable(self, name, header_rows, **kwargs)

    def write_header(self, sheet, row: int, titles: list[str], widths: list[int] | None = None):
        for col, title in enumerate(titles):
            self.write_cell(sheet, row, col, title, self.formats["header"])
            if widths:
                sheet.set_column(col, col, widths[col])
        sheet.freeze_panes(row + 1, 0)

    def write_row(self, sheet, row: int, values: list, formats=None) -> None:
        """One row of typed cells; ``formats`` gives each column's format (None: plain).

        The hot loop of every export: it calls XlsxWriter's undecorated ``_write_*``
        methods, as its own ``write_row`` does, skipping the per-call check for "A1"
        notation that ``write_string`` and the like go through (the range of versions in
        pyproject.toml keeps their names; tests/exports reads every kind of cell back).
        """
        text, number, date, when = (
            sheet._write_string,
            sheet._write_number,
            self.formats["date"],
            self.formats["datetime"],
        )
        for col, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if value:
                    if len(value) > HALF_CELL and utf16_length(value) > MAX_CELL_CHARS:
                        value = self._cut(sheet, row, col, value)
                    text(row, col, value, formats[col] if formats else None)
            elif value is None:
                continue
            elif (
                kind is int or kind is float
            ) and -LARGEST_EXACT_NUMBER <= value <= LARGEST_EXACT_NUMBER:
                number(row, col, value, formats[col] if formats else None)
            elif kind is dt.datetime:
                sheet._write_datetime(row, col, value, when)
            elif kind is dt.date and value >= EARLIEST_DATE:
                sheet._write_datetime(row, col, value, date)
            else:
                self.write_cell(sheet, row, col, value, formats[col] if formats else None)

    def write_cell(self, sheet, row: int, col: int, value, cell_format=None) -> None:
        """Write one value as the cell type its Python type calls for; strings stay strings."""
        kind = type(value)
        if kind is str:
            if not value:
                return
            if len(value) > HALF_CELL and utf16_length(value) > MAX_CELL_CHARS:
                value = self._cut(sheet, row, col, value)
            sheet.write_string(row, col, value, cell_format)
        elif kind is int or kind is float:
            if math.isfinite(value) and abs(value) <= LARGEST_EXACT_NUMBER:
                sheet.write_number(row, col, value, cell_format)
            else:  # kept exact as text rather than rounded or refused
                sheet.write_string(row, col, str(value), cell_format)
        elif kind is bool:
            sheet.write_boolean(row, col, value, cell_format)
        elif value is None:
            return
        elif kind is dt.datetime:
            sheet.write_datetime(row, col, value, self.formats["datetime"])
        elif kind is dt.date:
            if value >= EARLIEST_DATE:
                sheet.write_datetime(row, col, value, self.formats["date"])
            else:
                sheet.write_string(row, col, value.isoformat(), cell_format)
        elif isinstance(value, str):  # a str subclass (Markup): its plain text
            self.write_cell(sheet, row, col, str.__str__(value), cell_format)
        else:  # a lazy message, a Decimal...
            self.write_cell(sheet, row, col, str(value), cell_format)

    def _cut(self, sheet, row: int, col: int, text: str) -> str:
        self.truncated_count += 1
        if len(self.truncated) < LISTED_TRUNCATIONS:
            self.truncated.append((sheet.name, xl_rowcol_to_cell(row, col)))
        return cap(text)

    def close(self) -> None:
        self.workbook.close()

    def abandon(self) -> None:
        """Let go of a workbook that will not be finished (a failed or cancelled export):
        close the temporary file each constant-memory sheet streams its rows to."""
        for sheet in self.workbook.worksheets():
            handle = getattr(sheet, "row_data_fh", None)
            if handle is not None and not handle.closed:
                handle.close()
            name = getattr(sheet, "row_data_filename", None)
            if name:
                Path(name).unlink(missing_ok=True)


class SheetTable:
    """A table of header rows then data rows; past Excel's last row it continues on a sheet
    of the same name numbered (2), (3)... with the same headers."""

    def __init__(
        self,
        writer: WorkbookWriter,
        name: str,
        header_rows: list[list[str]],
        *,
        widths: list[int] | None = None,
        styles: list[str] | None = None,
        start_row: int = 0,
        preamble=None,
    ):
        self.writer, self.name, self.header_rows = writer, name, header_rows
        self.widths, self.start_row, self.preamble = widths, start_row, preamble
        formats = writer.formats
        self.formats = [formats.get(style) for style in styles or []] or None
        self.parts: list = []  #: the sheets, with their row counts
        self.rows = 0  #: data rows written
        self.cells = 0  #: cells of those rows, blank ones included
        self.sheet = self._new_sheet()

    @property
    def width(self) -> int:
        return max((len(row) for row in self.header_rows), default=0)

    def _new_sheet(self):
        number = len(self.parts) + 1
        sheet = self.writer.add_sheet(self.name, "" if number == 1 else f" ({number})")
        row = self.start_row if number == 1 else 0
        if number == 1 and self.preamble is not None:
            self.preamble(sheet)  # rows above the table, written first (constant memory)
        for index, titles in enumerate(self.header_rows):
            style = "header" if index == 0 else "code"
            for col, title in enumerate(titles):
                self.writer.write_cell(sheet, row, col, title, self.writer.formats[style])
            row += 1
        for col, width in enumerate(self.widths or []):
            sheet.set_column(col, col, width)
        if self.header_rows:
            sheet.freeze_panes(row, 0)
        self.parts.append([sheet, row, 0])  # sheet, next row, data rows
        self.first_data_row = row
        return sheet

    @property
    def sheet_names(self) -> list[str]:
        return [part[0].name for part in self.parts]

    def counts(self) -> list[tuple[str, int]]:
        """(sheet, data rows) of each part."""
        return [(part[0].name, part[2]) for part in self.parts]

    def write(self, values: list) -> None:
        part = self.parts[-1]
        if part[1] >= self.writer.max_rows:
            self.sheet = self._new_sheet()
            part = self.parts[-1]
        self.writer.write_row(part[0], part[1], values, self.formats)
        part[1] += 1
        part[2] += 1
        self.rows += 1
        self.cells += len(values)

    def close(self) -> None:
        """Filters on the last header row of each part."""
        if not self.header_rows:
            return
        for sheet, next_row, _rows in self.parts:
            header_row = (
                (self.start_row if sheet is self.parts[0][0] else 0) + len(self.header_rows) - 1
            )
            sheet.autofilter(header_row, 0, max(next_row - 1, header_row), max(self.width - 1, 0))


def utf16_length(text: str) -> int:
    """Excel counts a cell's characters in UTF-16 units: an emoji counts two."""
    return len(text.encode("utf-16-le")) // 2


def cap(text: str) -> str:
    """Excel refuses cells over 32,767 characters; keep the start and say it was cut."""
    if len(text) <= HALF_CELL or utf16_length(text) <= MAX_CELL_CHARS:
        return text
    room = MAX_CELL_CHARS - len(TRUNCATION_MARK)
    kept = text[:room]
    excess = utf16_length(kept) - room
    while excess > 0:  # characters beyond the basic plane (emoji) count twice
        kept = kept[: len(kept) - max(1, excess // 2)]
        excess = utf16_length(kept) - room
    return kept + TRUNCATION_MARK
