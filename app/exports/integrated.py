"""The integrated workbook: an Overview sheet and one sheet per questionnaire."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.exports.source import Column, WorkbookSource
from app.exports.writer import WorkbookWriter

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
        "item": "Item",
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
        "item": "Élément",
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
        "item": "البند",
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
        headers = [_headers(column, source.lang) for column in block.columns]
        titles = fixed + [title for group in headers for title in group]
        widths = [11, 28, 9, 16, 14, 18, 17] + [30] * (len(titles) - len(fixed))
        writer.write_header(sheet, 0, titles, widths)
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
            for column, group in zip(block.columns, headers, strict=True):
                values.extend(_cells(column, answer.answers, source.lang, len(group)))
            writer.write_row(sheet, row, values)
            row += 1
            written += 1
            advance()
        sheet.autofilter(0, 0, max(row - 1, 1), len(titles) - 1)
        for repeat, children in block.repeats:
            _write_repeat(writer, block, repeat, children, labels, source.lang, advance)
    writer.close()
    if progress:
        progress(total, total)
    return written


def _headers(column: Column, lang: str) -> list[str]:
    return column.node.kind.export_headers(column.node.item, column.definition, lang)


def _cells(column: Column, answers: dict, lang: str, width: int) -> list:
    """The column's cells for one submission's (or one repeat item's) answers."""
    node = column.node
    codes = node.kind.codes(node.item)
    if not any(code in answers for code in codes):
        return [None] * width
    cells = node.kind.export_cells(node.item, answers, column.definition, lang)
    return (list(cells) + [None] * width)[:width]


def _write_repeat(writer, block, repeat: Column, children, labels, lang, advance) -> None:
    """One row per item of a repeat, keyed back to its submission's row."""
    item = repeat.node.item
    sheet = writer.add_sheet(item.label.get(lang))
    fixed = [labels["id"], labels["state"], labels["iso"], labels["item"]]
    headers = [_headers(child, lang) for child in children]
    titles = fixed + [title for group in headers for title in group]
    writer.write_header(sheet, 0, titles, [11, 28, 9, 8] + [30] * (len(titles) - len(fixed)))
    row = 1
    for answer in block.rows():
        for number, entry in _entries(answer.answers, repeat.node.repeats + (item.code,)):
            values = [answer.submission_id, answer.commission.name, answer.commission.iso2, number]
            for child, group in zip(children, headers, strict=True):
                values.extend(_cells(child, entry, lang, len(group)))
            writer.write_row(sheet, row, values)
            row += 1
        advance()
    sheet.autofilter(0, 0, max(row - 1, 1), len(titles) - 1)


def _entries(answers: dict, chain: tuple[str, ...], prefix: str = ""):
    """(number, item) for the items of the repeat at the end of ``chain``: 1, 2... or 1.2."""
    entries = answers.get(chain[0]) if isinstance(answers, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
        if not isinstance(entry, dict):
            continue
        number = f"{prefix}{index}"
        if len(chain) == 1:
            yield (int(number) if number.isdigit() else number), entry
        else:
            yield from _entries(entry, chain[1:], f"{number}.")
