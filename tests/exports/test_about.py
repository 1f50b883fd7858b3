"""About, read back: the filters as they were asked (and how the requester's scope narrowed
them), the states the requester may see, and the rows of every sheet or file."""

import csv
import io
import zipfile

import openpyxl
from sqlalchemy import select

from app.extensions import db
from app.users.models import Commission
from tests.exports.test_options import build, two_approved  # noqa: F401 (a fixture)
from tests.helpers import start_submission_as


def about_of(path, sheet="About") -> dict:
    workbook = openpyxl.load_workbook(path)
    return {r[0]: r[1] for r in workbook[sheet].iter_rows(values_only=True) if r and r[0]}


def commission_id(app, iso2: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Commission.id).where(Commission.iso2 == iso2))


def test_filters_as_asked_even_when_nothing_matched(app, two_approved, tmp_path):  # noqa: F811
    morocco = commission_id(app, "MA")
    path, result = build(app, tmp_path, commission_ids=(morocco,), regions=("asia",))
    assert result.rows == 0
    about = about_of(path)
    assert about["Commissions"] == "Country MA (MA)"
    assert about["Regions"] == "Asia"
    path, _result = build(app, tmp_path, "both.xlsx", regions=("europe", "asia"))
    about = about_of(path)
    assert about["Regions"] == "Asia, Europe" and about["Commissions"] == "All"
    # In the workbook's language.
    path, _result = build(app, tmp_path, "fr.xlsx", lang="fr", commission_ids=(morocco,))
    workbook = openpyxl.load_workbook(path)
    about = about_of(path, workbook.sheetnames[0])
    assert "Pays MA (MA)" in about.values()
    assert "Country MA" not in str(list(about.values()))


def test_filters_narrowed_by_a_reviewers_scope(app, two_approved, tmp_path):  # noqa: F811
    """reviewer.sn reviews Senegal only (in Europe, for the test)."""
    narrowed = "All, limited to the commissions assigned to the requester: Country SN (SN)"
    for regions, expected in (
        ((), "All"),
        (("africa",), "Africa"),
        (("africa", "europe"), "Africa, Europe"),
    ):
        path, _result = build(
            app, tmp_path, f"r{len(regions)}.xlsx", actor="reviewer.sn@test.org", regions=regions
        )
        about = about_of(path)
        assert about["Regions"] == expected
        assert about["Commissions"] == narrowed
    senegal = commission_id(app, "SN")
    path, _result = build(
        app, tmp_path, "sn.xlsx", actor="reviewer.sn@test.org", commission_ids=(senegal,)
    )
    assert about_of(path)["Commissions"] == "Country SN (SN)"  # nothing narrowed
    path, _result = build(app, tmp_path, "focal.xlsx", actor="focal.ma@test.org")
    assert about_of(path)["Commissions"] == (
        "All, limited to the requester's own commission: Country MA (MA)"
    )


def test_states_the_requester_may_not_see_are_said_left_out(
    app,
    client,
    auth,
    two_approved,  # noqa: F811
    tmp_path,
):
    start_submission_as(
        client, auth, "focal.sn@test.org", two_approved["sn_meeting"], "post_meeting"
    )
    auth.logout()
    path, _result = build(app, tmp_path, actor="reviewer.sn@test.org", states=("draft", "returned"))
    about = about_of(path)
    assert about["States included"] == "Returned for revision"
    assert about["States left out"] == (
        "Draft: the requester may not see submissions in these states."
    )
    # Only drafts: nothing included, and nothing read.
    path, result = build(
        app, tmp_path, "drafts.xlsx", actor="reviewer.sn@test.org", states=("draft",)
    )
    assert result.rows == 0
    about = about_of(path)
    assert about["States included"] == "—" and about["States left out"].startswith("Draft:")
    # The secretariat sees drafts: nothing left out.
    path, result = build(app, tmp_path, "all.xlsx", states=("draft", "returned"))
    about = about_of(path)
    assert result.rows == 1 and about["States included"] == "Draft, Returned for revision"
    assert "States left out" not in about


def sheet_rows(rows) -> dict:
    """Sheet -> rows, from About's table of them."""
    rows = [tuple(r) for r in rows]
    start = next(n for n, r in enumerate(rows) if r[:2] == ("Sheet", "Rows"))
    found = {}
    for row in rows[start + 1 :]:
        if not row or not row[0]:
            break
        found[row[0]] = row[1]
    return found


def test_about_lists_every_sheet_with_its_rows(app, two_approved, tmp_path):  # noqa: F811
    path, _result = build(app, tmp_path)
    workbook = openpyxl.load_workbook(path)
    counts = sheet_rows(workbook["About"].iter_rows(values_only=True))
    assert list(counts) == workbook.sheetnames
    assert counts["About"] == workbook["About"].max_row - 1
    assert counts["Pre-meeting"] == 2 and counts["Post-meeting"] == 0
    assert counts["Overview"] == 2
    # Satisfaction: each question's line overall and per region (Africa, Europe).
    satisfaction = list(workbook["Satisfaction"].iter_rows(values_only=True))
    lines = [r for r in satisfaction if r[2] in ("Overall", "Africa", "Europe")]
    assert counts["Satisfaction"] == len(lines) > 0
    # Choices: a line per choice of each question.
    choices = list(workbook["Choices"].iter_rows(values_only=True))
    headers = [n for n, r in enumerate(choices) if r[:3] == ("Choice", "Count", "Percent")]
    totals = [n for n, r in enumerate(choices) if r[0] == "Answered"]
    assert counts["Choices"] == sum(t - h - 1 for h, t in zip(headers, totals, strict=True)) > 0
    # The CSV zip's About lists its files, with the rows beneath their headers.
    path, _result = build(app, tmp_path, "tables.zip", mode="csv")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        files = {
            name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            for name in names
        }
    counts = {name: int(rows) for name, rows in sheet_rows(files["About.csv"]).items()}
    assert list(counts) == names
    assert names.index("Satisfaction.csv") < names.index("Proposals and recommendations.csv")
    for name, rows in files.items():
        headers = 2 if name.startswith(("Pre-meeting", "Post-meeting", "Overview")) else 1
        if name.startswith(("Before", "Proposals")):
            headers = 2
        assert counts[name] == len(rows) - headers, name
