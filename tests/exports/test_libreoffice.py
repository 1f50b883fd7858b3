"""The integrated report opened by LibreOffice, a program nobody here wrote: it must open
every workbook without repairing it, see the sheets and cells openpyxl reads from the same
file, and take hostile answers for the text typed, not for formulas or links.

LibreOffice saves what it read as a new .xlsx, read back here with openpyxl: once for the
formulas, once for the values LibreOffice computed. (Its own OpenDocument format would be the
obvious witness, but LibreOffice 7.4 drops a tab that starts a cell's second line when it
writes one.) Its private profile recalculates every formula on load, so an answer taken for a
formula would come back as LibreOffice's result, not as the text typed.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import signal
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from app.exports.writer import MAX_CELL_CHARS, TRUNCATION_MARK, WorkbookWriter, utf16_length
from app.extensions import db
from app.submissions.models import Submission
from tests.conftest import need_service
from tests.exports.test_options import build
from tests.exports.test_workbook import HOSTILE, LONG_ANSWER, approve, header_cells
from tests.helpers import VALID_PRE_MEETING, meeting_day

SOFFICE = shutil.which("soffice")
#: a conversion of a few workbooks takes seconds; a hung LibreOffice must not hang the suite
SOFFICE_SECONDS = 180
#: the private profile's one setting: recalculate the formulas of .xlsx files on load, always
RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
#: LibreOffice has no boolean cells: a workbook's TRUE becomes the formula =TRUE()
BOOLEANS = {"=TRUE()": True, "=FALSE()": False}
#: a date and time survives LibreOffice's round trip to the millisecond
TIME_TOLERANCE = dt.timedelta(milliseconds=1)


@dataclass
class SeenSheet:
    """A sheet as LibreOffice read it: its values by (row, column), counted from 0, its
    formulas, links and charts, and its direction."""

    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    #: (row, column), the formula, its value
    formulas: list[tuple[tuple[int, int], str, object]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    charts: int = 0
    rtl: bool = False


@pytest.fixture
def soffice():
    """LibreOffice's command; asked for first, so that a test without it stops at once."""
    need_service("LibreOffice", SOFFICE is not None, "install libreoffice-calc-nogui")
    return SOFFICE


def libreoffice_reads(soffice, paths: list[Path], folder: Path) -> dict[Path, list[SeenSheet]]:
    """Open the workbooks in one headless LibreOffice and return what it saw in each."""
    assert len({path.name for path in paths}) == len(paths), "one output per name"
    profile, out = folder / "libreoffice-profile", folder / "libreoffice-out"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD)
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        *map(str, paths),
    ]
    # A session of its own, so that a timeout ends soffice.bin too, not only its launcher.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=SOFFICE_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"LibreOffice took more than {SOFFICE_SECONDS}s to convert {paths}")
    said = f"exit {process.returncode}\n{stdout}\n{stderr}"
    # soffice exits 0 even when it cannot load a file: it says so, and writes nothing.
    lines = (stdout + stderr).splitlines()
    assert process.returncode == 0 and not any(line.startswith("Error") for line in lines), said
    seen = {}
    for path in paths:
        converted = out / path.name
        assert f"{path} -> {converted}" in stdout and converted.is_file(), said
        seen[path] = read_back(converted)
    return seen


def read_back(path: Path) -> list[SeenSheet]:
    with_formulas = openpyxl.load_workbook(path)
    with_values = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for formulas, values in zip(with_formulas.worksheets, with_values.worksheets, strict=True):
        sheet = SeenSheet(
            values.title,
            charts=len(formulas._charts),
            rtl=bool(formulas.sheet_view.rightToLeft),
        )
        for row in formulas.iter_rows():
            for cell in row:
                where = (cell.row - 1, cell.column - 1)
                value = values.cell(cell.row, cell.column).value
                if value is not None:
                    sheet.cells[where] = value
                if cell.data_type == "f":
                    sheet.formulas.append((where, cell.value, value))
                if cell.hyperlink is not None:
                    sheet.links.append(cell.hyperlink.target)
        sheets.append(sheet)
    return sheets


def same_value(expected, seen) -> bool:
    """openpyxl's value and LibreOffice's agree, in kind as in value."""
    if isinstance(expected, bool) or isinstance(seen, bool):
        return type(expected) is type(seen) and expected == seen
    if isinstance(expected, dt.datetime):
        return isinstance(seen, dt.datetime) and abs(seen - expected) <= TIME_TOLERANCE
    if isinstance(expected, int | float):
        return type(seen) in (int, float) and math.isclose(seen, expected, rel_tol=1e-15)
    return type(seen) is str and seen == expected


