"""The integrated report read back with openpyxl: sheets, headers, typed cells, hostile
answers kept as typed, charts, languages, and Excel's limits."""

import datetime as dt

import openpyxl
import pytest

from app.exports.writer import MAX_CELL_CHARS, WorkbookWriter, utf16_length
from app.extensions import db
from app.submissions.models import Submission
from tests.helpers import VALID_PRE_MEETING, current_version, meeting_day, start_submission_as

#: answers a spreadsheet could take for formulas, links or numbers; they must stay text
HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","click")',
    "@SUM(1)",
    "+1",
    "-1",
    "http://example.org/?a=1&b=<2>",
    "00123",
    "1e5",
    "=1+1",
    "\tTAB=1",
    "مرحبا بكم 👋🏽 في الشورى",
    "TRUE",
    "2021-03-08",
    "<xml>&amp;</xml>",
]
LONG_ANSWER = "Ü" * 39_990 + " end 😀"


def approve(app, client, auth, meeting_id, answers, focal="focal.ma@test.org", code="pre_meeting"):
    """A questionnaire filled and submitted by ``focal``, then approved by the reviewer."""
    sid = start_submission_as(client, auth, focal, meeting_id, code)
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


def export(client, auth, tmp_path, lang="en", job=1, **options):
    auth.login("secretariat@test.org")
    response = client.post("/exports", data={"consultation": 1, "lang": lang, **options})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get("/exports").get_data(as_text=True)
    assert "Ready" in page, page
    path = tmp_path / f"download-{job}.xlsx"
    with client.get(f"/exports/{job}/download") as download:
        assert download.status_code == 200
        path.write_bytes(download.data)
    return openpyxl.load_workbook(path)


def row_dict(sheet, row=3):
    """Label -> cell of a data row, through the labels row (row 1)."""
    labels = [cell.value for cell in sheet[1]]
    return dict(zip(labels, sheet[row], strict=True))


def header_cells(sheet, row=2):
    """Code -> cell of a data row, through the codes row (row 2) beneath the labels."""
    codes = [cell.value for cell in sheet[2]]
    return dict(zip(codes, sheet[row], strict=True))


def test_hostile_answers_come_back_exactly_as_typed(app, client, auth, dummy_world, tmp_path):
    answers = {
        **VALID_PRE_MEETING,
        "focal_point_name": HOSTILE[0],
        "focal_point_position": HOSTILE[1],
        "achievements": "\n".join(HOSTILE),
        "activity_areas": HOSTILE[5],
        "comments": HOSTILE[10],
    }
    for n, text in enumerate(HOSTILE[:5]):
        answers[f"proposals-{n}-proposal"] = text
        answers[f"proposals-{n}-proposal_sector"] = "culture"
    sid = approve(app, client, auth, dummy_world["ma_meeting"], answers)
    with app.app_context():  # longer than a questionnaire here allows: as an import could
        submission = db.session.get(Submission, sid)
        submission.answers = {**submission.answers, "future_perspectives": LONG_ANSWER}
        db.session.commit()
    workbook = export(client, auth, tmp_path)
    cells = header_cells(workbook["Pre-meeting"], 3)
    assert cells["focal_point_name"].value == HOSTILE[0]
    assert cells["focal_point_position"].value == HOSTILE[1]
    assert cells["achievements"].value == "\n".join(HOSTILE)
    assert cells["activity_areas"].value == HOSTILE[5]
    assert cells["comments"].value == HOSTILE[10]
    long = cells["future_perspectives"].value
    assert utf16_length(long) <= MAX_CELL_CHARS and long.endswith("[…]")
    assert LONG_ANSWER.startswith(long[: -len(" […]")])
    proposals = workbook["Pre-meeting - Proposal"]
    texts = [row[4] for row in proposals.iter_rows(min_row=3, values_only=True)]
    assert texts == HOSTILE[:5]
    # Every cell of every sheet: text stays text, no formula, no link.
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f" and cell.hyperlink is None, (sheet.title, cell)
                if isinstance(cell.value, str) and cell.value in HOSTILE:
                    assert cell.data_type == "s"
    about = [row for row in workbook["About"].iter_rows(values_only=True)]
    cut = [row for row in about if row[0] == "Cut cells"]
    assert cut and "1 answer was longer" in cut[0][1], cut
    where = f"Pre-meeting!{cells['future_perspectives'].coordinate}"
    assert (None, where) in [row[:2] for row in about], about


