"""Workbooks read back with openpyxl: typed cells, hostile answers kept as text, sheet rules."""

import datetime as dt

import openpyxl
import pytest

from app.exports.writer import MAX_CELL_CHARS, WorkbookWriter
from tests.helpers import VALID_PRE_MEETING, current_version, meeting_day, start_submission_as

HOSTILE = ['=HYPERLINK("http://x","y")', "=1+1", "+SUM(A1:A2)", "@cmd", "http://example.org"]


def approve(app, client, auth, meeting_id, answers, focal="focal.ma@test.org"):
    sid = start_submission_as(client, auth, focal, meeting_id)
    data = {**answers, "loaded_version": current_version(app, sid), "intent": "submit"}
    response = client.post(f"/submissions/{sid}/answers", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    auth.logout()
    auth.login("reviewer@test.org")
    for action in ("start_review", "approve"):
        data = {"action": action, "loaded_version": current_version(app, sid)}
        assert client.post(f"/submissions/{sid}/actions", data=data).status_code == 302
    auth.logout()
    return sid


def export(client, auth, tmp_path, lang="en"):
    auth.login("secretariat@test.org")
    response = client.post("/secretariat/exports", data={"consultation": 1, "lang": lang})
    assert response.status_code == 302
    page = client.get("/secretariat/exports").get_data(as_text=True)
    assert "Ready" in page, page
    path = tmp_path / "download.xlsx"
    with client.get("/secretariat/exports/1/download") as download:
        assert download.status_code == 200
        path.write_bytes(download.data)
    return openpyxl.load_workbook(path)


def row_dict(sheet, row):
    headers = [cell.value for cell in sheet[1]]
    return dict(zip(headers, [cell for cell in sheet[row]], strict=True))


def test_hostile_answers_stay_plain_strings(app, client, auth, dummy_world, tmp_path):
    answers = {
        **VALID_PRE_MEETING,
        "focal_point_name": HOSTILE[0],
        "focal_point_position": HOSTILE[1],
        "achievements": HOSTILE[2],
        "future_perspectives": HOSTILE[3],
        "activity_areas": HOSTILE[4],
    }
    approve(app, client, auth, dummy_world["ma_meeting"], answers)
    workbook = export(client, auth, tmp_path)
    sheet = workbook["Pre-meeting questionnaire"]
    cells = row_dict(sheet, 2)
    for header, expected in [
        ("Name of the focal point", HOSTILE[0]),
        ("Position", HOSTILE[1]),
        ("Main achievements", HOSTILE[2]),
    ]:
        matching = [cell for title, cell in cells.items() if title.startswith(header)]
        assert matching, (header, list(cells))
        assert matching[0].value == expected and matching[0].data_type == "s"
    strings = {cell.value for cell in cells.values() if cell.value is not None}
    assert set(HOSTILE) <= strings
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f" and cell.hyperlink is None


def test_sheets_rows_and_typed_cells(app, client, auth, dummy_world, tmp_path):
    approve(
        app, client, auth, dummy_world["ma_meeting"], {**VALID_PRE_MEETING, "staff_count": "12"}
    )
    # Senegal's stays a draft: in the Overview, not in the questionnaire sheet.
    start_submission_as(client, auth, "focal.sn@test.org", dummy_world["sn_meeting"])
    auth.logout()
    workbook = export(client, auth, tmp_path)
    assert workbook.sheetnames == [
        "Overview",
        "Pre-meeting questionnaire",
        "Priority",
        "Proposal",
        "Post-meeting questionnaire",
        "Agreed action",
    ]
    overview = workbook["Overview"]
    assert overview["A1"].value == "Test consultation"
    header = [c.value for c in overview[4]]
    assert header == [
        "Member state",
        "ISO code",
        "Region",
        "Meeting date",
        "Pre-meeting questionnaire",
        "Post-meeting questionnaire",
    ]
    rows = {r[1]: r for r in overview.iter_rows(min_row=5, values_only=True)}
    assert (
        rows["MA"][3] == dt.datetime.combine(meeting_day(), dt.time())
        and rows["MA"][4] == "Approved"
    )
    assert rows["SN"][4] == "Draft" and rows["SN"][5] == "Not started"
    sheet = workbook["Pre-meeting questionnaire"]
    assert sheet.max_row == 2
    cells = row_dict(sheet, 2)
    assert cells["Member state"].value == "Country MA"
    assert cells["State"].value == "Approved"
    staff = next(c for t, c in cells.items() if t.startswith("Number of staff"))
    assert staff.value == 12 and staff.data_type == "n"
    scale = next(c for t, c in cells.items() if t.startswith("Overall, how satisfied"))
    assert scale.value == 4 and scale.data_type == "n"
    women = next(c for t, c in cells.items() if t.startswith("Does the commission run"))
    assert women.value is True and women.data_type == "b"
    # The priorities: one row per item, keyed back to the submission's row.
    priorities = workbook["Priority"]
    assert [c.value for c in priorities[1]][:5] == [
        "Submission",
        "Member state",
        "ISO code",
        "Item",
        "Title of the priority",
    ]
    item = row_dict(priorities, 2)
    assert item["Submission"].value == cells["Submission"].value
    assert item["Item"].value == 1 and item["Sector"].value == "Education"
    assert priorities.max_row == 2
    assert workbook["Post-meeting questionnaire"].max_row == 1  # headers only


def test_headers_follow_the_chosen_language(app, client, auth, dummy_world, tmp_path):
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    workbook = export(client, auth, tmp_path, lang="fr")
    assert workbook.sheetnames[0] == "Vue d'ensemble"
    sheet = workbook[workbook.sheetnames[1]]
    headers = [c.value for c in sheet[1]]
    assert headers[1] == "État membre"
    cells = row_dict(sheet, 2)
    assert cells["Statut"].value == "Approuvé"
    arabic = export_lang(client, tmp_path, "ar")
    assert arabic.sheetnames[0] == "نظرة عامة"
    assert arabic[arabic.sheetnames[0]].sheet_view.rightToLeft


def export_lang(client, tmp_path, lang):
    client.post("/secretariat/exports", data={"consultation": 1, "lang": lang})
    path = tmp_path / f"{lang}.xlsx"
    with client.get("/secretariat/exports/2/download") as download:
        path.write_bytes(download.data)
    return openpyxl.load_workbook(path)


def test_a_submission_can_be_downloaded_by_whoever_may_see_it(
    app, client, auth, dummy_world, tmp_path
):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    client.post(
        f"/submissions/{sid}/answers",
        data={"focal_point_name": "=1+1", "loaded_version": current_version(app, sid)},
    )
    response = client.get(f"/submissions/{sid}/workbook.xlsx")
    assert response.status_code == 200
    path = tmp_path / "one.xlsx"
    path.write_bytes(response.data)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Overview", "Pre-meeting questionnaire", "Priority", "Proposal"]
    overview = list(workbook["Overview"].iter_rows(min_row=5, values_only=True))
    assert overview == [
        (
            "Country MA",
            "MA",
            "Africa",
            dt.datetime.combine(meeting_day(), dt.time()),
            "Draft",
            "Not started",
        )
    ]
    sheet = workbook["Pre-meeting questionnaire"]
    cells = row_dict(sheet, 2)
    assert cells["State"].value == "Draft"
    assert "=1+1" in {c.value for c in cells.values()}


def test_writer_limits(tmp_path):
    path = tmp_path / "limits.xlsx"
    writer = WorkbookWriter(path)
    names = [
        writer.sheet_name(n)
        for n in [
            "A very long questionnaire title that goes on",
            "A very long questionnaire title that goes on",
            "Bad/name:[x]?",
        ]
    ]
    sheet = writer.add_sheet("Limits")
    writer.write_row(sheet, 0, ["x" * 40000, dt.date(2021, 3, 8), 3.5, None, True])
    writer.close()
    assert all(len(n) <= 31 for n in names) and len(set(names)) == 3
    assert names[2] == "Bad name  x"
    row = list(openpyxl.load_workbook(path)["Limits"].iter_rows(values_only=True))[0]
    assert len(row[0]) == MAX_CELL_CHARS and row[0].endswith("[…]")
    assert row[1] == dt.datetime(2021, 3, 8) and row[2] == 3.5 and row[4] is True


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_cli_export(runner, app, client, auth, dummy_world, tmp_path, lang):
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    out = tmp_path / "cli.xlsx"
    result = runner.invoke(args=["export-workbook", "--out", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert "1 approved submission." in result.output
    workbook = openpyxl.load_workbook(out)
    assert workbook[workbook.sheetnames[1]].max_row == 2
