"""Writing a questionnaire definition as an XLSForm (survey, choices and settings sheets).

The workbook is one pyxform accepts (``pyxform.xls2xform.convert``), and reading it back
with ``read_xlsform`` gives the same definition: what XLSForm has a column for goes in that
column (``relevant``, ``constraint``, ``label::French (fr)``...), what it has not goes in a
``shura_*`` column that other XLSForm tools leave alone (``shura_type`` for the types XLSForm
lacks, ``shura_min`` and ``shura_max`` for number bounds, ``shura_max_count`` for repeats...).
"""

from __future__ import annotations

import re
from pathlib import Path

import xlsxwriter
from pyxform.utils import default_is_dynamic

from app.core.definitions import Text
from app.core.languages import LANGUAGES
from app.questionnaires.definition import QuestionnaireDefinition, Section
from app.questionnaires.types.yes_no import YES_NO_CHOICES
from app.questionnaires.xlsform.common import (
    CHOICES,
    LANGUAGE_SUFFIXES,
    SETTINGS,
    SHURA_TYPE,
    SURVEY,
    number_text,
)

#: the survey columns, in the order they are written: (name, one per language, always); the
#: XLSForm columns a secretariat is likely to fill are there even when empty, so that a question
#: added in the workbook has its columns; the others only when a row uses them
SURVEY_COLUMNS = [
    ("type", False, True),
    ("name", False, True),
    ("label", True, True),
    ("hint", True, True),
    ("required", False, True),
    ("required_message", True, False),
    ("relevant", False, True),
    ("constraint", False, True),
    ("constraint_message", True, True),
    ("calculation", False, True),
    ("choice_filter", False, True),
    ("appearance", False, True),
    ("default", False, True),
    ("repeat_count", False, True),
    ("parameters", False, False),
    (SHURA_TYPE, False, False),
    ("shura_other", False, False),
    ("shura_min", False, False),
    ("shura_max", False, False),
    ("shura_min_label", True, False),
    ("shura_max_label", True, False),
    ("shura_max_length", False, False),
    ("shura_ranks", False, False),
    ("shura_accept", False, False),
    ("shura_max_size_mb", False, False),
    ("shura_min_count", False, False),
    ("shura_max_count", False, False),
    ("shura_default", False, False),
    ("shura_prefill", False, False),
    ("shura_report", False, False),
    ("shura_report_column", False, False),
]
#: the keys of an item and the column each one goes to (what needs more care is in code)
_PLAIN_KEYS = {
    "label": "label",
    "hint": "hint",
    "relevant": "relevant",
    "required_message": "required_message",
    "constraint": "constraint",
    "constraint_message": "constraint_message",
    "calculation": "calculation",
    "choice_filter": "choice_filter",
    "repeat_count": "repeat_count",
    "min_label": "shura_min_label",
    "max_label": "shura_max_label",
    "max_length": "shura_max_length",
    "ranks": "shura_ranks",
    "max_size_mb": "shura_max_size_mb",
    "min_count": "shura_min_count",
    "max_count": "shura_max_count",
    "prefill": "shura_prefill",
    "report": "shura_report",
    "report_column": "shura_report_column",
}
#: keys written by code below, by what they are
_HANDLED_KEYS = {"code", "type", "required", "default", "choices", "other", "appearance"}
_HANDLED_KEYS |= {"min", "max", "accept", "items", "rows"}
#: every key an item of any type may have: a type with a key outside this set cannot be
#: exported until the writer learns it (a test holds the registry to it)
KNOWN_KEYS = frozenset(_PLAIN_KEYS) | _HANDLED_KEYS
#: Shura types written as an XLSForm text row and told apart by shura_type
_TEXT_LIKE = {"email", "phone", "url"}
_SELECTS = {"select_one": "select_one", "select_multiple": "select_multiple", "ranking": "rank"}


class ExportError(Exception):
    """The definition holds something the XLSForm export cannot say."""


def write_xlsform(definition: QuestionnaireDefinition, out: Path) -> None:
    """Write ``definition`` as an XLSForm workbook at ``out``."""
    writer = _Writer(definition)
    survey = writer.survey_rows()
    choices = writer.choice_rows()
    workbook = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False})
    try:
        bold = workbook.add_format({"bold": True})
        _write_sheet(workbook, SURVEY, *_table(survey, SURVEY_COLUMNS), bold)
        choice_columns = [("list_name", False, True), ("name", False, True), ("label", True, True)]
        choice_columns += [(name, False, False) for name in writer.property_columns()]
        _write_sheet(workbook, CHOICES, *_table(choices, choice_columns), bold)
        settings_columns = [
            ("form_title", False, True),
            ("form_id", False, True),
            ("version", False, True),
            ("default_language", False, True),
            ("shura_title", True, False),
            ("shura_description", True, False),
            ("shura_short_title", True, False),
        ]
        _write_sheet(workbook, SETTINGS, *_table([writer.settings_row()], settings_columns), bold)
    finally:
        workbook.close()


