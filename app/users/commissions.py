"""The roster of national commissions, imported from a CSV file."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sqlalchemy import select

from app.core.errors import ValidationFailed
from app.core.i18n import _
from app.extensions import db
from app.users.models import Commission
from app.users.regions import REGION_LABELS

ROSTER_COLUMNS = ("iso2", "region", "name_en", "name_fr", "name_ar")
ISO2 = re.compile(r"^[A-Z]{2}$")


def import_roster(
    path: Path, display_name: str | None = None, *, update: bool = True
) -> tuple[int, int]:
    """Create (and, with ``update``, correct) commissions from a CSV roster.

    Columns: iso2, region, name_en, name_fr, name_ar. Returns (created, updated). Nothing is
    stored when any row is wrong; the error lists every problem as
    ``file:line: column: what is wrong``.
    """
    name = display_name or str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ROSTER_COLUMNS if c not in (reader.fieldnames or [])]
            rows = list(reader)
    except UnicodeDecodeError:
        raise ValidationFailed(
            _("%(file)s: not UTF-8 text; save the file as CSV UTF-8", file=name)
        ) from None
    if missing:
        raise ValidationFailed(
            _("%(file)s:1: missing column(s): %(columns)s", file=name, columns=", ".join(missing))
        )
    problems, first_line = [], {}
    for line, row in enumerate(rows, start=2):
        where = f"{name}:{line}"
        values = {column: (row.get(column) or "").strip() for column in ROSTER_COLUMNS}
        if not ISO2.match(values["iso2"]):
            problems.append(
                _(
                    "%(where)s: iso2: %(value)r is not a two-letter code",
                    where=where,
                    value=values["iso2"],
                )
            )
        elif values["iso2"] in first_line:
            seen = first_line[values["iso2"]]
            problems.append(
                _(
                    "%(where)s: iso2: %(value)r is also on line %(line)s",
                    where=where,
                    value=values["iso2"],
                    line=seen,
                )
            )
        first_line.setdefault(values["iso2"], line)
        if values["region"] not in REGION_LABELS:
            allowed = ", ".join(REGION_LABELS)
            problems.append(
                _(
                    "%(where)s: region: %(value)r is not one of %(allowed)s",
                    where=where,
                    value=values["region"],
                    allowed=allowed,
                )
            )
        for column in ("name_en", "name_fr", "name_ar"):
            if not values[column]:
                problems.append(_("%(where)s: %(column)s: empty", where=where, column=column))
        row.update(values)
    if problems:
        raise ValidationFailed("\n".join(str(problem) for problem in problems))
    existing = {c.iso2: c for c in db.session.scalars(select(Commission))}
    created = updated = 0
    for row in rows:
        fields = {column: row[column] for column in ROSTER_COLUMNS}
        commission = existing.get(row["iso2"])
        if commission is None:
            db.session.add(Commission(**fields))
            created += 1
        elif update and any(getattr(commission, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(commission, key, value)
            updated += 1
    db.session.flush()
    return created, updated