def test_sheets_headers_and_typed_cells(app, client, auth, dummy_world, tmp_path):
    answers = {
        **VALID_PRE_MEETING,
        "staff_count": "12",
        "challenges": ["funding", "covid_19"],
        "priorities-1-title": "Science clubs",
        "priorities-1-sector": "science",
    }
    sid = approve(app, client, auth, dummy_world["ma_meeting"], answers)
    # Senegal's stays a draft: in the Overview, not in the questionnaire sheet.
    start_submission_as(client, auth, "focal.sn@test.org", dummy_world["sn_meeting"])
    auth.logout()
    workbook = export(client, auth, tmp_path)
    assert workbook.sheetnames == [
        "About",
        "Overview",
        "Pre-meeting",
        "Pre-meeting - Priority",
        "Pre-meeting - Proposal",
        "Post-meeting",
        "Post-meeting - Agreed action",
        "Satisfaction",
        "Choices",
        "Before and after",
        "Proposals and recommendations",
    ]
    sheet = workbook["Pre-meeting"]
    labels = [c.value for c in sheet[1]]
    codes = [c.value for c in sheet[2]]
    assert labels[:8] == [
        "Member state",
        "ISO code",
        "Region",
        "Meeting (scheduled date)",
        "Submission",
        "State",
        "Submitted on",
        "Approved on",
    ]
    assert codes[:9] == [
        "_member_state",
        "_iso2",
        "_region",
        "_meeting_date",
        "_submission_id",
        "_state",
        "_submitted",
        "_approved",
        "focal_point_name",
    ]
    assert (
        sheet.freeze_panes == "A3"
        and sheet.auto_filter.ref == f"A2:{sheet.cell(3, len(codes)).coordinate}"
    )
    assert sheet.max_row == 3  # labels, codes, Morocco's approved submission
    cells = header_cells(sheet, 3)
    assert cells["_member_state"].value == "Country MA" and cells["_state"].value == "Approved"
    assert cells["_submission_id"].value == sid and cells["_submission_id"].data_type == "n"
    assert cells["_meeting_date"].value == dt.datetime.combine(meeting_day(), dt.time())
    assert isinstance(cells["_submitted"].value, dt.datetime)
    assert cells["_approved"].value >= cells["_submitted"].value
    assert cells["staff_count"].value == 12 and cells["staff_count"].data_type == "n"
    assert cells["satisfaction_cooperation"].value == 4
    assert cells["women_programmes"].value is True and cells["women_programmes"].data_type == "b"
    # A multiple choice: the chosen labels, then one 0/1 column per choice.
    assert cells["challenges"].value == "Funding; Disruption caused by COVID-19"
    assert cells["challenges/funding"].value == 1 and cells["challenges/covid_19"].value == 1
    assert cells["challenges/human_resources"].value == 0
    assert "challenges/other" in cells and cells["challenges_other"].value is None
    # The priorities: one row per item, keyed back to the submission's row.
    priorities = workbook["Pre-meeting - Priority"]
    items = [header_cells(priorities, row) for row in (3, 4)]
    assert [item["_submission_id"].value for item in items] == [sid, sid]
    assert [item["_item"].value for item in items] == [1, 2]
    assert [item["sector"].value for item in items] == ["Education", "Science"]
    assert workbook["Post-meeting"].max_row == 2  # headers only
    # The Overview: counts per state above, one row per meeting below.
    overview = workbook["Overview"]
    rows = list(overview.iter_rows(values_only=True))
    assert rows[0][0] == "Test consultation"
    assert ("Pre-meeting", "Count", "Post-meeting", "Count") == rows[2][:4]
    assert ("Approved", 1) == rows[3][:2] and ("Draft", 1) == rows[4][:2]
    header_row = next(n for n, row in enumerate(rows) if row[0] == "Member state")
    by_iso = {row[1]: row for row in rows[header_row + 2 :]}
    assert by_iso["MA"][4] == "Held" and by_iso["MA"][6] == "Approved"
    assert by_iso["MA"][5] and by_iso["SN"][5]  # their reviewers' names
    assert by_iso["SN"][6] == "Draft" and by_iso["SN"][9] == "Not started"
    # Proposals and recommendations: Morocco's two priorities.
    table = workbook["Proposals and recommendations"]
    entries = list(table.iter_rows(min_row=3, values_only=True))
    assert [(e[1], e[4], e[5], e[8], e[10]) for e in entries] == [
        ("MA", "Priority", "Education", "Teacher training", "Pre-meeting"),
        ("MA", "Priority", "Science", "Science clubs", "Pre-meeting"),
    ]


