"""The columns of a questionnaire's sheets, read from the definition versions its answers
were given on: newest version's order first, questions only older versions had after.

Each question's type says its headers, codes and cells (``export_headers``,
``export_codes``, ``exporter``); a layout strings them together once per export so that a
row costs one call per question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

#: column widths by the kind of value, in characters
WIDTHS = {"long_text": 50, "text": 30, "flag": 8, "number": 12, "date": 12}
NUMBER_TYPES = frozenset({"integer", "decimal", "rating", "calculate"})
DATE_TYPES = frozenset({"date"})
CHOICE_TYPES = frozenset({"select_one", "select_multiple", "yes_no"})


@dataclass
class Column:
    """One question's columns."""

    node: object
    definition: object
    headers: list[str]
    codes: list[str]
    cells: Callable[[dict], list]
    #: per column: "long_text", "text", "flag", "number" or "date"
    styles: list[str]

    @property
    def code(self) -> str:
        return self.node.item.code

    @property
    def type(self) -> str:
        return self.node.item.type


@dataclass
class Repeat:
    """A repeat (priorities, proposals...): one row per item, on a sheet of its own."""

    node: object
    chain: tuple[str, ...]  #: the repeats from the outermost to this one
    children: list[Column] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.node.item.code

    def label(self, lang: str) -> str:
        return self.node.item.label.get(lang)

    def entries(self, answers: dict) -> Iterator[tuple[int | str, dict]]:
        """(number, item): 1, 2... or 1.2 for an item of a repeat inside a repeat."""
        return _entries(answers, self.chain)


@dataclass
class Layout:
    columns: list[Column]
    repeats: list[Repeat]

    @property
    def headers(self) -> list[str]:
        return [h for column in self.columns for h in column.headers]

    @property
    def codes(self) -> list[str]:
        return [c for column in self.columns for c in column.codes]

    @property
    def styles(self) -> list[str]:
        return [s for column in self.columns for s in column.styles]

    def nodes(self) -> Iterator[tuple[Column, Repeat | None]]:
        """Every question, with the repeat it is in (None outside repeats)."""
        for column in self.columns:
            yield column, None
        for repeat in self.repeats:
            for child in repeat.children:
                yield child, repeat


def row_cells(columns: list[Column], answers: dict) -> list:
    """The cells of one answer set (a submission, or a repeat item) across ``columns``."""
    cells: list = []
    for column in columns:
        cells.extend(column.cells(answers))
    return cells


def build_layout(definitions: dict, lang: str) -> Layout:
    """``definitions``: version id -> definition, for the versions the answers were given on."""
    columns: list[Column] = []
    repeats: dict[str, Repeat] = {}
    seen: set[str] = set()
    for _version_id, definition in sorted(definitions.items(), key=lambda item: -item[0]):
        for node in definition.nodes:
            code = node.item.code
            if code in seen or not node.kind.answers:
                continue
            seen.add(code)
            if code in definition.repeat_codes:
                repeats[code] = Repeat(node, node.repeats + (code,))
            elif node.repeats:
                if node.repeats[-1] in repeats:
                    repeats[node.repeats[-1]].children.append(_column(node, definition, lang))
            else:
                columns.append(_column(node, definition, lang))
    return Layout(columns, list(repeats.values()))


def _column(node, definition, lang: str) -> Column:
    kind, item = node.kind, node.item
    headers = kind.export_headers(item, definition, lang)
    codes = kind.export_codes(item, definition)
    codes = (codes + [f"{item.code}/{n}" for n in range(len(codes) + 1, len(headers) + 1)])[
        : len(headers)
    ]
    exporter = kind.exporter(item, definition, lang)
    width = len(headers)

    def cells(answers, exporter=exporter, width=width):
        found = exporter(answers)
        return found if len(found) == width else (list(found) + [None] * width)[:width]

    return Column(node, definition, headers, codes, cells, _styles(item, codes))


def _styles(item, codes: list[str]) -> list[str]:
    if item.type == "long_text":
        return ["long_text"] * len(codes)
    if item.type in NUMBER_TYPES:
        return ["number"] * len(codes)
    if item.type in DATE_TYPES:
        return ["date"] * len(codes)
    if item.type == "select_multiple":
        return ["text" if "/" not in code else "flag" for code in codes]
    if item.type in ("matrix", "yes_no"):
        return ["flag" if item.type == "yes_no" else "number"] * len(codes)
    return ["text"] * len(codes)


def _entries(answers, chain: tuple[str, ...], prefix: str = ""):
    entries = answers.get(chain[0]) if isinstance(answers, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
        if not isinstance(entry, dict):
            continue
        number = f"{prefix}{index}"
        if len(chain) == 1:
            yield (int(number) if number.isdigit() else number), entry
        else:
            yield from _entries(entry, chain[1:], f"{number}.")