#: names a choices column cannot take: XLSForm reads them as something else
_CHOICE_COLUMNS = {"list_name", "name", "label", "value", "caption", "image", "big-image"}
_CHOICE_COLUMNS |= {"audio", "video", "media", "parent", "sms_option", "extra_data"}
_COLUMN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LIST_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def _check_exportable(definition: QuestionnaireDefinition) -> None:
    """Refuse what a workbook would say differently: a list name with a space, a choice
    property named like an XLSForm column, a text showing ``${...}``."""
    for list_name, choices in definition.choice_lists.items():
        if not _LIST_NAME.match(list_name):
            raise ExportError(
                f"choice list {list_name!r}: XLSForm needs a list name without spaces "
                "(letters, digits, _ . -)"
            )
        for choice in choices:
            for key in choice.properties:
                if key.lower() in _CHOICE_COLUMNS or not _COLUMN_NAME.match(key):
                    raise ExportError(
                        f"choice list {list_name!r}, choice {choice.value!r}: the property "
                        f"{key!r} cannot be an XLSForm column; rename it (letters, digits, _)"
                    )
    for node in definition.nodes:
        for key in ("label", "hint"):
            text = getattr(node.item, key, None)
            if isinstance(text, Text) and any(
                "${" in (getattr(text, lang) or "") for lang in LANGUAGES
            ):
                raise ExportError(
                    f"{node.item.code}: the {key} holds ${{...}}, which XLSForm would fill "
                    "with an answer; Shura shows it as written"
                )


class _Writer:
    def __init__(self, definition: QuestionnaireDefinition):
        _check_exportable(definition)
        self.definition = definition
        self.rows: list[dict] = []
        names = set(definition.choice_lists)
        self.yes_no_list = _free_name("yes_no", names)
        self.uses_yes_no = False

    # --- survey

    def survey_rows(self) -> list[dict]:
        for section in self.definition.sections:
            self._section(section)
        return self.rows

    def _section(self, section: Section) -> None:
        row = {"type": "begin group", "name": section.code}
        _put_text(row, "label", section.title)
        _put_text(row, "hint", section.description)
        if section.relevant:
            row["relevant"] = section.relevant
        self.rows.append(row)
        for item in section.items:
            self._item(item)
        self.rows.append({"type": "end group"})

    def _item(self, item) -> None:
        unknown = set(type(item).model_fields) - KNOWN_KEYS
        if unknown:
            raise ExportError(
                f"{item.code}: the XLSForm export does not know the key(s) "
                f"{', '.join(sorted(unknown))} of a {item.type}"
            )
        if item.type == "matrix":
            self._matrix(item)
            return
        row = {"name": item.code}
        self._type(item, row)
        self._keys(item, row)
        self.rows.append(row)
        if item.type in ("group", "repeat"):
            for child in item.items:
                self._item(child)
            self.rows.append({"type": f"end {item.type}"})

    def _type(self, item, row: dict) -> None:
        kind = item.type
        if kind == "text":
            row["type"] = "text"
        elif kind == "long_text":
            row["type"] = "text"
            row["appearance"] = "multiline"
        elif kind in _TEXT_LIKE:
            row["type"] = "text"
            row[SHURA_TYPE] = kind
        elif kind == "yes_no":
            row["type"] = f"select_one {self.yes_no_list}"
            row[SHURA_TYPE] = "yes_no"
            self.uses_yes_no = True
        elif kind in _SELECTS:
            row["type"] = f"{_SELECTS[kind]} {item.choices}"
            if item.other:
                # pyxform's or_other refuses a choice filter; the shura column says the same
                if item.choice_filter:
                    row["shura_other"] = "yes"
                else:
                    row["type"] += " or_other"
        elif kind == "rating":
            row["type"] = "range"
            row["parameters"] = f"start={item.min} end={item.max} step=1"
        elif kind == "file":
            row["type"] = "file"
        elif kind in ("group", "repeat"):
            row["type"] = f"begin {kind}"
            if kind == "group" and item.appearance and "table-list" in item.appearance.split():
                row[SHURA_TYPE] = "group"  # not read back as a matrix
        else:  # integer, decimal, date, note, calculate: the same word in XLSForm
            row["type"] = kind

    def _keys(self, item, row: dict) -> None:
        fields = type(item).model_fields
        for key, column in _PLAIN_KEYS.items():
            if key not in fields:
                continue
            value = getattr(item, key)
            # A default is left out, but for a repeat's max_count beside a fixed count above
            # 20: the reader takes such a count as the maximum when no shura_max_count says.
            keep = key == "max_count" and (_fixed_count(item) or 0) > 20
            if value is None or (value == fields[key].default and not keep):
                continue
            if isinstance(value, Text):
                _put_text(row, column, value)
            else:
                row[column] = number_text(value)
        if "required" in fields:
            if item.required is True:
                row["required"] = "yes"
            elif isinstance(item.required, str):
                row["required"] = item.required
        if "default" in fields and item.default is not None:
            value = item.default
            text = " ".join(value) if isinstance(value, list) else number_text(value)
            # a fixed text XLSForm would read as an expression ("+212 5 37...") goes in a
            # column of its own, which XLSForm tools leave alone
            dynamic = isinstance(value, str) and default_is_dynamic(text, item.type)
            row["shura_default" if dynamic else "default"] = text
        if "appearance" in fields and item.type != "group":
            appearance = {"dropdown": "minimal", "horizontal": "horizontal"}.get(item.appearance)
            if appearance:
                row["appearance"] = appearance
        elif item.type == "group" and item.appearance:
            row["appearance"] = item.appearance
        if item.type in ("integer", "decimal"):
            for key in ("min", "max"):
                value = getattr(item, key)
                if value is not None:
                    row[f"shura_{key}"] = _number(value)
        if item.type == "file" and item.accept is not None:
            row["shura_accept"] = " ".join(item.accept)

    def _matrix(self, item) -> None:
        """A matrix is a table-list group of select_one rows on one list (its rows)."""
        head = {"type": "begin group", "name": item.code, "appearance": "table-list"}
        head[SHURA_TYPE] = "matrix"
        _put_text(head, "label", item.label)
        _put_text(head, "hint", item.hint)
        if item.relevant:
            head["relevant"] = item.relevant
        self.rows.append(head)
        for matrix_row in item.rows:
            row = {"type": f"select_one {item.choices}", "name": matrix_row.code}
            _put_text(row, "label", matrix_row.label)
            # Every row carries the matrix's rules, as an XLSForm table would.
            if item.required is True:
                row["required"] = "yes"
            elif isinstance(item.required, str):
                row["required"] = item.required
            _put_text(row, "required_message", item.required_message)
            if item.constraint:
                row["constraint"] = item.constraint
            _put_text(row, "constraint_message", item.constraint_message)
            self.rows.append(row)
        self.rows.append({"type": "end group"})

    # --- choices and settings

    def choice_rows(self) -> list[dict]:
        rows = []
        for list_name, choices in self.definition.choice_lists.items():
            for choice in choices:
                row = {"list_name": list_name, "name": choice.value, **choice.properties}
                _put_text(row, "label", choice.label)
                rows.append(row)
        if self.uses_yes_no:
            for choice in YES_NO_CHOICES:
                row = {"list_name": self.yes_no_list, "name": choice.value}
                _put_text(row, "label", choice.label)
                rows.append(row)
        return rows

    def property_columns(self) -> list[str]:
        seen: dict[str, None] = {}
        for choices in self.definition.choice_lists.values():
            for choice in choices:
                seen.update(dict.fromkeys(choice.properties))
        return list(seen)

    def settings_row(self) -> dict:
        definition = self.definition
        row = {
            "form_title": definition.title.get("en"),
            "form_id": definition.code,
            "default_language": LANGUAGE_SUFFIXES["en"],
        }
        if definition.version is not None:
            row["version"] = definition.version
        _put_text(row, "shura_title", definition.title)
        _put_text(row, "shura_description", definition.description)
        _put_text(row, "shura_short_title", definition.short_title)
        return row