def test_summaries_have_their_charts(app, client, auth, dummy_world, tmp_path):
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    approve(
        app,
        client,
        auth,
        dummy_world["sn_meeting"],
        {**VALID_PRE_MEETING, "satisfaction_cooperation": "2", "women_programmes": "no"},
        focal="focal.sn@test.org",
    )
    workbook = export(client, auth, tmp_path)
    satisfaction = workbook["Satisfaction"]
    assert len(satisfaction._charts) == 1
    rows = list(satisfaction.iter_rows(values_only=True))
    overall = next(
        r
        for r in rows
        if r[0]
        and r[0].startswith("Overall, how satisfied")
        and r[2] == "Overall"
        and r[1] == "Pre-meeting"
    )
    # answers, mean, then the count of each point 1-5, then their shares
    assert overall[3:10] == (2, 3.0, 0, 1, 0, 1, 0)
    assert overall[10:15] == (0, 0.5, 0, 0.5, 0)
    choices = workbook["Choices"]
    assert len(choices._charts) >= 5
    values = list(choices.iter_rows(values_only=True))
    start = next(n for n, r in enumerate(values) if r[0] and "run programmes" in r[0])
    assert values[start + 1][:3] == ("Choice", "Count", "Percent")
    assert values[start + 2][:3] == ("Yes", 1, 0.5) and values[start + 3][:3] == ("No", 1, 0.5)
    # Before and after needs both questionnaires of a meeting: none approved after yet.
    assert workbook["Before and after"].max_row == 2


