"""The export's options and modes, each file read back: states, commissions, regions, dates,
codes-only headers, a zip per commission or per sector, CSV, and a table past a sheet's
last row."""

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from app.exports.options import ExportOptions, OptionError
from app.exports.report import build_export
from app.extensions import db
from app.users.models import User
from tests.exports.test_workbook import approve, header_cells
from tests.helpers import VALID_PRE_MEETING, meeting_day, start_submission_as


@pytest.fixture
def two_approved(app, client, auth, dummy_world):
    """Morocco (Africa) and Senegal (Europe, for the test) approved; Senegal's proposal in
    culture, Morocco's priority in education."""
    with app.app_context():
        from app.users.models import Commission

        db.session.scalar(select(Commission).where(Commission.iso2 == "SN")).region = "europe"
        db.session.commit()
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    senegal = {
        **VALID_PRE_MEETING,
        "focal_point_name": "Awa Diop",
        "proposals-0-proposal": "=A joint festival",
        "proposals-0-proposal_sector": "culture",
        "proposals-0-proposal_type": "event",
    }
    approve(app, client, auth, dummy_world["sn_meeting"], senegal, focal="focal.sn@test.org")
    return dummy_world


def build(app, tmp_path, name="out.xlsx", actor="secretariat@test.org", **options):
    path = tmp_path / name
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == actor))
        result = build_export(ExportOptions(consultation_id=1, **options), user, path)
    return path, result


def rows_of(sheet, first=3):
    return list(sheet.iter_rows(min_row=first, values_only=True))


def test_states_commissions_regions_and_dates(app, client, auth, two_approved, tmp_path):
    # A third submission, a draft of the post-meeting questionnaire, for the states option.
    start_submission_as(
        client, auth, "focal.ma@test.org", two_approved["ma_meeting"], "post_meeting"
    )
    auth.logout()
    path, result = build(app, tmp_path)
    assert result.rows == 2
    workbook = openpyxl.load_workbook(path)
    assert [r[1] for r in rows_of(workbook["Pre-meeting"])] == ["MA", "SN"]
    assert rows_of(workbook["Post-meeting"]) == []
    path, result = build(app, tmp_path, "drafts.xlsx", states=("draft",))
    workbook = openpyxl.load_workbook(path)
    assert rows_of(workbook["Pre-meeting"]) == []
    assert [(r[1], r[5]) for r in rows_of(workbook["Post-meeting"])] == [("MA", "Draft")]
    about = {r[0]: r[1] for r in workbook["About"].iter_rows(values_only=True) if r and r[0]}
    assert about["States included"] == "Draft"
    with app.app_context():
        from app.users.models import Commission

        senegal = db.session.scalar(select(Commission.id).where(Commission.iso2 == "SN"))
    for options in ({"commission_ids": (senegal,)}, {"regions": ("europe",)}):
        path, result = build(app, tmp_path, "one.xlsx", **options)
        workbook = openpyxl.load_workbook(path)
        assert [r[1] for r in rows_of(workbook["Pre-meeting"])] == ["SN"], options
        overview = [r[1] for r in workbook["Overview"].iter_rows(values_only=True)]
        assert "SN" in overview and "MA" not in overview
        entries = rows_of(workbook["Proposals and recommendations"])
        assert {e[1] for e in entries} == {"SN"}
    day = meeting_day()
    path, result = build(app, tmp_path, "later.xlsx", meetings_from=day + dt.timedelta(days=1))
    assert result.rows == 0
    path, result = build(app, tmp_path, "range.xlsx", meetings_from=day, meetings_to=day)
    assert result.rows == 2
    about = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(path)["About"].iter_rows(values_only=True)
        if r and r[0]
    }
    assert about["Meetings from"] == dt.datetime.combine(day, dt.time())
    assert about["States included"] == "Approved only (the default)"
    with pytest.raises(OptionError):
        ExportOptions(consultation_id=1, meetings_from=day, meetings_to=day - dt.timedelta(days=1))


def test_codes_only_headers(app, two_approved, tmp_path):
    path, _result = build(app, tmp_path, headers="codes")
    sheet = openpyxl.load_workbook(path)["Pre-meeting"]
    assert sheet["A1"].value == "_member_state" and sheet["I1"].value == "focal_point_name"
    assert sheet["A2"].value == "Country MA" and sheet.freeze_panes == "A2"


