"""The integrated workbook: an Overview sheet and one sheet per questionnaire."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.exports.source import WorkbookSource
from app.exports.writer import WorkbookWriter
from app.questionnaires.types import type_of

#: column titles of the fixed columns, per language
LABELS = {
    "en": {
        "state": "Member state",
        "iso": "ISO code",
        "region": "Region",
        "meeting": "Meeting date",
        "status": "State",
        "updated": "Last updated",
        "id": "Submission",
        "overview": "Overview",
        "generated": "Generated (UTC)",
        "not_started": "Not started",
    },
    "fr": {
        "state": "État membre",
        "iso": "Code ISO",
        "region": "Région",
        "meeting": "Date de la réunion",
        "status": "Statut",
        "updated": "Dernière mise à jour",
        "id": "Soumission",
        "overview": "Vue d'ensemble",
        "generated": "Généré (UTC)",
        "not_started": "Non commencé",
    },
    "ar": {
        "state": "الدولة العضو",
        "iso": "رمز ISO",
        "region": "المنطقة",
        "meeting": "تاريخ الاجتماع",
        "status": "الحالة",
        "updated": "آخر تحديث",
        "id": "الاستمارة",
        "overview": "نظرة عامة",
        "generated": "تاريخ الإنشاء (UTC)",
        "not_started": "لم يبدأ بعد",
    },
}
PROGRESS_EVERY = 100


def write_integrated_workbook(
    path: Path, source: WorkbookSource, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write the workbook to ``path``; return the number of answer rows written.

    ``progress(done, total)`` is called every few hundred rows so a job can report.
    """
    labels = LABELS.get(source.lang, LABELS["en"])
    writer = WorkbookWriter(path, rtl=source.lang == "ar")
    total = max(source.total_rows, 1)
    done = 0

    def advance():
        nonlocal done
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)

    sheet = writer.add_sheet(labels["overview"])
    sheet.write_string(0, 0, source.title, writer.formats["title"])
    sheet.write_string(1, 0, labels["generated"])
    writer.write_cell(sheet, 1, 1, source.generated_at)
    header = [labels["state"], labels["iso"], labels["region"], labels["meeting"]]
    header += [title for _, title in source.questionnaires]
    writer.write_header(sheet, 3, header, [28, 9, 16, 14] + [22] * len(source.questionnaires))
    row = 4
    for item in source.overview():
        c = item.commission
        values = [c.name, c.iso2, c.region, item.meeting_date]
        values += [
            item.states.get(code) or labels["not_started"] for code, _ in source.questionnaires
        ]
        writer.write_row(sheet, row, values)
        row += 1
        advance()

    written = 0
    for block in source.sheets:
        sheet = writer.add_sheet(block.title)
        fixed = [
            labels["id"],
            labels["state"],
            labels["iso"],
            labels["region"],
            labels["meeting"],
            labels["status"],
            labels["updated"],
        ]
        titles = fixed + [f.label(source.lang) for f in block.fields]
        writer.write_header(
            sheet, 0, titles, [11, 28, 9, 16, 14, 18, 17] + [30] * len(block.fields)
        )
        row = 1
        for answer in block.rows():
            c = answer.commission
            values = [
                answer.submission_id,
                c.name,
                c.iso2,
                c.region,
                answer.meeting_date,
                answer.state,
                answer.updated_at,
            ]
            own_fields = answer.definition.fields_by_code
            for column in block.fields:
                value = answer.answers.get(column.code)
                # Read each answer with the version it was given on (its choice labels).
                field = own_fields.get(column.code)
                values.append(
                    None
                    if value is None or field is None
                    else type_of(field).cell(value, field, answer.definition, source.lang)
                )
            writer.write_row(sheet, row, values)
            row += 1
            written += 1
            advance()
        sheet.autofilter(0, 0, max(row - 1, 1), len(titles) - 1)
    writer.close()
    if progress:
        progress(total, total)
    return written