def test_french_and_arabic_workbooks(app, client, auth, dummy_world, tmp_path):
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    french = export(client, auth, tmp_path, lang="fr")
    assert french.sheetnames[:4] == [
        "À propos",
        "Vue d'ensemble",
        "Avant la réunion",
        "Avant la réunion - Priorité",
    ]
    assert all(len(name) <= 31 for name in french.sheetnames)
    # A name too long for Excel is cut at a word and says so.
    assert "Après la réunion - Action…" in french.sheetnames
    assert len({name.lower() for name in french.sheetnames}) == len(french.sheetnames)
    cells = header_cells(french["Avant la réunion"], 3)
    assert cells["_state"].value == "Approuvé"
    assert french["Avant la réunion"]["A1"].value == "État membre"
    assert cells["women_programmes"].value is True
    arabic = export(client, auth, tmp_path, lang="ar", job=2)
    assert arabic.sheetnames[1] == "نظرة عامة" and arabic.sheetnames[2] == "قبل الاجتماع"
    assert all(sheet.sheet_view.rightToLeft for sheet in arabic.worksheets)
    cells = header_cells(arabic["قبل الاجتماع"], 3)
    assert cells["_state"].value == "معتمد"
    assert "بعد الاجتماع - الإجراء المتفق…" in arabic.sheetnames
    priorities = header_cells(arabic["قبل الاجتماع - الأولوية"], 3)
    assert priorities["sector"].value == "التربية"
    # The post-meeting sheet names its two dates apart, in every language.
    for book in (french, arabic):
        post = book[book.sheetnames[5]]
        labels = [c.value for c in post[1]]
        assert len(set(labels)) == len(labels), labels


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
    assert "Post-meeting" not in workbook.sheetnames
    overview = list(workbook["Overview"].iter_rows(values_only=True))
    assert [row[1] for row in overview if row[1] in ("MA", "SN")] == ["MA"]
    cells = header_cells(workbook["Pre-meeting"], 3)
    assert cells["_state"].value == "Draft" and cells["focal_point_name"].value == "=1+1"
    auth.logout()
    auth.login("focal.sn@test.org")
    assert client.get(f"/submissions/{sid}/workbook.xlsx").status_code == 404


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
    emoji = "😀" * 20_000  # 40,000 UTF-16 units: Excel's limit counts them
    writer.write_row(
        sheet,
        0,
        ["x" * 40000, dt.date(2021, 3, 8), 3.5, None, True, emoji, 10**16, -1, float("nan")],
    )
    writer.close()
    assert all(len(n) <= 31 for n in names) and len(set(names)) == 3
    assert names[:2] == ["A very long questionnaire…", "A very long questionnaire… (2)"]
    assert names[2] == "Bad name  x"
    # A continuation keeps its number whole; one word longer than a name is cut within.
    assert writer.sheet_name("A very long questionnaire title that goes on", " (3)") == (
        "A very long questionnaire… (3)"
    )
    assert writer.sheet_name("W" * 40) == "W" * 30 + "…"
    row = list(openpyxl.load_workbook(path)["Limits"].iter_rows(values_only=True))[0]
    assert len(row[0]) == MAX_CELL_CHARS and row[0].endswith("[…]")
    assert row[1] == dt.datetime(2021, 3, 8) and row[2] == 3.5 and row[4] is True
    assert utf16_length(row[5]) <= MAX_CELL_CHARS and row[5].endswith("😀 […]")
    assert row[6] == str(10**16) and row[7] == -1 and row[8] == "nan"
    assert writer.truncated_count == 2 and writer.truncated[0] == ("Limits", "A1")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_cli_export(runner, app, client, auth, dummy_world, tmp_path, lang):
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    out = tmp_path / "cli.xlsx"
    result = runner.invoke(args=["export-workbook", "--out", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert "1 submission." in result.output
    workbook = openpyxl.load_workbook(out)
    assert workbook[workbook.sheetnames[2]].max_row == 3
    about = {
        row[0]: row[1]
        for row in workbook["About" if lang == "en" else "حول"].iter_rows(values_only=True)
        if row and row[0]
    }
    assert any("shura" in str(value) for value in about.values())


def test_approved_on_is_the_approval_that_led_to_the_current_state(
    app, client, auth, dummy_world, tmp_path
):
    """Reopened, a submission has no approval date (its approval was undone); approved
    again, it has the new one, not the first."""
    from sqlalchemy import select, update

    from app.submissions.models import SubmissionHistory

    morocco = approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    approve(
        app, client, auth, dummy_world["sn_meeting"], VALID_PRE_MEETING, focal="focal.sn@test.org"
    )
    with app.app_context():  # Morocco's first approval, put two days back (history rows
        # are append-only for the ORM: a plain UPDATE, as for an older record)
        approval = (SubmissionHistory.submission_id == morocco) & (
            SubmissionHistory.action == "approve"
        )
        first_approval = db.session.scalar(select(SubmissionHistory.at).where(approval))
        first_approval -= dt.timedelta(days=2)
        db.session.execute(update(SubmissionHistory).where(approval).values(at=first_approval))
        db.session.commit()
    auth.login("secretariat@test.org")
    data = {
        "action": "reopen",
        "comment": "A typo",
        "loaded_version": current_version(app, morocco),
    }
    assert client.post(f"/submissions/{morocco}/actions", data=data).status_code == 302
    workbook = export(client, auth, tmp_path, states=["approved", "returned"])
    sheet = workbook["Pre-meeting"]
    rows = {cells["_iso2"].value: cells for cells in (header_cells(sheet, n) for n in (3, 4))}
    assert rows["MA"]["_state"].value == "Returned for revision"
    assert rows["MA"]["_approved"].value is None
    assert rows["SN"]["_state"].value == "Approved" and rows["SN"]["_approved"].value
    overview = list(workbook["Overview"].iter_rows(values_only=True))
    by_iso = {row[1]: row for row in overview if row[1] in ("MA", "SN")}
    assert by_iso["MA"][6:9] == ("Returned for revision", by_iso["MA"][7], None)
    assert by_iso["SN"][6] == "Approved" and by_iso["SN"][8] is not None
    auth.logout()
    # Submitted and approved again: the new approval.
    auth.login("focal.ma@test.org")
    data = {**VALID_PRE_MEETING, "loaded_version": current_version(app, morocco)}
    data["intent"] = "submit"
    assert client.post(f"/submissions/{morocco}/answers", data=data).status_code == 302
    auth.logout()
    auth.login("reviewer@test.org")
    for action in ("start_review", "approve"):
        data = {"action": action, "loaded_version": current_version(app, morocco)}
        assert client.post(f"/submissions/{morocco}/actions", data=data).status_code == 302
    auth.logout()
    with app.app_context():
        latest = db.session.scalar(
            select(SubmissionHistory.at)
            .where(SubmissionHistory.submission_id == morocco)
            .order_by(SubmissionHistory.id.desc())
            .limit(1)
        )
    workbook = export(client, auth, tmp_path, job=2)
    cells = header_cells(workbook["Pre-meeting"], 3)
    assert cells["_iso2"].value == "MA" and cells["_state"].value == "Approved"
    assert abs(cells["_approved"].value - latest) < dt.timedelta(seconds=1)
    assert cells["_approved"].value - first_approval > dt.timedelta(days=1)
