"""Reading an XLSForm into a questionnaire definition, through pyxform's own reader.

pyxform (the XLSForm reference implementation) reads the workbook twice over: its backend
gives the rows as written (``get_xlsform``: one dict per row, keyed by the header text, empty
rows kept so that list index i is sheet row i + 2), and ``workbook_to_json`` gives its
normalised tree (aliases resolved, groups nested, selects parsed). The tree says what the form
means; the rows say where each thing was written, so that every refusal names the sheet, the
row and the column. Texts (labels, hints, messages) are taken from the rows as written, the
way the author typed them; expressions from pyxform's tree, as pyxform reads them.

Nothing here prints or writes: ``read_xlsform`` returns the definition (or None), the
problems that refuse the file and the notices about what was left out without loss.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from pyxform import aliases
from pyxform import constants as pyxform_constants
from pyxform.errors import PyXFormError
from pyxform.parsing.sheet_headers import process_header
from pyxform.question import MultipleChoiceQuestion, Option
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
from pyxform.survey import Survey
from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL, RE_SELECT, workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from app.core.i18n import _
from app.core.languages import ENGLISH_NAMES, LANGUAGES
from app.questionnaires.definition import RESERVED_CODES, QuestionnaireDefinition
from app.questionnaires.expressions import ExpressionError, parse
from app.questionnaires.expressions.parser import Column as ColumnNode
from app.questionnaires.types import ITEM_TYPES
from app.questionnaires.xlsform.common import (
    CHOICES,
    SETTINGS,
    SHEET_ORDER,
    SHURA_TYPE,
    SURVEY,
    SheetMessage,
    as_code,
    column_letter,
    is_code,
    language_of,
    quiet_openpyxl,
)

#: XLSForm question types (as pyxform names them after its aliases) and the Shura type
XLSFORM_TYPES = {
    "text": "text",
    "string": "text",
    "q string": "text",
    "add text prompt": "text",
    "phone number": "phone",
    "integer": "integer",
    "int": "integer",
    "q int": "integer",
    "add integer prompt": "integer",
    "decimal": "decimal",
    "q decimal": "decimal",
    "add decimal prompt": "decimal",
    "date": "date",
    "q date": "date",
    "add date prompt": "date",
    "note": "note",
    "q note": "note",
    "add note prompt": "note",
    "calculate": "calculate",
    "q calculate": "calculate",
    "add calculate prompt": "calculate",
    "file": "file",
    "photo": "image",
    "q image": "image",
    "q picture": "image",
    "range": "range",
}
#: the extensions an XLSForm image question accepts, as a Shura file question
IMAGE_KINDS = ["png", "jpg", "jpeg", "gif", "webp"]
#: Shura types a ``shura_type`` column may give, by the (Shura) type the XLSForm row reads as
SHURA_TYPES_FOR = {
    "text": {"text", "long_text", "email", "phone", "url"},
    "phone": {"phone"},
    "select_one": {"select_one", "yes_no"},
    "select_multiple": {"select_multiple"},
    "ranking": {"ranking"},
    "range": {"rating"},
    "group": {"group", "matrix"},
    "repeat": {"repeat"},
    "integer": {"integer"},
    "decimal": {"decimal"},
    "date": {"date"},
    "note": {"note"},
    "calculate": {"calculate"},
    "file": {"file"},
    "image": {"file"},
}

_LOCATION = _("Shura has no map location question")
_SOUND = _("Shura records no sound or video")
_DEVICE = _("Shura collects no device metadata")
_DATETIME = _("Shura has no date-and-time question (only dates)")
_ACKNOWLEDGE = _("Shura has no acknowledge question")
_EXTERNAL = _("Shura reads no choices or data from external files")
#: why a type is refused, for the types whose reason can be said
REFUSED_TYPES = {
    **dict.fromkeys(
        [
            "geopoint",
            "geotrace",
            "geoshape",
            "location",
            "gps",
            "q geopoint",
            "q location",
            "add location prompt",
            "q geoshape",
            "q geotrace",
            "start-geopoint",
            "background-geopoint",
        ],
        _LOCATION,
    ),
    **dict.fromkeys(
        [
            "audio",
            "video",
            "background-audio",
            "q audio",
            "q video",
            "add audio prompt",
            "add video prompt",
        ],
        _SOUND,
    ),
    **dict.fromkeys(
        ["barcode", "q barcode", "add barcode prompt"], _("Shura has no barcode scanner")
    ),
    "time": _("Shura has no time-of-day question"),
    **dict.fromkeys(
        [
            "datetime",
            "dateTime",
            "date time",
            "q date time",
            "q dateTime",
            "add date time prompt",
            "add dateTime prompt",
        ],
        _DATETIME,
    ),
    **dict.fromkeys(
        ["acknowledge", "trigger", "q acknowledge", "add acknowledge prompt"], _ACKNOWLEDGE
    ),
    "hidden": _("Shura has no hidden questions"),
    "osm": _("Shura has no OpenStreetMap question"),
    "xml-external": _EXTERNAL,
    "csv-external": _EXTERNAL,
    "include": _("Shura does not include other forms"),
    "audit": _("Shura keeps no audit log of the form"),
    "loop": _("Shura has no loop over a choice list (use a repeat)"),
}
#: select commands whose choices come from somewhere Shura cannot read
_EXTERNAL_SELECTS = {*aliases.select_from_file, "select_one_external"}

#: which survey column holds each key of a Shura item, for messages
_ITEM_KEY_COLUMNS = {
    "code": ("name",),
    "type": ("type",),
    "label": ("label",),
    "title": ("label",),
    "hint": ("hint",),
    "description": ("hint",),
    "relevant": ("bind", "relevant"),
    "required": ("bind", "required"),
    "required_message": ("bind", "jr:requiredMsg"),
    "constraint": ("bind", "constraint"),
    "constraint_message": ("bind", "jr:constraintMsg"),
    "calculation": ("bind", "calculate"),
    "choice_filter": ("choice_filter",),
    "default": ("default",),
    "appearance": ("control", "appearance"),
    "repeat_count": ("control", "jr:count"),
    "choices": ("type",),
    "other": ("type",),
    "items": ("type",),
    "rows": ("type",),
    "min": ("shura_min",),
    "max": ("shura_max",),
    "min_label": ("shura_min_label",),
    "max_label": ("shura_max_label",),
    "max_length": ("shura_max_length",),
    "ranks": ("shura_ranks",),
    "accept": ("shura_accept",),
    "max_size_mb": ("shura_max_size_mb",),
    "min_count": ("shura_min_count",),
    "max_count": ("shura_max_count",),
    "prefill": ("shura_prefill",),
    "report": ("shura_report",),
    "report_column": ("shura_report_column",),
}
_CHOICE_KEY_COLUMNS = {"value": ("name",), "label": ("label",)}
_SETTINGS_KEY_COLUMNS = {
    "code": ("id_string",),
    "title": ("title",),
    "version": ("version",),
    "description": ("shura_description",),
    "short_title": ("shura_short_title",),
}

#: survey columns holding texts, one column per language: label::French (fr)
_SURVEY_TEXTS = {
    ("label",),
    ("hint",),
    ("bind", "jr:requiredMsg"),
    ("bind", "jr:constraintMsg"),
    ("shura_min_label",),
    ("shura_max_label",),
}
#: survey columns read as one value
_SURVEY_VALUES = {
    ("type",),
    ("name",),
    ("bind", "relevant"),
    ("bind", "required"),
    ("bind", "constraint"),
    ("bind", "calculate"),
    ("choice_filter",),
    ("default",),
    ("control", "appearance"),
    ("control", "jr:count"),
    ("parameters",),
    ("bind", "readonly"),
    ("trigger",),
    ("intent",),
    ("bind", "entities:saveto"),
    (SHURA_TYPE,),
    ("shura_other",),
    ("shura_appearance",),
    ("shura_min",),
    ("shura_max",),
    ("shura_max_length",),
    ("shura_ranks",),
    ("shura_accept",),
    ("shura_max_size_mb",),
    ("shura_min_count",),
    ("shura_max_count",),
    ("shura_default",),
    ("shura_prefill",),
    ("shura_report",),
    ("shura_report_column",),
}
_SETTINGS_USED = {
    ("id_string",),
    ("title",),
    ("version",),
    ("default_language",),
    ("clean_text_values",),
}
_SETTINGS_TEXTS = {("shura_title",), ("shura_description",), ("shura_short_title",)}
_MEDIA = "media"

_REFERENCE = re.compile(r"\$\{\s*([^{}\s]+)\s*\}")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})([ T]00:00(:00(\.0+)?)?)?$")
_TABLE_LIST_NAMES = ("generated_table_list_label_", "reserved_name_for_field_list_labels_")
_GENERATED_NOTE = "generated_note_name_"


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header as written, its letter and what pyxform reads it as."""

    header: str
    letter: str | None
    tokens: tuple[str, ...]