def _fixed_count(item) -> int | None:
    """A repeat's fixed count, when its repeat_count is a number."""
    count = getattr(item, "repeat_count", None)
    return int(count) if count is not None and count.strip().isdigit() else None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _put_text(row: dict, column: str, text: Text | None) -> None:
    if text is None:
        return
    for lang in LANGUAGES:
        value = getattr(text, lang)
        if value:
            row[(column, lang)] = value


def _free_name(base: str, taken: set[str]) -> str:
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}_{number}"
    return name


def _table(rows: list[dict], columns: list[tuple[str, bool, bool]]):
    """The headers and cells of a sheet: the columns always written, and the others some row
    fills, in their order."""
    keys = []
    for name, per_language, always in columns:
        candidates = [(name, lang) for lang in LANGUAGES] if per_language else [name]
        keys.extend(key for key in candidates if always or any(key in row for row in rows))
    headers = [
        f"{key[0]}::{LANGUAGE_SUFFIXES[key[1]]}" if isinstance(key, tuple) else key for key in keys
    ]
    return headers, [[row.get(key) for key in keys] for row in rows]


def _write_sheet(workbook, title: str, headers: list[str], cells: list[list], bold) -> None:
    sheet = workbook.add_worksheet(title)
    sheet.freeze_panes(1, 0)
    for column, header in enumerate(headers):
        sheet.write_string(0, column, header, bold)
        width = max([len(header), *(len(str(row[column] or "")) for row in cells)])
        sheet.set_column(column, column, min(max(width, 8), 60))
    for index, row in enumerate(cells, start=1):
        for column, value in enumerate(row):
            if value is not None:
                # always text: a code like 007 or a version like 2026.1 stays as written
                sheet.write_string(index, column, str(value))
