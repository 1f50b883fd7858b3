"""A hardened XlsxWriter workbook: typed cells only, no formulas or links from answers.

XlsxWriter turns strings that look like formulas or URLs into formulas and links by default
(``strings_to_formulas``, ``strings_to_urls``); an answer like ``=HYPERLINK(...)`` must stay
text, so every option that interprets strings is switched off and each value is written with
the ``write_*`` method of its Python type.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import xlsxwriter

#: Excel's limits
MAX_CELL_CHARS = 32767
MAX_SHEET_NAME = 31
#: Excel keeps 15 significant digits and shows no dates before 1900
LARGEST_EXACT_NUMBER = 10**15
EARLIEST_DATE = dt.date(1900, 3, 1)
TRUNCATION_MARK = " […]"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # Rows are written strictly in order, so big workbooks stream in constant memory.
    "constant_memory": True,
    "default_date_format": "yyyy-mm-dd",
    "remove_timezone": True,
}


class WorkbookWriter:
    """Owns one workbook file, its named formats and its sheet names."""

    def __init__(self, path: Path | str, *, rtl: bool = False):
        self.workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        self.rtl = rtl
        self._sheet_names: set[str] = set()
        wb = self.workbook
        self.formats = {
            "header": wb.add_format(
                {
                    "bold": True,
                    "bg_color": "#DCE6F1",
                    "text_wrap": True,
                    "valign": "top",
                    "border": 1,
                }
            ),
            "title": wb.add_format({"bold": True, "font_size": 14}),
            "text": wb.add_format({"text_wrap": False, "valign": "top"}),
            "date": wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
            "datetime": wb.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top"}),
            "number": wb.add_format({"valign": "top"}),
        }

    def add_sheet(self, wanted_name: str):
        sheet = self.workbook.add_worksheet(self.sheet_name(wanted_name))
        if self.rtl:
            sheet.right_to_left()
        return sheet

    def sheet_name(self, wanted: str) -> str:
        """A legal, unique sheet name: no []:*?/\\, at most 31 characters."""
        base = _SHEET_NAME_FORBIDDEN.sub(" ", wanted).strip().strip("'") or "Sheet"
        base = base[:MAX_SHEET_NAME]
        name, counter = base, 2
        while name.lower() in self._sheet_names:
            suffix = f" ({counter})"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
            counter += 1
        self._sheet_names.add(name.lower())
        return name

    def write_header(self, sheet, row: int, titles: list[str], widths: list[int] | None = None):
        for col, title in enumerate(titles):
            sheet.write_string(row, col, cap(title), self.formats["header"])
            sheet.set_column(col, col, (widths[col] if widths else min(max(len(title), 12), 40)))
        sheet.freeze_panes(row + 1, 0)

    def write_row(self, sheet, row: int, values: list) -> None:
        for col, value in enumerate(values):
            self.write_cell(sheet, row, col, value)

    def write_cell(self, sheet, row: int, col: int, value) -> None:
        """Write one value as the cell type its Python type calls for; strings stay strings."""
        if value is None or value == "":
            return
        if isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, int | float):
            if math.isfinite(value) and abs(value) <= LARGEST_EXACT_NUMBER:
                sheet.write_number(row, col, value, self.formats["number"])
            else:  # kept exact as text rather than rounded or refused
                sheet.write_string(row, col, str(value), self.formats["text"])
        elif isinstance(value, dt.datetime):
            sheet.write_datetime(row, col, value, self.formats["datetime"])
        elif isinstance(value, dt.date):
            if value >= EARLIEST_DATE:
                sheet.write_datetime(row, col, value, self.formats["date"])
            else:
                sheet.write_string(row, col, value.isoformat(), self.formats["text"])
        else:
            sheet.write_string(row, col, cap(str(value)), self.formats["text"])

    def close(self) -> None:
        self.workbook.close()


def cap(text: str) -> str:
    """Excel refuses cells over 32,767 characters; keep the start and say it was cut."""
    if len(text) <= MAX_CELL_CHARS:
        return text
    return text[: MAX_CELL_CHARS - len(TRUNCATION_MARK)] + TRUNCATION_MARK