@dataclass
class Sheet:
    role: str
    title: str
    rows: list[dict]
    columns: list[Column]

    def column(self, tokens: tuple) -> Column | None:
        return next((c for c in self.columns if c.tokens == tokens), None)

    def value(self, index: int, tokens: tuple) -> str | None:
        for column in self.columns:
            if column.tokens == tokens:
                value = self.rows[index].get(column.header)
                if value not in (None, ""):
                    return str(value)
        return None

    def text_columns(self, key: tuple) -> list[Column]:
        size = len(key)
        return [
            c for c in self.columns if c.tokens[:size] == key and len(c.tokens) in (size, size + 1)
        ]

    def has_values(self, column: Column) -> bool:
        return any(row.get(column.header) not in (None, "") for row in self.rows)


@dataclass
class XlsformImport:
    """What reading an XLSForm gave: a definition, or the problems that refuse it."""

    file: str
    definition: QuestionnaireDefinition | None = None
    problems: list[SheetMessage] = field(default_factory=list)
    notices: list[SheetMessage] = field(default_factory=list)


def read_xlsform(
    path: Path, *, code: str | None = None, display_name: str | None = None
) -> XlsformImport:
    """Read an XLSForm file into a questionnaire definition, or say why it cannot be one."""
    return _Reader(Path(path), code, display_name or Path(path).name).run()


class _Refused(Exception):
    """Stop reading: what is left cannot be read sensibly."""