def test_a_reviewer_exports_only_assigned_commissions(app, two_approved, tmp_path):
    path, result = build(app, tmp_path, actor="reviewer.sn@test.org")
    workbook = openpyxl.load_workbook(path)
    assert [r[1] for r in rows_of(workbook["Pre-meeting"])] == ["SN"]
    overview = [r[1] for r in workbook["Overview"].iter_rows(values_only=True)]
    assert "MA" not in overview
    about = {r[0]: r[1] for r in workbook["About"].iter_rows(values_only=True) if r and r[0]}
    assert about["Commissions"] == (
        "All, limited to the commissions assigned to the requester: Country SN (SN)"
    )


def test_a_zip_of_one_workbook_per_commission(app, two_approved, tmp_path):
    path, result = build(app, tmp_path, "commissions.zip", mode="commissions")
    assert result.files == 2 and result.rows == 2
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names == ["MA - Country MA.xlsx", "SN - Country SN.xlsx"]
        for name in names:
            workbook = openpyxl.load_workbook(io.BytesIO(archive.read(name)))
            iso = name[:2]
            assert [r[1] for r in rows_of(workbook["Pre-meeting"])] == [iso]
            entries = rows_of(workbook["Proposals and recommendations"])
            assert {e[1] for e in entries} == {iso}


def test_a_zip_of_one_workbook_per_sector(app, two_approved, tmp_path):
    path, result = build(app, tmp_path, "sectors.zip", mode="sectors")
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [
            "Education.xlsx",
            "Science.xlsx",
            "Culture.xlsx",
            "Communication.xlsx",
        ]
        culture = openpyxl.load_workbook(io.BytesIO(archive.read("Culture.xlsx")))
        education = openpyxl.load_workbook(io.BytesIO(archive.read("Education.xlsx")))
    assert culture.sheetnames == ["About", "Proposals and recommendations"]
    entries = rows_of(culture["Proposals and recommendations"])
    assert [(e[1], e[4], e[5], e[6], e[8]) for e in entries] == [
        ("SN", "Proposal", "Culture", "Event", "=A joint festival")
    ]
    assert {(e[1], e[4]) for e in rows_of(education["Proposals and recommendations"])} == {
        ("MA", "Priority"),
        ("SN", "Priority"),
    }
    about = {r[0]: r[1] for r in culture["About"].iter_rows(values_only=True) if r and r[0]}
    assert about["Sector"] == "Culture"


def test_a_zip_of_csv_files(app, two_approved, tmp_path):
    path, _result = build(app, tmp_path, "tables.zip", mode="csv")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[0] == "About.csv" and "Pre-meeting.csv" in names
        assert "Satisfaction.csv" in names and "Proposals and recommendations.csv" in names
        raw = archive.read("Pre-meeting.csv")
        proposals = archive.read("Proposals and recommendations.csv").decode("utf-8-sig")
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][:2] == ["_member_state", "_iso2"]
    by_iso = {row[1]: dict(zip(rows[1], row, strict=True)) for row in rows[2:]}
    assert by_iso["SN"]["focal_point_name"] == "Awa Diop"
    assert by_iso["MA"]["staff_count"] == "" and by_iso["MA"]["satisfaction_cooperation"] == "4"
    entries = list(csv.reader(io.StringIO(proposals)))
    texts = [row[8] for row in entries[2:]]
    assert "'=A joint festival" in texts  # neutralised: a spreadsheet shows it as text


def test_a_table_past_the_last_row_continues_on_a_numbered_sheet(app, two_approved, tmp_path):
    path = tmp_path / "small.xlsx"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "secretariat@test.org"))
        # A sheet of 3 rows: the two header rows and one submission.
        build_export(ExportOptions(consultation_id=1), user, path, max_rows=3)
    workbook = openpyxl.load_workbook(path)
    assert "Pre-meeting (2)" in workbook.sheetnames
    first, second = workbook["Pre-meeting"], workbook["Pre-meeting (2)"]
    assert [r[1] for r in rows_of(first)] == ["MA"]
    assert [c.value for c in second[2]] == [c.value for c in first[2]]  # the same headers
    assert [r[1] for r in rows_of(second)] == ["SN"]
    about = [r for r in workbook["About"].iter_rows(values_only=True) if r and r[0]]
    assert ("Pre-meeting (2)", 1) in [r[:2] for r in about]
    continued = [r[1] for r in about if r[0] == "Continued"]
    assert any("Pre-meeting has more rows than a sheet holds" in text for text in continued)
    assert header_cells(second, 3)["_iso2"].value == "SN"


