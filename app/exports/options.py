"""What an export is asked for: the same options from the page, the CLI and the API.

Options are plain values (ids, codes, dates) so a job can carry them through the queue as
JSON and a request can be compared with an earlier one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace

from app.core.languages import LANGUAGES

#: one workbook; a zip of one workbook per commission; a zip of one workbook per sector;
#: a zip of CSV files, one per table
WORKBOOK, PER_COMMISSION, PER_SECTOR, CSV = "workbook", "commissions", "sectors", "csv"
MODES = (WORKBOOK, PER_COMMISSION, PER_SECTOR, CSV)
#: headers as labels with the question code beneath, or codes only
LABELS_AND_CODES, CODES_ONLY = "labels", "codes"
HEADER_STYLES = (LABELS_AND_CODES, CODES_ONLY)


class OptionError(ValueError):
    """An option that cannot be used; ``field`` names it, the message says why."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ExportOptions:
    consultation_id: int
    lang: str = "en"
    #: state codes to include; empty means the reported states (approved)
    states: tuple[str, ...] = ()
    commission_ids: tuple[int, ...] = ()
    regions: tuple[str, ...] = ()
    meetings_from: dt.date | None = None
    meetings_to: dt.date | None = None
    headers: str = LABELS_AND_CODES
    mode: str = WORKBOOK
    #: only these submissions, whatever their state (one submission's own workbook)
    submission_ids: tuple[int, ...] = field(default=())

    def __post_init__(self):
        if self.lang not in LANGUAGES:
            raise OptionError("lang", f"unknown language {self.lang!r}")
        if self.mode not in MODES:
            raise OptionError("mode", f"unknown mode {self.mode!r}")
        if self.headers not in HEADER_STYLES:
            raise OptionError("headers", f"unknown header style {self.headers!r}")
        if self.meetings_from and self.meetings_to and self.meetings_from > self.meetings_to:
            raise OptionError("meetings_to", "the end of the date range is before its start")
        # Normalised so that the same request always compares equal.
        for name in ("states", "regions", "commission_ids", "submission_ids"):
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name)))))

    @property
    def extension(self) -> str:
        return "xlsx" if self.mode == WORKBOOK else "zip"

    def for_commission(self, commission_id: int) -> ExportOptions:
        return replace(self, commission_ids=(commission_id,), mode=WORKBOOK)

    def to_json(self) -> dict:
        data = asdict(self)
        for name in ("meetings_from", "meetings_to"):
            data[name] = data[name].isoformat() if data[name] else None
        for name in ("states", "regions", "commission_ids", "submission_ids"):
            data[name] = list(data[name])
        return data

    @classmethod
    def from_json(cls, data: dict) -> ExportOptions:
        values = dict(data)
        for name in ("meetings_from", "meetings_to"):
            values[name] = dt.date.fromisoformat(values[name]) if values.get(name) else None
        for name in ("states", "regions", "commission_ids", "submission_ids"):
            values[name] = tuple(values.get(name) or ())
        known = cls.__dataclass_fields__
        return cls(**{key: value for key, value in values.items() if key in known})