class _Reader:
    def __init__(self, path: Path, code: str | None, name: str):
        self.path = path
        self.explicit_code = code
        self.result = XlsformImport(name)
        self.sheets: dict[str, Sheet] = {}
        self.default_lang = "en"
        self.title: dict | None = None
        #: survey row indices by the name written in them (end rows excluded)
        self.rows_by_name: dict[str, list[int]] = defaultdict(list)
        self.depth: dict[int, int] = {}
        #: the begin row of the group or repeat each row is in (None at the top): a section
        #: and a question in it may share a name, as XLSForm allows
        self.parent_of: dict[int, int | None] = {}
        self.renames: dict[str, str] = {}
        #: names of metadata rows left out, and their rows
        self.dropped: dict[str, int] = {}
        self.lists: dict[str, list[dict]] = {}
        self.list_rows: dict[str, int] = {}
        self.list_columns: dict[str, set[str]] = {}
        #: which lists each kind of question uses
        self.used_lists: set[str] = set()
        self.yes_no_lists: set[str] = set()
        self.section_codes: set[str] = set()
        #: choice filters read, to check their column names against the choices sheet
        self._pending_filters: list = []

    # --- messages

    def _message(self, message, sheet=None, index=None, column=None) -> SheetMessage:
        sheet_obj = self.sheets.get(sheet) if isinstance(sheet, str) else sheet
        title = sheet_obj.title if sheet_obj else sheet
        row = index + 2 if index is not None else None
        if isinstance(column, tuple) and sheet_obj:
            column = sheet_obj.column(column) or next(iter(sheet_obj.text_columns(column)), None)
        if isinstance(column, Column):
            return SheetMessage(self.result.file, message, title, row, column.header, column.letter)
        return SheetMessage(self.result.file, message, title, row, column)

    def refuse(self, message, sheet=None, index=None, column=None) -> None:
        self.result.problems.append(self._message(message, sheet, index, column))

    def notice(self, message, sheet=None, index=None, column=None) -> None:
        self.result.notices.append(self._message(message, sheet, index, column))

    # --- the whole run

    def run(self) -> XlsformImport:
        try:
            tree = self._load()
            self._read_settings()
            self._scan_columns()
            self._read_choices()
            self._scan_survey()
            sections = self._sections(tree.get("children", []))
            data = self._assemble(sections)
            if not self.result.problems:
                self._validate(data)
        except _Refused:
            pass
        self.result.problems.sort(key=SheetMessage.sort_key)
        self.result.notices.sort(key=SheetMessage.sort_key)
        if self.result.problems:
            self.result.definition = None
        return self.result

    def _load(self) -> dict:
        if self.path.suffix.lower() not in (".xlsx", ".xls"):
            self.refuse(_("this is not an XLSForm workbook (a .xlsx or .xls file)"))
            raise _Refused
        layout = _header_layout(self.path)
        suffix = self.path.suffix.lower()
        container = _container(self.path)
        if container == "ole" and suffix == ".xlsx":
            # an encrypted .xlsx is stored like an old .xls: neither reader can open it
            self.refuse(
                _(
                    "this file is password-protected, or an old .xls named .xlsx; remove the "
                    "password (or save it as .xlsx) and import it again"
                )
            )
            raise _Refused
        if layout is None and suffix == ".xlsx":
            self.refuse(_("this file cannot be opened as a workbook; is it really a .xlsx file?"))
            raise _Refused
        if suffix == ".xls" and container is None:
            self.refuse(_("this file cannot be opened as a workbook; is it really a .xls file?"))
            raise _Refused
        letters, titles, duplicates = layout or ({}, {}, [])
        try:
            with quiet_openpyxl():
                workbook = get_xlsform(str(self.path))
        except PyXFormError as error:
            if duplicates:
                for sheet, header, first, second in duplicates:
                    self.result.problems.append(
                        SheetMessage(
                            self.result.file,
                            _(
                                "the header %(header)r is written twice (columns %(first)s "
                                "and %(second)s); pyxform refuses the file",
                                header=header,
                                first=first,
                                second=second,
                            ),
                            sheet,
                        )
                    )
            else:
                self.refuse(_("pyxform cannot read this file: %(error)s", error=str(error)))
            raise _Refused from None
        except Exception as error:  # pyxform's reader fails on some broken files in other ways
            self.refuse(_("pyxform cannot read this file: %(error)s", error=str(error)))
            raise _Refused from None
        for role in (SURVEY, CHOICES, SETTINGS):
            rows = getattr(workbook, role, None)
            header = getattr(workbook, f"{role}_header", None)
            if rows is None and not header:
                continue
            headers = list(header[0]) if header else []
            self.sheets[role] = Sheet(
                role,
                titles.get(role, role),
                list(rows or []),
                _columns(role, headers, letters.get(role, {})),
            )
        self._check_select_lists()
        try:
            with quiet_openpyxl():
                return workbook_to_json(
                    workbook_dict=copy.deepcopy(workbook),
                    form_name=None,
                    fallback_form_name=_xml_name(self.path.stem),
                    default_language="default",
                    warnings=[],
                )
        except PyXFormError as error:
            sheet, index, text = _pyxform_place(error)
            self.refuse(_("pyxform refuses this XLSForm: %(error)s", error=text), sheet, index)
        except Exception as error:  # a bug of pyxform on an odd file: still no traceback
            self.refuse(
                _(
                    "pyxform could not read this XLSForm (%(kind)s: %(error)s)",
                    kind=type(error).__name__,
                    error=str(error),
                )
            )
        raise _Refused

    def _check_select_lists(self) -> None:
        """Refuse, on its row, a select whose list the choices sheet does not have: pyxform
        says so without the row when the choices sheet is missing altogether."""
        survey, choices = self.sheets.get(SURVEY), self.sheets.get(CHOICES)
        if survey is None:
            return
        lists = set()
        if choices is not None:
            key = (pyxform_constants.LIST_NAME_S,)
            lists = {choices.value(i, key) for i in range(len(choices.rows))}
        for index in range(len(survey.rows)):
            select = RE_SELECT.match(self._raw_type(index))
            if select is None or select.group("select_command") in _EXTERNAL_SELECTS:
                continue
            list_name = select.group("list_name")
            if list_name in lists:
                continue
            if choices is None:
                message = _(
                    "this select uses the list %(list)r, but the workbook has no choices "
                    "sheet; add one with the columns list_name, name and label",
                    list=list_name,
                )
            else:
                message = _(
                    "the list %(list)r is not on the choices sheet; add its choices there "
                    "(list_name %(list)s) or correct the name",
                    list=list_name,
                )
            self.refuse(message, SURVEY, index, ("type",))
        if self.result.problems:
            raise _Refused

    # --- settings

    def _read_settings(self) -> None:
        sheet = self.sheets.get(SETTINGS)
        has_row = bool(sheet and sheet.rows)

        def value(tokens):
            return sheet.value(0, tokens) if has_row else None

        language = value(("default_language",))
        if language is not None:
            lang = language_of(language)
            if lang:
                self.default_lang = lang
            else:
                self.notice(
                    _(
                        "the default language %(language)r is not one of English, French and "
                        "Arabic: texts in columns without a language are read as English",
                        language=language,
                    ),
                    SETTINGS,
                    0,
                    ("default_language",),
                )
        self.version = value(("version",))
        self.title = self._texts(SETTINGS, 0, ("shura_title",)) if has_row else None
        self.description = self._texts(SETTINGS, 0, ("shura_description",)) if has_row else None
        self.short_title = self._texts(SETTINGS, 0, ("shura_short_title",)) if has_row else None
        form_title = value(("title",))
        form_id = value(("id_string",))
        if not self.title:
            shown = form_title or form_id or self.path.stem
            self.title = {self.default_lang: shown}
        self.code = self._form_code(form_id)
        if has_row:
            for column in sheet.columns:
                used = column.tokens in _SETTINGS_USED or column.tokens[:1] in {
                    t[:1] for t in _SETTINGS_TEXTS
                }
                if not used and sheet.rows[0].get(column.header) not in (None, ""):
                    self.notice(
                        _("this setting is not used by Shura; it is left out"),
                        SETTINGS,
                        0,
                        column,
                    )
                elif column.tokens[:1] in {t[:1] for t in _SETTINGS_TEXTS}:
                    self._check_language_column(sheet, column)

    def _form_code(self, form_id: str | None) -> str | None:
        if self.explicit_code is not None:
            if not is_code(self.explicit_code):
                self.refuse(
                    _(
                        "--code %(code)r is not a code: lowercase letters, digits and _, "
                        "starting with a letter",
                        code=self.explicit_code,
                    )
                )
                return None
            return self.explicit_code
        given = form_id or self.path.stem
        code = as_code(given)
        where = (SETTINGS, 0, ("id_string",)) if form_id else (None, None, None)
        if code is None:
            self.refuse(
                _(
                    "%(name)r cannot be made a questionnaire code (lowercase letters, digits "
                    "and _, starting with a letter); give one with --code",
                    name=given,
                ),
                *where,
            )
        elif code != given:
            self.notice(
                _(
                    "%(name)r is not a code; the questionnaire is called %(code)s",
                    name=given,
                    code=code,
                ),
                *where,
            )
        return code

    # --- columns

    def _scan_columns(self) -> None:
        """Notices for the columns Shura leaves out (once per column, when it holds values)."""
        survey = self.sheets.get(SURVEY)
        if survey is None:
            return
        for column in survey.columns:
            tokens = column.tokens
            if not survey.has_values(column):
                continue
            if tokens in _SURVEY_VALUES:
                continue
            if tokens[:1] == (_MEDIA,):
                self.notice(
                    _("Shura shows no images, sounds or videos; this column is left out"),
                    SURVEY,
                    None,
                    column,
                )
            elif any(tokens[: len(key)] == key for key in _SURVEY_TEXTS) and any(
                len(tokens) in (len(key), len(key) + 1) and tokens[: len(key)] == key
                for key in _SURVEY_TEXTS
            ):
                self._check_language_column(survey, column)
            elif tokens == ("guidance_hint",) or tokens[:1] == ("guidance_hint",):
                self.notice(
                    _("Shura has no guidance hints; this column is left out"), SURVEY, None, column
                )
            elif tokens[0].startswith("shura_"):
                self.refuse(_("this is not a column Shura knows"), SURVEY, None, column)
            else:
                self.notice(
                    _("this column is not used by Shura; it is left out"), SURVEY, None, column
                )

    def _check_language_column(self, sheet: Sheet, column: Column) -> None:
        for key in (*_SURVEY_TEXTS, *_SETTINGS_TEXTS):
            if column.tokens[: len(key)] == key and len(column.tokens) == len(key) + 1:
                language = column.tokens[-1]
                if language_of(language) is None and sheet.has_values(column):
                    self.notice(
                        _(
                            "%(language)r is not one of Shura's languages (English, French, "
                            "Arabic); this column is left out",
                            language=language,
                        ),
                        sheet.role,
                        None,
                        column,
                    )
                return

    def _texts(self, role: str, index: int, key: tuple) -> dict | None:
        """A text in Shura's languages from the columns of ``key`` (one per language)."""
        sheet = self.sheets.get(role)
        if sheet is None or index >= len(sheet.rows):
            return None
        row = sheet.rows[index]
        found: dict[str, tuple[Column, str]] = {}
        for column in sheet.text_columns(key):
            value = row.get(column.header)
            if value in (None, ""):
                continue
            value = str(value)
            if len(column.tokens) == len(key):
                lang = self.default_lang
            else:
                lang = language_of(column.tokens[-1])
            if lang is None:
                continue
            if lang in found and found[lang][1] != value:
                self.refuse(
                    _(
                        "two columns give the %(language)s text (%(first)s and %(second)s), "
                        "and they differ",
                        language=ENGLISH_NAMES[lang],
                        first=found[lang][0].header,
                        second=column.header,
                    ),
                    role,
                    index,
                    column,
                )
                continue
            found.setdefault(lang, (column, value))
        if not found:
            return None
        return {lang: found[lang][1] for lang in LANGUAGES if lang in found}

    # --- choices

    def _read_choices(self) -> None:
        sheet = self.sheets.get(CHOICES)
        if sheet is None:
            return
        standard = {(pyxform_constants.LIST_NAME_S,), ("name",)}
        properties = []
        for column in sheet.columns:
            tokens = column.tokens
            if tokens in standard:
                continue
            if tokens[:1] == ("label",) and len(tokens) <= 2:
                if len(tokens) == 2:
                    self._check_language_column(sheet, column)
                continue
            if tokens[:1] == (_MEDIA,):
                if sheet.has_values(column):
                    self.notice(
                        _("Shura shows no images, sounds or videos; this column is left out"),
                        CHOICES,
                        None,
                        column,
                    )
                continue
            properties.append(column)
        seen: dict[tuple[str, str], int] = {}
        for index, row in enumerate(sheet.rows):
            if not row:
                continue
            list_name = sheet.value(index, (pyxform_constants.LIST_NAME_S,))
            value = sheet.value(index, ("name",))
            if list_name is None:
                continue  # pyxform leaves rows without a list name out too
            choices = self.lists.setdefault(list_name, [])
            self.list_rows.setdefault(list_name, index)
            columns = self.list_columns.setdefault(list_name, set())
            if value is None:
                self.refuse(_("a choice needs a name"), CHOICES, index, ("name",))
                continue
            label = self._texts(CHOICES, index, ("label",))
            self._check_label_references(index, label, role=CHOICES)
            choice: dict = {"value": value, "label": label, "__row": (CHOICES, index)}
            found = {
                column.header: str(row[column.header])
                for column in properties
                if row.get(column.header) not in (None, "")
            }
            columns.update(found)
            if found:
                choice["properties"] = found
            choices.append(choice)
            if (list_name, value) in seen:
                self.refuse(
                    _(
                        "the choice %(value)r is already in the list %(list)r (row %(row)s): "
                        "Shura needs each value once in a list",
                        value=value,
                        list=list_name,
                        row=seen[(list_name, value)] + 2,
                    ),
                    CHOICES,
                    index,
                    ("name",),
                )
            seen.setdefault((list_name, value), index)
            if not re.fullmatch(r"[A-Za-z0-9_.\-]{1,64}", value):
                self.refuse(
                    _(
                        "the choice name %(value)r is not a Shura code (letters, digits, "
                        "_ . and -, at most 64)",
                        value=value,
                    ),
                    CHOICES,
                    index,
                    ("name",),
                )
            if label is None:
                # XLSForm lets a choice go without a label (its name is shown); so does Shura
                choice["label"] = {self.default_lang: value}
                self.notice(
                    _(
                        "the choice %(value)r has no label in English, French or Arabic; its "
                        "name is shown",
                        value=value,
                    ),
                    CHOICES,
                    index,
                    ("label",),
                )

    # --- survey rows: names, renames, metadata

    def _raw_type(self, index: int) -> str:
        sheet = self.sheets[SURVEY]
        return " ".join((sheet.value(index, ("type",)) or "").split())

    def _scan_survey(self) -> None:
        sheet = self.sheets.get(SURVEY)
        if sheet is None:
            self.refuse(_("there is no survey sheet"))
            raise _Refused
        stack: list[int] = []
        items: dict[str, list[int]] = defaultdict(list)
        sections: dict[str, list[int]] = defaultdict(list)
        for index, _row in enumerate(sheet.rows):
            kind = self._raw_type(index)
            if not kind:
                continue
            if RE_END_CONTROL.search(kind):
                if stack:
                    stack.pop()
                continue
            name = sheet.value(index, ("name",))
            depth = len(stack)
            self.depth[index] = depth
            self.parent_of[index] = stack[-1] if stack else None
            begin = RE_BEGIN_CONTROL.search(kind)
            preload = QUESTION_TYPE_DICT.get(kind, {}).get("bind", {}).get("jr:preload")
            if name is not None:
                self.rows_by_name[name].append(index)
            if preload in ("timestamp", "date") and not begin:
                self.notice(
                    _(
                        "%(type)r is metadata of a form filled on a device; Shura keeps its own "
                        "dates, so this row is left out",
                        type=kind,
                    ),
                    SURVEY,
                    index,
                    ("type",),
                )
                if name is not None:
                    self.dropped[name] = index
                continue
            if kind == "audit":
                self._refuse_type(index, kind)
                continue
            if name is None:
                continue
            if begin and depth == 0 and "group" in kind:
                sections[name].append(index)
            else:
                items[name].append(index)
            if begin:
                stack.append(index)
        self._check_names(items, reserved=True)
        self._check_names(sections, reserved=False)
        self.section_codes = {self.renames.get(n, n) for n in sections}

    def _check_names(self, names: dict[str, list[int]], reserved: bool) -> None:
        taken = set(names)
        for name, indices in names.items():
            for index in indices[1:]:
                self.refuse(
                    _(
                        "the name %(name)r is also used on row %(row)s: Shura needs every code "
                        "once in the file",
                        name=name,
                        row=indices[0] + 2,
                    ),
                    SURVEY,
                    index,
                    ("name",),
                )
            index = indices[0]
            code = name
            if not is_code(name):
                code = as_code(name)
                if code is None:
                    self.refuse(
                        _(
                            "the name %(name)r cannot be made a Shura code (lowercase letters, "
                            "digits and _, starting with a letter)",
                            name=name,
                        ),
                        SURVEY,
                        index,
                        ("name",),
                    )
                    continue
                if code in taken:
                    other = names.get(code, [None])[0]
                    self.refuse(
                        _(
                            "the name %(name)r would become %(code)r, which is already used "
                            "(row %(row)s)",
                            name=name,
                            code=code,
                            row=(other + 2) if other is not None else "?",
                        ),
                        SURVEY,
                        index,
                        ("name",),
                    )
                    continue
                taken.add(code)
                self.renames[name] = code
                self.notice(
                    _(
                        "the name %(name)r is not a Shura code; it is renamed %(code)s "
                        "(and ${%(name)s} in expressions with it)",
                        name=name,
                        code=code,
                    ),
                    SURVEY,
                    index,
                    ("name",),
                )
            if reserved and code in RESERVED_CODES:
                self.refuse(
                    _("%(code)r is a name Shura's web form uses for itself; rename it", code=code),
                    SURVEY,
                    index,
                    ("name",),
                )

    def _code(self, name: str) -> str:
        return self.renames.get(name, name)

    # --- walking pyxform's tree

    def _own(self, children: list, parent: int | None) -> list[tuple[dict, int]]:
        """The children written in the survey sheet (inside the group or repeat begun on row
        ``parent``), with their rows; what pyxform added (the meta group, "specify other"
        texts, table-list headers, count nodes) is skipped."""
        found = []
        for position, element in enumerate(children):
            name = str(element.get("name", ""))
            rows = [i for i in self.rows_by_name.get(name, []) if self.parent_of.get(i) == parent]
            if rows:
                index = rows[0]
                if index in self.depth and name not in self.dropped:
                    found.append((element, index))
                continue
            if self._generated(element, children, position):
                continue
            if name.startswith(_GENERATED_NOTE) and name[len(_GENERATED_NOTE) :].isdigit():
                found.append((element, int(name[len(_GENERATED_NOTE) :]) - 2))
                continue
            if name in self.dropped:
                continue
            self.refuse(
                _(
                    "pyxform read an element %(name)r that is in no row; Shura cannot place it",
                    name=name,
                )
            )
        return found

    def _generated(self, element: dict, children: list, position: int) -> bool:
        name = str(element.get("name", ""))
        kind = element.get("type")
        if name == "meta" and kind == "group" and element.get("control", {}).get("bodyless"):
            return True
        if name in ("instanceID", "instanceName") and kind == "calculate":
            return True
        if name.startswith(_TABLE_LIST_NAMES):
            return True
        if name.endswith("_other") and kind == "text" and position > 0:
            previous = children[position - 1]
            if previous.get("name") == name[: -len("_other")]:
                return True
        if name.endswith("_count") and kind == "calculate" and position + 1 < len(children):
            following = children[position + 1]
            if (
                following.get("type") == "repeat"
                and following.get("control", {}).get("jr:count") == f"${{{name}}}"
            ):
                return True
        return False

    def _sections(self, children: list) -> list[dict]:
        sections: list[dict] = []
        run: list[dict] = []

        def flush():
            if not run:
                return
            code, number = "main", 1
            while code in self.section_codes:
                number += 1
                code = f"main_{number}"
            self.section_codes.add(code)
            sections.append({"code": code, "title": self.title, "items": list(run)})
            run.clear()

        for element, index in self._own(children, None):
            if element.get("type") == "group" and not self._is_matrix(element, index):
                flush()
                sections.append(self._section(element, index))
            else:
                item = self._item(element, index)
                if item is not None:
                    run.append(item)
        flush()
        if not sections and not self.result.problems:
            self.refuse(_("the survey sheet has no question Shura can ask"), SURVEY)
        return sections

    def _section(self, element: dict, index: int) -> dict:
        name = str(element["name"])
        section: dict = {"code": self._code(name), "__row": (SURVEY, index)}
        section["title"] = self._texts(SURVEY, index, ("label",)) or {self.default_lang: name}
        description = self._texts(SURVEY, index, ("hint",))
        if description:
            section["description"] = description
        relevant = self._expression(element, index, "relevant")
        if relevant:
            section["relevant"] = relevant
        appearance = self.sheets[SURVEY].value(index, ("control", "appearance"))
        if appearance:
            self.notice(
                _(
                    "Shura shows a section its own way; the appearance %(appearance)r is left out",
                    appearance=appearance,
                ),
                SURVEY,
                index,
                ("control", "appearance"),
            )
        self._refuse_keys(index, "section", {"relevant"})
        section["items"] = self._items(element, index)
        self._check_not_empty(section, index)
        return section

    def _items(self, element: dict, parent: int) -> list[dict]:
        items = []
        for child, index in self._own(element.get("children", []), parent):
            item = self._item(child, index)
            if item is not None:
                items.append(item)
        return items

    def _check_not_empty(self, holder: dict, index: int) -> None:
        if not holder["items"]:
            message = (
                _("this repeat holds no question Shura can keep")
                if holder.get("type") == "repeat"
                else _("this group holds no question Shura can keep")
            )
            self.refuse(message, SURVEY, index, ("type",))

    # --- one item

    def _shura_type(self, index: int) -> str | None:
        return self.sheets[SURVEY].value(index, (SHURA_TYPE,))

    def _item(self, element: dict, index: int) -> dict | None:
        kind = element.get("type")
        raw = self._raw_type(index)
        if kind == "group":
            if self._is_matrix(element, index):
                return self._matrix(element, index)
            return self._group(element, index)
        if kind == "repeat":
            return self._repeat(element, index)
        if kind == "loop":
            self._refuse_type(index, raw, REFUSED_TYPES["loop"])
            return None
        select = RE_SELECT.match(raw)
        if select:
            command = select.group("select_command")
            if command in _EXTERNAL_SELECTS:
                self._refuse_type(index, command, _EXTERNAL)
                return None
            base = {
                pyxform_constants.SELECT_ONE: "select_one",
                pyxform_constants.SELECT_ALL_THAT_APPLY: "select_multiple",
                pyxform_constants.RANK: "ranking",
            }.get(aliases.select[command])
            if base is None:
                self._refuse_type(index, command)
                return None
        else:
            base = XLSFORM_TYPES.get(kind)
            if base is None:
                self._refuse_type(index, raw or str(kind), REFUSED_TYPES.get(str(kind)))
                return None
        return self._question(element, index, base, select)

    def _refuse_type(self, index: int, kind: str, reason=None) -> None:
        preload = QUESTION_TYPE_DICT.get(kind, {}).get("bind", {}).get("jr:preload")
        if reason is None:
            reason = REFUSED_TYPES.get(kind) or (
                _DEVICE if preload == "property" else _("Shura does not know this question type")
            )
        self.refuse(
            _("%(type)r is not supported: %(reason)s", type=kind, reason=reason),
            SURVEY,
            index,
            ("type",),
        )

    def _final_type(self, index: int, base: str) -> str | None:
        given = self._shura_type(index)
        if given is None:
            return None
        allowed = SHURA_TYPES_FOR.get(base, {base})
        if given not in ITEM_TYPES or given not in allowed:
            self.refuse(
                _(
                    "shura_type %(given)r does not fit this row's XLSForm type (it can be: "
                    "%(allowed)s)",
                    given=given,
                    allowed=", ".join(sorted(allowed)),
                ),
                SURVEY,
                index,
                (SHURA_TYPE,),
            )
            return None
        return given

    def _question(self, element: dict, index: int, base: str, select) -> dict | None:
        sheet = self.sheets[SURVEY]
        name = str(element["name"])
        appearance = sheet.value(index, ("control", "appearance"))
        words = appearance.split() if appearance else []
        chosen = self._final_type(index, base)
        if self._shura_type(index) is not None and chosen is None:
            return None
        if base == "text":
            kind = chosen or ("long_text" if "multiline" in words else "text")
            if kind == "long_text":
                words = [w for w in words if w != "multiline"]
        elif base == "range":
            kind = "rating"
        elif base == "image":
            kind = "file"
        else:
            kind = chosen or base
        item = self._labelled(name, index, kind)
        fields = ITEM_TYPES[kind].model.model_fields
        used = self._logic(element, index, item, fields)
        if select is not None:
            list_name = select.group("list_name")
            other = bool(select.group("specify_other")) or _yes(
                sheet.value(index, ("shura_other",))
            )
            if kind == "yes_no":
                self._yes_no_list(index, list_name)
                if other:
                    item["other"] = True  # refused below: a yes_no has no other choice
            else:
                item["choices"] = list_name
                self.used_lists.add(list_name)
                if other:
                    item["other"] = True
            used.add("choices")
        self._appearance(index, item, kind, words, fields)
        self._own_keys(element, index, item, kind)
        self._parameters(element, index, kind)
        self._refuse_keys(index, kind, used | set(item), fields)
        return item

    def _yes_no_list(self, index: int, list_name: str) -> None:
        values = [c["value"] for c in self.lists.get(list_name, [])]
        if sorted(values) != ["no", "yes"]:
            self.refuse(
                _(
                    "shura_type yes_no needs a list of the two choices yes and no; %(list)r "
                    "has: %(values)s",
                    list=list_name,
                    values=", ".join(values) or "-",
                ),
                SURVEY,
                index,
                (SHURA_TYPE,),
            )
        self.yes_no_lists.add(list_name)

    def _check_label_references(self, index: int, *texts, role: str = SURVEY) -> None:
        """Refuse texts that put answers into them (``${name}``): Shura shows them as written."""
        sheet = self.sheets[role]
        for text in texts:
            for value in (text or {}).values():
                match = _REFERENCE.search(value)
                if not match:
                    continue
                column = next(
                    (c for c in sheet.columns if sheet.rows[index].get(c.header) == value), None
                )
                self.refuse(
                    _(
                        "%(reference)s in a text: Shura shows texts as written and does "
                        "not put answers into them",
                        reference=match.group(0),
                    ),
                    role,
                    index,
                    column,
                )
                return

    def _logic(self, element: dict, index: int, item: dict, fields) -> set[str]:
        """relevant, required and its message, constraint and its message, calculation,
        choice filter and default: the keys of ``item`` they give."""
        used = set()
        for key in ("relevant", "constraint", "calculation", "choice_filter"):
            source = self._expression(element, index, key, item=item)
            if source is not None:
                item[key] = source
                used.add(key)
        used |= self._required_and_messages(element, index, item)
        default = self.sheets[SURVEY].value(index, ("default",))
        literal = self.sheets[SURVEY].value(index, ("shura_default",))
        if literal is not None and default is None and "default" in fields:
            # a fixed text XLSForm would read as an expression ("+212 5 37..."): never one
            used.add("default")
            value = self._default(index, item["type"], literal)
            if value is not None:
                item["default"] = value
        elif default is not None:
            used.add("default")
            if element.get("_dynamic_default"):
                self.refuse(
                    _(
                        "the default %(default)r is an expression; Shura's defaults are fixed "
                        "values",
                        default=default,
                    ),
                    SURVEY,
                    index,
                    ("default",),
                )
            elif "default" in fields and item["type"] != "matrix":
                value = self._default(index, item["type"], default)
                if value is not None:
                    item["default"] = value
        return used

    def _default(self, index: int, kind: str, text: str):
        if kind in ("integer", "rating"):
            if _INTEGER.match(text):
                return int(text)
        elif kind == "decimal":
            if _INTEGER.match(text):
                return int(text)
            if _NUMBER.match(text):
                return float(text)
        elif kind in ("select_multiple", "ranking"):
            return text.split()
        elif kind == "date":
            match = _DATE_TIME.match(text)
            return match.group(1) if match else text
        elif kind == "file":
            pass
        else:
            return text
        self.refuse(
            _(
                "the default %(default)r is not a possible answer of a %(type)s",
                default=text,
                type=kind,
            ),
            SURVEY,
            index,
            ("default",),
        )
        return None

    def _expression(self, element: dict, index: int, key: str, item=None) -> str | None:
        if key == "choice_filter":
            source = element.get("choice_filter")
        else:
            bind_key = {"calculation": "calculate"}.get(key, key)
            source = element.get("bind", {}).get(bind_key)
        if source in (None, ""):
            return None
        return self._check_expression(str(source), index, key, item)

    def _check_expression(self, source: str, index: int, key: str, item=None) -> str | None:
        source = _REFERENCE.sub(
            lambda m: (
                "${" + self.renames[m.group(1)] + "}" if m.group(1) in self.renames else m.group(0)
            ),
            source,
        )
        column = _ITEM_KEY_COLUMNS[key]
        try:
            expression = parse(source, allow_columns=key == "choice_filter")
        except ExpressionError as error:
            self.refuse(
                _("Shura cannot read %(source)r: %(error)s", source=source, error=str(error)),
                SURVEY,
                index,
                column,
            )
            return None
        for name in expression.references:
            if name in self.dropped:
                self.refuse(
                    _(
                        "${%(name)s} is the metadata of row %(row)s, which Shura leaves out",
                        name=name,
                        row=self.dropped[name] + 2,
                    ),
                    SURVEY,
                    index,
                    column,
                )
                return None
        if key == "choice_filter" and item is not None:
            self._pending_filters.append((index, expression))
        return source

    def _appearance(self, index: int, item: dict, kind: str, words: list[str], fields) -> None:
        column = ("control", "appearance")
        given = self.sheets[SURVEY].value(index, ("shura_appearance",))
        left = []
        mapped = None
        for word in words:
            if word.startswith("ex:"):
                self.refuse(
                    _(
                        "the appearance %(appearance)r has another app give the answer; Shura "
                        "cannot",
                        appearance=word,
                    ),
                    SURVEY,
                    index,
                    column,
                )
                return
            if word.startswith("search(") or word.startswith("search "):
                self.refuse(
                    _("the appearance %(appearance)r reads choices from a file", appearance=word),
                    SURVEY,
                    index,
                    column,
                )
                return
            if kind in ("select_one", "yes_no"):
                if word in ("minimal", "autocomplete", "search"):
                    mapped = mapped or "dropdown"
                    continue
                if word in ("likert", "horizontal", "horizontal-compact"):
                    mapped = mapped or "horizontal"
                    continue
            if word in ("list-nolabel", "label") and kind in ("select_one", "select_multiple"):
                left.append(word)
                continue
            left.append(word)
        if given is not None:
            if "appearance" not in fields:
                self.refuse(
                    _("a %(type)s has no appearance", type=kind),
                    SURVEY,
                    index,
                    ("shura_appearance",),
                )
                return
            mapped = given
        if mapped and mapped != "radio":
            item["appearance"] = mapped
        elif given == "radio":
            pass
        if left:
            self.notice(
                _(
                    "Shura shows a %(type)s its own way; the appearance %(appearance)r is left out",
                    type=kind,
                    appearance=" ".join(left),
                ),
                SURVEY,
                index,
                column,
            )

    def _own_keys(self, element: dict, index: int, item: dict, kind: str) -> None:
        """The keys of a type that XLSForm has no column for (shura_* columns), and the
        rating's scale from a range's parameters."""
        sheet = self.sheets[SURVEY]
        fields = ITEM_TYPES[kind].model.model_fields

        def number(tokens, key, whole=True):
            text = sheet.value(index, tokens)
            if text is None:
                return
            if key not in fields:
                self.refuse(
                    _("a %(type)s has no %(key)s", type=kind, key=key), SURVEY, index, tokens
                )
                return
            if _INTEGER.match(text):
                item[key] = int(text)
            elif not whole and _NUMBER.match(text):
                item[key] = float(text)
            else:
                self.refuse(_("%(value)r is not a number", value=text), SURVEY, index, tokens)

        number(("shura_max_length",), "max_length")
        number(("shura_ranks",), "ranks")
        number(("shura_max_size_mb",), "max_size_mb", whole=False)
        if kind in ("integer", "decimal"):
            number(("shura_min",), "min", whole=False)
            number(("shura_max",), "max", whole=False)
        elif sheet.value(index, ("shura_min",)) or sheet.value(index, ("shura_max",)):
            tokens = ("shura_min",) if sheet.value(index, ("shura_min",)) else ("shura_max",)
            self.refuse(_("a %(type)s has no min or max here", type=kind), SURVEY, index, tokens)
        accept = sheet.value(index, ("shura_accept",))
        if accept is not None:
            if kind != "file":
                self.refuse(
                    _("a %(type)s has no accept", type=kind), SURVEY, index, ("shura_accept",)
                )
            else:
                item["accept"] = accept.replace(",", " ").split()
        elif self._raw_xlsform_kind(element) == "image":
            item["accept"] = list(IMAGE_KINDS)
        for key in ("min_label", "max_label"):
            text = self._texts(SURVEY, index, (f"shura_{key}",))
            if text:
                if key not in fields:
                    self.refuse(
                        _("a %(type)s has no %(key)s", type=kind, key=key),
                        SURVEY,
                        index,
                        (f"shura_{key}",),
                    )
                else:
                    item[key] = text
        if kind == "rating":
            self._rating(element, index, item)

    def _raw_xlsform_kind(self, element: dict) -> str | None:
        return XLSFORM_TYPES.get(element.get("type"))

    def _rating(self, element: dict, index: int, item: dict) -> None:
        parameters = element.get("parameters") or {}
        values = {}
        for key in ("start", "end", "step"):
            text = str(parameters.get(key, "")).strip()
            values[key] = int(text) if _INTEGER.match(text) else None
        if values["step"] != 1 or values["start"] is None or values["end"] is None:
            self.refuse(
                _(
                    "a range is a Shura rating only with whole start and end and step 1 (here "
                    "start=%(start)s end=%(end)s step=%(step)s)",
                    start=parameters.get("start"),
                    end=parameters.get("end"),
                    step=parameters.get("step"),
                ),
                SURVEY,
                index,
                ("parameters",),
            )
            return
        low, high = values["start"], values["end"]
        if not (0 <= low <= 10 and low < high <= low + 10):
            self.refuse(
                _(
                    "a rating goes from 0-10 up to at most 10 points more (here %(start)s to "
                    "%(end)s)",
                    start=low,
                    end=high,
                ),
                SURVEY,
                index,
                ("parameters",),
            )
            return
        item["min"], item["max"] = low, high

    def _parameters(self, element: dict, index: int, kind: str) -> None:
        text = self.sheets[SURVEY].value(index, ("parameters",))
        if not text:
            return
        if kind == "rating":
            parameters = element.get("parameters") or {}
            extra = sorted(set(parameters) - {"start", "end", "step"})
            if not extra:
                return
            text = ", ".join(extra)
        self.notice(
            _(
                "Shura does not use the parameters %(parameters)r; they are left out",
                parameters=text,
            ),
            SURVEY,
            index,
            ("parameters",),
        )

    def _refuse_keys(self, index: int, kind: str, used: set[str], fields=None) -> None:
        """Columns this row fills that its Shura type cannot take."""
        sheet = self.sheets[SURVEY]
        logic = ("relevant", "required", "required_message", "constraint")
        logic += ("constraint_message", "calculation", "choice_filter", "default")
        names = {key: _ITEM_KEY_COLUMNS[key] for key in logic}
        for key, tokens in names.items():
            present = (
                sheet.value(index, tokens) is not None
                if key not in ("required_message", "constraint_message")
                else self._texts(SURVEY, index, tokens) is not None
            )
            if not present:
                continue
            if key == "required" and _yes_no_word(sheet.value(index, tokens)) is False:
                continue
            allowed = key in used if fields is None else key in fields
            if not allowed:
                if key == "calculation":
                    message = _(
                        "Shura computes values only in calculate rows, not in a %(type)s", type=kind
                    )
                else:
                    message = _("a %(type)s cannot have %(key)s", type=kind, key=key)
                self.refuse(message, SURVEY, index, tokens)
        readonly = sheet.value(index, ("bind", "readonly"))
        if readonly and _yes_no_word(readonly) is not False and kind not in ("calculate", "note"):
            self.refuse(
                _("Shura has no read-only questions (a calculate with a label shows a value)"),
                SURVEY,
                index,
                ("bind", "readonly"),
            )
        for tokens, reason in (
            (("trigger",), _("Shura does not set answers when another one changes")),
            (("intent",), _("Shura cannot have another app give the answers")),
            (("bind", "entities:saveto"), _("Shura keeps no entities")),
        ):
            if sheet.value(index, tokens) is not None:
                self.refuse(reason, SURVEY, index, tokens)

    # --- groups, matrices, repeats

    def _children_rows(self, element: dict, parent: int) -> list[tuple[dict, int]]:
        return self._own(element.get("children", []), parent)

    def _is_matrix(self, element: dict, index: int) -> bool:
        given = self._shura_type(index)
        if given is not None:
            return given == "matrix"
        sheet = self.sheets[SURVEY]
        appearance = (sheet.value(index, ("control", "appearance")) or "").split()
        if "table-list" not in appearance:
            return False
        children = self._children_rows_quiet(element, index)
        if not children:
            return False
        lists = set()
        logic = set()
        for _child, child_index in children:
            select = self._matrix_row_select(child_index)
            if select is None:
                return False
            lists.add(select.group("list_name"))
            for tokens in (
                ("bind", "relevant"),
                ("bind", "constraint"),
                ("bind", "calculate"),
                ("choice_filter",),
                ("default",),
                ("hint",),
                (SHURA_TYPE,),
                ("shura_other",),
                ("shura_appearance",),
            ):
                if sheet.value(child_index, tokens) is not None or (
                    tokens == ("hint",) and self._texts_quiet(child_index, ("hint",))
                ):
                    return False
            child_appearance = sheet.value(child_index, ("control", "appearance"))
            if child_appearance not in (None, "label", "list-nolabel"):
                return False
            logic.add(
                (
                    sheet.value(child_index, ("bind", "required")),
                    repr(self._texts_quiet(child_index, ("bind", "jr:requiredMsg"))),
                )
            )
        return len(lists) == 1 and len(logic) == 1

    def _matrix_row_select(self, index: int):
        """The select of a row that can be a matrix row (a plain select_one of a list in the
        workbook, without "other"), or None."""
        select = RE_SELECT.match(self._raw_type(index))
        if (
            select is None
            or aliases.select.get(select.group("select_command")) != pyxform_constants.SELECT_ONE
            or select.group("select_command") in _EXTERNAL_SELECTS
            or select.group("specify_other")
        ):
            return None
        return select

    def _children_rows_quiet(self, element: dict, parent: int) -> list[tuple[dict, int]]:
        problems = len(self.result.problems)
        children = self._own(element.get("children", []), parent)
        del self.result.problems[problems:]
        return children

    def _texts_quiet(self, index: int, key: tuple) -> dict | None:
        problems = len(self.result.problems)
        text = self._texts(SURVEY, index, key)
        del self.result.problems[problems:]
        return text

    def _labelled(self, name: str, index: int, kind: str) -> dict:
        """An item of the row: its code, type, label and hint (which may not show answers)."""
        item: dict = {"code": self._code(name), "type": kind, "__row": (SURVEY, index)}
        label = self._texts(SURVEY, index, ("label",))
        if label:
            item["label"] = label
        hint = self._texts(SURVEY, index, ("hint",))
        if hint:
            item["hint"] = hint
        prefill = self.sheets[SURVEY].value(index, ("shura_prefill",))
        if prefill:
            item["prefill"] = prefill.strip()
        for key in ("report", "report_column"):
            value = self.sheets[SURVEY].value(index, (f"shura_{key}",))
            if value:
                item[key] = value.strip()
        self._check_label_references(index, label, hint)
        return item

    def _group_head(self, element: dict, index: int, kind: str) -> dict:
        item = self._labelled(str(element["name"]), index, kind)
        relevant = self._expression(element, index, "relevant")
        if relevant:
            item["relevant"] = relevant
        return item

    def _group(self, element: dict, index: int) -> dict:
        if self._shura_type(index) not in (None, "group"):
            self._final_type(index, "group")
        item = self._group_head(element, index, "group")
        appearance = self.sheets[SURVEY].value(index, ("control", "appearance"))
        if appearance:
            item["appearance"] = appearance
        self._refuse_keys(index, "group", {"relevant"})
        item["items"] = self._items(element, index)
        self._check_not_empty(item, index)
        return item

    def _matrix(self, element: dict, index: int) -> dict:
        item = self._group_head(element, index, "matrix")
        self._refuse_keys(index, "matrix", {"relevant"})
        rows = []
        lists = []
        first = None
        for child, child_index in self._children_rows(element, index):
            select = self._matrix_row_select(child_index)
            if select is None:
                self.refuse(
                    _("every row of a matrix is a select_one of the matrix's list"),
                    SURVEY,
                    child_index,
                    ("type",),
                )
                continue
            lists.append((select.group("list_name"), child_index))
            label = self._texts(SURVEY, child_index, ("label",))
            self._check_label_references(child_index, label)
            rows.append(
                {
                    "code": self._code(str(child["name"])),
                    "label": label,
                    "__row": (SURVEY, child_index),
                }
            )
            rules = self._row_rules(child_index)
            if first is None:
                first = (rules, child_index)
                self._matrix_logic(child, child_index, item)
            elif rules != first[0]:
                # one matrix has one rule for all its rows: keeping the first row's would
                # silently change what the others ask
                self.refuse(
                    _(
                        "the rows of a matrix share required, constraint and their messages; "
                        "this row's differ from row %(row)s",
                        row=first[1] + 2,
                    ),
                    SURVEY,
                    child_index,
                    ("bind", "required"),
                )
            if self._texts(SURVEY, child_index, ("hint",)):
                self.notice(
                    _("a matrix shows no hint per row; this row's hint is left out"),
                    SURVEY,
                    child_index,
                    ("hint",),
                )
            self._refuse_keys(
                child_index,
                "matrix row",
                {"required", "required_message", "constraint", "constraint_message"},
            )
        if lists:
            item["choices"] = lists[0][0]
            self.used_lists.add(lists[0][0])
            for list_name, child_index in lists[1:]:
                if list_name != lists[0][0]:
                    self.refuse(
                        _(
                            "every row of a matrix uses the same list (%(list)r)",
                            list=lists[0][0],
                        ),
                        SURVEY,
                        child_index,
                        ("type",),
                    )
        item["rows"] = rows
        if not rows:
            self.refuse(_("a matrix needs rows"), SURVEY, index, ("type",))
        return item

    def _row_rules(self, index: int) -> tuple:
        """What a matrix row says of required and constraint, to compare rows (no and an
        empty cell are the same)."""
        sheet = self.sheets[SURVEY]
        required = sheet.value(index, ("bind", "required"))
        word = _yes_no_word(required) if required else False
        return (
            required if word is None else word,
            sheet.value(index, ("bind", "constraint")),
            repr(self._texts(SURVEY, index, ("bind", "jr:requiredMsg"))),
            repr(self._texts(SURVEY, index, ("bind", "jr:constraintMsg"))),
        )

    def _matrix_logic(self, child: dict, index: int, item: dict) -> None:
        """A matrix's required and constraint (and their messages), as its first row says."""
        source = self._expression(child, index, "constraint")
        if source is not None:
            item["constraint"] = source
        self._required_and_messages(child, index, item)

    def _required_and_messages(self, element: dict, index: int, item: dict) -> set[str]:
        """required (yes, no or an expression) and the required and constraint messages of a
        row: the keys of ``item`` they give."""
        used = set()
        required = element.get("bind", {}).get("required")
        if required not in (None, ""):
            word = _yes_no_word(str(required))
            if word is True:
                item["required"] = True
            elif word is None:
                source = self._check_expression(str(required), index, "required")
                if source is not None:
                    item["required"] = source
            used.add("required")
        for key, tokens in (
            ("required_message", ("bind", "jr:requiredMsg")),
            ("constraint_message", ("bind", "jr:constraintMsg")),
        ):
            text = self._texts(SURVEY, index, tokens)
            if text:
                item[key] = text
                used.add(key)
        return used

    def _repeat(self, element: dict, index: int) -> dict:
        if self._shura_type(index) not in (None, "repeat"):
            self._final_type(index, "repeat")
        item = self._group_head(element, index, "repeat")
        if "label" not in item:
            item["label"] = {self.default_lang: str(element["name"])}
        sheet = self.sheets[SURVEY]
        count = sheet.value(index, ("control", "jr:count"))
        if count is not None:
            count = " ".join(count.split()) if count.strip().isdigit() else count.strip()
            if count.isdigit():
                item["repeat_count"] = count
                if int(count) > 100:
                    self.refuse(
                        _("Shura repeats at most 100 items"), SURVEY, index, ("control", "jr:count")
                    )
                elif int(count) > 20 and sheet.value(index, ("shura_max_count",)) is None:
                    item["max_count"] = int(count)
            else:
                source = self._check_expression(count, index, "repeat_count")
                if source is not None:
                    item["repeat_count"] = source
        for key in ("min_count", "max_count"):
            text = sheet.value(index, (f"shura_{key}",))
            if text is not None:
                if _INTEGER.match(text):
                    item[key] = int(text)
                else:
                    self.refuse(
                        _("%(value)r is not a number", value=text), SURVEY, index, (f"shura_{key}",)
                    )
        self._refuse_keys(index, "repeat", {"relevant"})
        item["items"] = self._items(element, index)
        self._check_not_empty(item, index)
        return item

    # --- the definition

    def _assemble(self, sections: list[dict]) -> dict:
        data: dict = {"code": self.code, "title": self.title}
        if self.description:
            data["description"] = self.description
        if self.short_title:
            data["short_title"] = self.short_title
        if self.version is not None:
            data["version"] = self.version
        lists = {}
        for name, choices in self.lists.items():
            if name in self.yes_no_lists and name not in self.used_lists:
                continue
            lists[name] = choices
        if lists:
            data["choice_lists"] = lists
        data["sections"] = sections
        self._check_filters(data)
        return data

    def _check_filters(self, data: dict) -> None:
        """A choice filter's bare names are columns of the choices sheet: say so when one is
        no column of its list (it reads as empty text, as in XLSForm)."""
        for index, expression in self._pending_filters:
            names = set()
            _column_names(expression.tree, names)
            list_name = self._list_of_row(index)
            columns = self.list_columns.get(list_name, set()) | {"name"}
            for name in sorted(names - columns):
                self.notice(
                    _(
                        "the choice filter reads the column %(name)r, which the choices of "
                        "%(list)r do not have: it is empty text there (as in XLSForm)",
                        name=name,
                        list=list_name,
                    ),
                    SURVEY,
                    index,
                    ("choice_filter",),
                )

    def _list_of_row(self, index: int) -> str | None:
        select = RE_SELECT.match(self._raw_type(index))
        return select.group("list_name") if select else None

    def _validate(self, data: dict) -> None:
        locations: dict[tuple, tuple[str, int]] = {}
        clean = _strip_rows(data, (), locations)
        try:
            definition = QuestionnaireDefinition.model_validate(clean)
        except ValidationError as error:
            for err in error.errors():
                path = _data_path(clean, err["loc"])
                message = err["msg"]
                for prefix in ("Value error, ", "Assertion failed, "):
                    if message.startswith(prefix):
                        message = message[len(prefix) :]
                self._problem_at(path, message, locations)
            return
        for path, message in definition.semantic_problems():
            self._problem_at(path, message, locations)
        if not self.result.problems:
            self.result.definition = definition

    def _problem_at(self, path: tuple, message, locations: dict) -> None:
        known = path
        while known and known not in locations:
            known = known[:-1]
        rest = path[len(known) :]
        key = next((k for k in rest if isinstance(k, str)), None)
        if not known:
            columns = _SETTINGS_KEY_COLUMNS.get(path[0] if path else "", None)
            if columns and SETTINGS in self.sheets and self.sheets[SETTINGS].rows:
                self.refuse(message, SETTINGS, 0, columns)
            else:
                self.refuse(
                    _("%(key)s: %(message)s", key=".".join(map(str, path)), message=message)
                )
            return
        role, index = locations[known]
        table = _CHOICE_KEY_COLUMNS if role == CHOICES else _ITEM_KEY_COLUMNS
        column = table.get(key) if key else None
        if key in ("min", "max") and column and self.sheets[role].column(column) is None:
            column = ("parameters",)
        self.refuse(message, role, index, column)