@pytest.mark.parametrize(
    ("flag", "value", "allowed"),
    [
        ("--state", "aproved", "approved (Approved)"),
        ("--region", "afrika", "africa (Africa)"),
        ("--commission", "XX", "MA, SN"),
    ],
)
def test_the_command_refuses_what_does_not_exist(
    runner, dummy_world, tmp_path, flag, value, allowed
):
    out = tmp_path / "typo.xlsx"
    result = runner.invoke(args=["export-workbook", "--out", str(out), flag, value])
    assert result.exit_code != 0
    assert value in result.output and allowed in result.output, result.output
    assert flag in result.output
    assert not out.exists()


def test_the_page_refuses_a_state_the_consultation_does_not_have(client, auth, dummy_world):
    """Awaiting sign-off is a state of the two-step workflow only: this consultation's
    questionnaires follow the other one, so asking for it would give an empty workbook."""
    auth.login("secretariat@test.org")
    offered = client.get("/exports").get_data(as_text=True)
    assert 'value="approved"' in offered and 'value="recommended"' not in offered
    data = {"consultation": 1, "lang": "en", "states": ["approved", "recommended"]}
    response = client.post("/exports", data=data)  # a tampered form
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "recommended" in page and 'class="error-text"' in page
    assert "Recent workbooks" in page and "/exports/1/" not in page  # no job


def test_the_check_is_the_one_the_job_side_uses(app, dummy_world):
    from app.exports.validation import check_options
    from app.jobs.exports import request_export

    with app.app_context():
        reviewer = db.session.scalar(select(User).where(User.email == "reviewer.sn@test.org"))
        from app.users.models import Commission

        morocco = db.session.scalar(select(Commission.id).where(Commission.iso2 == "MA"))
        options = ExportOptions(consultation_id=1, commission_ids=(morocco,))
        with pytest.raises(OptionError) as refused:
            check_options(options, reviewer)  # Morocco is not theirs
        assert refused.value.field == "commission_ids"
        assert str(refused.value) == (  # by its code, not the database's number
            "Not a commission you may export: MA. The commissions are: SN."
        )
        with pytest.raises(OptionError) as refused:
            check_options(ExportOptions(consultation_id=1, commission_ids=(9999,)), reviewer)
        assert "Not a commission you may export: 9999." in str(refused.value)
        secretariat = db.session.scalar(select(User).where(User.email == "secretariat@test.org"))
        with pytest.raises(OptionError) as refused:
            request_export(secretariat, ExportOptions(consultation_id=1, regions=("mars",)))
        assert refused.value.field == "regions" and "mars" in str(refused.value)


def download(client, job_id: int) -> bytes:
    with client.get(f"/exports/{job_id}/download") as response:
        assert response.status_code == 200
        return response.data