def assert_libreoffice_read_what_openpyxl_reads(path: Path, seen: list[SeenSheet]) -> None:
    """Every sheet in order, every cell, every chart; no formula and no link anywhere."""
    workbook = openpyxl.load_workbook(path)
    assert [sheet.name for sheet in seen] == workbook.sheetnames, path.name
    differences = []
    for original, sheet in zip(workbook.worksheets, seen, strict=True):
        cells = {
            (cell.row - 1, cell.column - 1): cell.value
            for row in original.iter_rows()
            for cell in row
            if cell.value is not None
        }
        for where in sorted(cells.keys() | sheet.cells.keys()):
            expected, got = cells.get(where), sheet.cells.get(where)
            if not same_value(expected, got):
                differences.append((sheet.name, where, expected, got))
        formulas = [
            (where, formula)
            for where, formula, _value in sheet.formulas
            if formula not in BOOLEANS or BOOLEANS[formula] is not cells.get(where)
        ]
        assert formulas == [] and sheet.links == [], (path.name, sheet.name)
        assert sheet.charts == len(original._charts), (path.name, sheet.name)
        assert sheet.rtl == bool(original.sheet_view.rightToLeft), (path.name, sheet.name)
    assert differences == [], f"{path.name}: (sheet, (row, column), openpyxl, LibreOffice)"


@pytest.fixture
def answered_world(app, client, auth, dummy_world):
    """Morocco's two questionnaires and Senegal's first approved, with every kind of cell:
    texts in three scripts, numbers, choices, yes/no, dates, repeats, and so charts."""
    approve(
        app,
        client,
        auth,
        dummy_world["ma_meeting"],
        {
            **VALID_PRE_MEETING,
            "staff_count": "12",
            "activities_count": "3",
            "challenges": ["funding", "covid_19"],
            "priorities-1-title": "Science clubs",
            "priorities-1-sector": "science",
            "priorities-1-description": "Deux clubs par région.\nUn concours national.",
            "proposals-0-proposal": "مهرجان مشترك للشباب",
            "proposals-0-proposal_sector": "culture",
            "comments": "شكرا 👍",
        },
    )
    approve(
        app,
        client,
        auth,
        dummy_world["sn_meeting"],
        {
            **VALID_PRE_MEETING,
            "focal_point_name": "Awa Diop",
            "satisfaction_cooperation": "2",
            "women_programmes": "no",
        },
        focal="focal.sn@test.org",
    )
    approve(
        app,
        client,
        auth,
        dummy_world["ma_meeting"],
        {
            "meeting_date": meeting_day().isoformat(),
            "participants": "The secretary-general and two programme officers.",
            "topics": "Teacher training; science clubs.",
            "actions-0-action": "Draft a joint plan",
            "actions-0-action_sector": "education",
            "actions-0-responsible": "The commission",
            "actions-0-deadline": (meeting_day() + dt.timedelta(days=90)).isoformat(),
            "satisfaction_meeting": "5",
            "satisfaction_cooperation": "5",
            "follow_up_meeting": "yes",
        },
        code="post_meeting",
    )
    return dummy_world


def zip_members(archive_path: Path, folder: Path, prefix: str) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    with zipfile.ZipFile(archive_path) as archive:
        for number, name in enumerate(archive.namelist(), start=1):
            path = folder / f"{prefix}-{number}.xlsx"
            path.write_bytes(archive.read(name))
            paths.append(path)
    return paths


def test_libreoffice_reads_every_sheet_and_cell_of_the_report(
    soffice, app, answered_world, tmp_path
):
    english, _ = build(app, tmp_path, "report-en.xlsx")
    arabic, _ = build(app, tmp_path, "report-ar.xlsx", lang="ar")
    commissions, result = build(app, tmp_path, "commissions.zip", mode="commissions")
    sectors, _ = build(app, tmp_path, "sectors.zip", mode="sectors")
    members = zip_members(commissions, tmp_path / "members", "commission")
    members += zip_members(sectors, tmp_path / "members", "sector")
    assert result.files == 2 and len(members) == 6
    paths = [english, arabic, *members]
    seen = libreoffice_reads(soffice, paths, tmp_path)
    for path in paths:
        assert_libreoffice_read_what_openpyxl_reads(path, seen[path])
    # The comparison covered every kind of cell the report writes, and the charts.
    kinds = {type(value) for sheet in seen[english] for value in sheet.cells.values()}
    assert {str, float, bool, dt.datetime} <= kinds
    assert sum(sheet.charts for sheet in seen[english]) >= 6
    by_name = {sheet.name: sheet for sheet in seen[english]}
    for name in ("Pre-meeting", "Post-meeting", "Before and after", "Pre-meeting - Proposal"):
        assert any(row > 1 for row, _col in by_name[name].cells), f"{name}: no data row"
    assert all(sheet.rtl for sheet in seen[arabic]) and seen[arabic][2].name == "قبل الاجتماع"
    assert not any(sheet.rtl for sheet in seen[english])


