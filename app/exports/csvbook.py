"""The same tables as CSV files in a zip: for tools that read CSV better than workbooks.

Each file is UTF-8 with a byte-order mark (so Excel reads the Arabic and accented text
right), every field quoted. A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return is prefixed with an apostrophe, as OWASP advises against CSV injection:
a spreadsheet opening the file shows the text instead of running it. Numbers, dates and
booleans are written plainly (a negative number is a number, not a formula).
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
import zipfile
from pathlib import Path

from app.exports.names import file_safe
from app.exports.writer import MAX_ROWS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str.__str__(value) if isinstance(value, str) else str(value))


class CsvBook:
    """Collects tables as temporary CSV files and zips them on ``close()``."""

    charts = False

    def __init__(self, path: Path | str, **_ignored):
        self.path = Path(path)
        self.max_rows = MAX_ROWS  # unused: a CSV file has no row limit
        self.truncated: list = []
        self.truncated_count = 0
        self._folder = tempfile.TemporaryDirectory(prefix="shura-csv-")
        self._tables: list[CsvTable] = []
        self._names: set[str] = set()

    def file_name(self, wanted: str) -> str:
        base = file_safe(wanted, "table")
        name, counter = base, 2
        while name.lower() in self._names:
            name, counter = f"{base} ({counter})", counter + 1
        self._names.add(name.lower())
        return f"{name}.csv"

    def table(
        self, name: str, header_rows: list[list[str]], *, first: bool = False, **_ignored
    ) -> CsvTable:
        """A table; ``first`` puts it first in the zip (About, written last, leads it)."""
        table = CsvTable(Path(self._folder.name) / f"{len(self._tables)}.csv", self.file_name(name))
        for row in header_rows:
            table.write_raw(row)
        if first:
            self._tables.insert(0, table)
        else:
            self._tables.append(table)
        return table

    def sheet_names(self) -> list[str]:
        """The names of the files, in the zip's order."""
        return [table.name for table in self._tables]

    def abandon(self) -> None:
        for table in self._tables:
            table.close()
        self._folder.cleanup()

    def close(self) -> None:
        with zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED) as archive:
            for table in self._tables:
                table.close()
                archive.write(table.path, table.name)
        self._folder.cleanup()


class CsvTable:
    def __init__(self, path: Path, name: str):
        self.path, self.name, self.rows, self.cells = path, name, 0, 0
        self.sheet_names = [name]
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file, quoting=csv.QUOTE_ALL)

    def counts(self) -> list[tuple[str, int]]:
        return [(self.name, self.rows)]

    def write_raw(self, values: list) -> None:
        self._writer.writerow([csv_value(v) for v in values])

    def write(self, values: list) -> None:
        self._writer.writerow([csv_value(v) for v in values])
        self.rows += 1
        self.cells += len(values)

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()