def test_an_item_of_several_sectors(app, client, auth, dummy_world, tmp_path):
    """A proposal's sector as a multiple choice: the Proposals sheet names its sectors in
    the workbook's language, and each of its sectors' workbooks holds it."""
    from pathlib import Path

    from app.consultations.definitions import sync_definitions

    forms = tmp_path / "forms"
    forms.mkdir()
    for path in (Path(__file__).resolve().parents[2] / "forms").glob("*.yaml"):
        (forms / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    text = (forms / "pre_meeting.yaml").read_text(encoding="utf-8")
    single = "code: proposal_sector\n            type: select_one"
    assert single in text
    text = text.replace(single, "code: proposal_sector\n            type: select_multiple")
    (forms / "pre_meeting.yaml").write_text(text, encoding="utf-8")
    with app.app_context():
        sync_definitions(forms, Path(app.config["WORKFLOWS_DIR"]))
        db.session.commit()
    answers = {
        **VALID_PRE_MEETING,
        "proposals-0-proposal": "A joint festival of science and heritage",
        "proposals-0-proposal_sector": ["education", "culture"],
    }
    approve(app, client, auth, dummy_world["ma_meeting"], answers)
    auth.login("secretariat@test.org")
    for job, lang in ((1, "en"), (2, "fr")):
        client.post("/exports", data={"consultation": 1, "lang": lang})
        workbook = openpyxl.load_workbook(io.BytesIO(download(client, job)))
        entries = rows_of(workbook[workbook.sheetnames[-1]])
        proposal = [e for e in entries if e[8] == answers["proposals-0-proposal"]]
        expected = "Education; Culture" if lang == "en" else "Éducation; Culture"
        assert [e[5] for e in proposal] == [expected], entries
    client.post("/exports", data={"consultation": 1, "lang": "en", "mode": "sectors"})
    with zipfile.ZipFile(io.BytesIO(download(client, 3))) as archive:
        texts = {
            name: [
                e[8]
                for e in rows_of(
                    openpyxl.load_workbook(io.BytesIO(archive.read(name)))[
                        "Proposals and recommendations"
                    ]
                )
            ]
            for name in archive.namelist()
        }
    festival = answers["proposals-0-proposal"]
    assert festival in texts["Education.xlsx"] and festival in texts["Culture.xlsx"]
    assert festival not in texts["Science.xlsx"] and texts["Science.xlsx"] == []
    assert texts["Education.xlsx"] == ["Teacher training", festival]


def csv_tables(path) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            for name in archive.namelist()
        }


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_csv_summaries_have_the_workbooks_headers_and_percentages(
    app, two_approved, tmp_path, lang
):
    """Satisfaction and Choices in CSV: the workbook's headers, in its language, and shares
    as percentages (the workbook keeps fractions shown with a percent format)."""
    from flask_babel import force_locale

    from app.exports import labels

    path, _result = build(app, tmp_path, f"{lang}.xlsx", lang=lang)
    workbook = openpyxl.load_workbook(path)
    satisfaction = workbook[workbook.sheetnames[-4]]
    sheet_header = next(
        r for r in satisfaction.iter_rows(min_row=2, values_only=True) if r[0] is not None
    )
    path, _result = build(app, tmp_path, f"{lang}.zip", lang=lang, mode="csv")
    tables = csv_tables(path)
    with app.test_request_context(), force_locale(lang):
        words = {key: str(getattr(labels, key)) for key in ("POINT", "COUNT", "PERCENT")}
        names = {key: str(labels.SHEETS[key]) for key in ("satisfaction", "choices")}
    rows = tables[f"{names['satisfaction']}.csv"]
    assert rows[0][:5] == list(sheet_header[:5])  # question, questionnaire, region...
    assert rows[0][5:] == [words["POINT"], words["COUNT"], words["PERCENT"]]
    assert "point" not in rows[0] and "Text" not in rows[0]
    # Both approved answers rate cooperation 4 of 5: 100 percent, not 1.0.
    overall = [r for r in rows[1:] if r[0].startswith(rows[1][0]) and r[2] == rows[1][2]]
    assert [(r[6], r[7]) for r in overall] == [
        ("0", "0.0"),
        ("0", "0.0"),
        ("0", "0.0"),
        ("2", "100.0"),
        ("0", "0.0"),
    ]
    sheet_rows = list(satisfaction.iter_rows(values_only=True))
    line = next(r for r in sheet_rows if r[0] == rows[1][0] and r[2] == rows[1][2])
    assert line[13] == 1.0  # the workbook: a fraction, shown as 100.0%
    choices = tables[f"{names['choices']}.csv"]
    assert choices[0][3:5] == [words["COUNT"], words["PERCENT"]]
    shares = {float(r[4]) for r in choices[1:] if r[4]}
    assert shares == {0.0, 100.0}  # the two answers agree on every choice


def test_zip_members_keep_apostrophes_and_drop_only_what_windows_refuses(
    app, two_approved, tmp_path
):
    from app.exports.names import file_safe

    with app.app_context():
        from app.users.models import Commission

        senegal = db.session.scalar(select(Commission).where(Commission.iso2 == "SN"))
        senegal.name_fr = "Côte d'Ivoire"
        db.session.commit()
    path, _result = build(app, tmp_path, "fr.zip", lang="fr", mode="commissions")
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["MA - Pays MA.xlsx", "SN - Côte d'Ivoire.xlsx"]
    path, _result = build(app, tmp_path, "fr-csv.zip", lang="fr", mode="csv")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert "Vue d'ensemble.csv" in names and "Après la réunion - Action convenue.csv" in names
    assert file_safe('a/b\\c:d*e?f"g<h>i|j\x01. ') == "a_b_c_d_e_f_g_h_i_j_"
    assert file_safe("CON") == "CON_" and file_safe("...") == "file"


def test_the_file_name_says_the_mode(client, auth, two_approved):
    auth.login("secretariat@test.org")
    names = []
    for job, mode in enumerate(("workbook", "csv", "sectors", "commissions"), start=1):
        client.post("/exports", data={"consultation": 1, "lang": "fr", "mode": mode})
        with client.get(f"/exports/{job}/download") as response:
            assert response.status_code == 200
            names.append(response.headers["Content-Disposition"].split("filename=")[-1])
    slug = names[0].split("-fr-")[0]
    assert names == [
        f"{slug}-fr-workbook-1.xlsx",
        f"{slug}-fr-csv-2.zip",
        f"{slug}-fr-sectors-3.zip",
        f"{slug}-fr-commissions-4.zip",
    ]
    assert slug.startswith("shura-")
