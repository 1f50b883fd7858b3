"""What a workbook is built from: plain rows, produced lazily so big exports stream."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CommissionInfo:
    iso2: str
    name: str
    region: str


@dataclass(frozen=True)
class OverviewRow:
    commission: CommissionInfo
    meeting_date: dt.date
    #: questionnaire code -> state label in the workbook's language (None: not started)
    states: dict[str, str | None]


@dataclass(frozen=True)
class AnswerRow:
    submission_id: int
    commission: CommissionInfo
    meeting_date: dt.date
    state: str
    updated_at: dt.datetime
    answers: dict


@dataclass(frozen=True)
class Column:
    """A question's columns: its node, read with the definition it comes from."""

    node: object
    definition: object


@dataclass
class QuestionnaireSheet:
    code: str
    title: str
    #: the questions outside repeats: every version's, newest version's order first
    columns: list[Column]
    #: one further sheet each: the repeats (priorities, proposals...), with their questions
    repeats: list[tuple[Column, list[Column]]]
    row_count: int
    rows: Callable[[], Iterable[AnswerRow]]


@dataclass
class WorkbookSource:
    title: str
    lang: str
    generated_at: dt.datetime
    questionnaires: list[tuple[str, str]]  #: (code, title) for the Overview columns
    overview_count: int
    overview: Callable[[], Iterable[OverviewRow]]
    sheets: list[QuestionnaireSheet] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return self.overview_count + sum(
            sheet.row_count * (1 + len(sheet.repeats)) for sheet in self.sheets
        )
