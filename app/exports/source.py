"""What a workbook is built from: plain rows, produced lazily so big exports stream."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.questionnaires.definition import Field, QuestionnaireDefinition


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
    #: the definition the answers were given on (its fields give the cells their types)
    definition: QuestionnaireDefinition


@dataclass
class QuestionnaireSheet:
    code: str
    title: str
    #: columns: every field of the definitions in use, newest version's order first
    fields: list[Field]
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
        return self.overview_count + sum(sheet.row_count for sheet in self.sheets)