def _yes_no_word(value: str) -> bool | None:
    """True or False for XLSForm's words (yes, TRUE, true()...), in any case; else None."""
    word = value.strip()
    found = aliases.yes_no.get(word)
    if found is None:
        found = {
            "yes": True,
            "true": True,
            "true()": True,
            "no": False,
            "false": False,
            "false()": False,
        }.get(word.casefold())
    return found


def _yes(value: str | None) -> bool:
    return value is not None and _yes_no_word(value) is True


def _column_names(node, found: set) -> None:
    if isinstance(node, ColumnNode):
        found.add(node.name)
        return
    for value in getattr(node, "__dict__", {}).values():
        if isinstance(value, tuple):
            for child in value:
                _column_names(child, found)
        elif hasattr(value, "column"):
            _column_names(value, found)


def _strip_rows(value, path: tuple, locations: dict):
    """The data without its ``__row`` marks; the row of each marked path in ``locations``."""
    if isinstance(value, dict):
        if "__row" in value:
            locations[path] = value["__row"]
        return {k: _strip_rows(v, path + (k,), locations) for k, v in value.items() if k != "__row"}
    if isinstance(value, list):
        return [_strip_rows(v, path + (i,), locations) for i, v in enumerate(value)]
    return value


def _data_path(data, loc: tuple) -> tuple:
    """A pydantic error location as a path into the data (union tags dropped)."""
    path: tuple = ()
    current = data
    for element in loc:
        if isinstance(current, dict) and element in current:
            current = current[element]
            path += (element,)
        elif isinstance(current, list) and isinstance(element, int) and element < len(current):
            current = current[element]
            path += (element,)
        elif isinstance(element, str) and not isinstance(current, list):
            if element in ("function-after", "function-before") or (
                isinstance(current, dict) and current.get("type") == element
            ):
                continue
            path += (element,)
            current = None
    return path