def formula_control(path: Path) -> None:
    """A workbook XlsxWriter writes with its defaults: '=1+1' becomes a formula cached as 0,
    to show that the reading here tells a formula from a text."""
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Control").write("A1", "=1+1")
    workbook.close()


def limits_workbook(path: Path) -> None:
    """Cells at Excel's limits, through the writer: cut texts, numbers past 15 digits, the
    first date Excel and LibreOffice agree on and the day before it, fractions of seconds."""
    writer = WorkbookWriter(path)
    names = ["Bad/name:[x]?", "Commission's notes", "ملاحظات اللجنة", "x" * 40]
    for name in names:
        sheet = writer.add_sheet(name)
        writer.write_row(
            sheet,
            0,
            [
                "x" * 40_000,
                "😀" * 20_000,
                10**16,
                -(10**15),
                0.1 + 0.2,
                float("nan"),
                dt.date(1900, 3, 1),
                dt.date(1900, 2, 28),
                dt.datetime(2021, 3, 8, 23, 59, 59, 999_000),
                True,
                False,
            ],
        )
    writer.close()


def test_libreoffice_keeps_hostile_answers_as_typed(
    soffice, app, client, auth, dummy_world, tmp_path
):
    singles = [
        "focal_point_name",
        "focal_point_position",
        "activity_areas",
        "education",
        "culture",
        "science",
        "women_proposals",
        "comments",
    ]
    placed = list(zip(singles, HOSTILE, strict=False))
    rest = HOSTILE[len(placed) :]
    sid = approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    with app.app_context():
        # Stored as an import could store them: untrimmed (the pages trim a tab-led answer),
        # one a cell, all in one with line breaks, and longer than the questionnaire allows.
        submission = db.session.get(Submission, sid)
        priority = submission.answers["priorities"][0]
        submission.answers = {
            **submission.answers,
            **dict(placed),
            "achievements": "\n".join(HOSTILE),
            "future_perspectives": LONG_ANSWER,
            "proposals": [{"proposal": text, "proposal_sector": "culture"} for text in rest[:5]],
            "priorities": [{**priority, "description": text} for text in rest[5:]] or [priority],
        }
        db.session.commit()
    path, _ = build(app, tmp_path, "hostile.xlsx")
    control, limits = tmp_path / "control.xlsx", tmp_path / "limits.xlsx"
    formula_control(control)
    limits_workbook(limits)
    seen = libreoffice_reads(soffice, [path, control, limits], tmp_path)
    assert_libreoffice_read_what_openpyxl_reads(path, seen[path])
    assert_libreoffice_read_what_openpyxl_reads(limits, seen[limits])
    # Each answer is a whole text cell, exactly as typed: LibreOffice's value is the text.
    texts = {value for sheet in seen[path] for value in sheet.cells.values()}
    assert set(HOSTILE) <= texts, set(HOSTILE) - texts
    sheets = {sheet.name: sheet for sheet in seen[path]}
    cells = header_cells(openpyxl.load_workbook(path)["Pre-meeting"], 3)
    for code, text in [*placed, ("achievements", "\n".join(HOSTILE))]:
        cell = cells[code]
        assert sheets["Pre-meeting"].cells[cell.row - 1, cell.column - 1] == text, code
    cut = cells["future_perspectives"]
    long = sheets["Pre-meeting"].cells[cut.row - 1, cut.column - 1]
    assert long == cut.value and long.endswith(TRUNCATION_MARK)
    assert utf16_length(long) <= MAX_CELL_CHARS
    assert LONG_ANSWER.startswith(long[: -len(TRUNCATION_MARK)])
    # The control: a formula is seen as one, with the value LibreOffice computed on load.
    (control_sheet,) = seen[control]
    assert control_sheet.formulas == [((0, 0), "=1+1", 2)]