_PYXFORM_ROW = re.compile(r"^\[row : (\d+)\]\s*")
_PYXFORM_SHEET = re.compile(r"On the '(\w+)' sheet")


def _pyxform_place(error: PyXFormError) -> tuple[str | None, int | None, str]:
    """The sheet and row index (0 for the first row under the header) a pyxform error is
    about, and its text without the row: pyxform writes the place as "[row : 3]" in it."""
    text = str(error)
    match = _PYXFORM_ROW.match(text)
    if not match:
        return None, None, text
    row = int(match.group(1))
    sheet = _PYXFORM_SHEET.search(text)
    role = sheet.group(1).lower() if sheet else SURVEY
    if role not in SHEET_ORDER or row < 2:
        return None, None, text
    return role, row - 2, text[match.end() :]


def _xml_name(stem: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_.\-]", "_", stem) or "data"
    return name if re.match(r"[A-Za-z_]", name) else f"_{name}"


def _columns(role: str, headers: list[str], letters: dict[str, str]) -> list[Column]:
    """The columns of a sheet as pyxform splits their headers (label::French (fr) is
    ("label", "French (fr)"))."""
    if role == SURVEY:
        header_aliases, header_columns = (
            aliases.survey_header,
            set(MultipleChoiceQuestion.get_slot_names()),
        )
    elif role == CHOICES:
        header_aliases, header_columns = aliases.list_header, set(Option.get_slot_names())
    else:
        header_aliases, header_columns = aliases.settings_header, set(Survey.get_slot_names())
    double_colon = any("::" in header for header in headers)
    columns = []
    for position, header in enumerate(headers):
        _, tokens = process_header(
            header=header,
            use_double_colon=double_colon,
            header_aliases=header_aliases,
            header_columns=header_columns,
        )
        columns.append(Column(header, letters.get(header) or column_letter(position), tokens))
    return columns


def _container(path: Path) -> str | None:
    """What the file's first bytes say it is: "zip" (an .xlsx), "ole" (an .xls, or an
    encrypted .xlsx), or None."""
    try:
        with path.open("rb") as stream:
            start = stream.read(8)
    except OSError:
        return None
    if start.startswith(b"PK"):
        return "zip"
    if start == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    return None


def _header_layout(path: Path):
    """Where each header stands (its column letter), each sheet's name as written, and the
    headers written twice, read from the first row of each sheet; None when the file is not
    a workbook openpyxl can open."""
    letters: dict[str, dict[str, str]] = {}
    titles: dict[str, str] = {}
    duplicates: list[tuple[str, str, str, str]] = []
    try:
        from openpyxl import load_workbook

        with quiet_openpyxl():
            workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            names = workbook.sheetnames
            for title in names:
                role = title.lower()
                if role not in pyxform_constants.SUPPORTED_SHEET_NAMES:
                    if len(names) != 1:
                        continue
                    role = SURVEY
                titles[role] = title
                sheet = workbook[title]
                with quiet_openpyxl():
                    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
                seen: dict[str, str] = {}
                for position, value in enumerate(first):
                    if value is None or not str(value).strip():
                        continue
                    header = re.sub(r"( )+", " ", str(value).strip())
                    letter = column_letter(position)
                    if header in seen:
                        duplicates.append((title, header, seen[header], letter))
                        continue
                    seen[header] = letter
                letters[role] = seen
        finally:
            workbook.close()
    except Exception:  # not a workbook openpyxl reads (an .xls is for pyxform to read)
        return None
    return letters, titles, duplicates
