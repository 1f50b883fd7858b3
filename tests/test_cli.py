"""Setting up a real consultation from the command line, as the README tells production."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import Conflict
from app.extensions import db
from app.submissions.services import start_submission
from app.users.models import User

ROSTER = (
    "iso2,region,name_en,name_fr,name_ar\n"
    "MA,africa,Morocco,Maroc,المغرب\n"
    "JO,arab,Jordan,Jordanie,الأردن\n"
)


def create_consultation_args(slug: str) -> list[str]:
    titles = ["--title-en", "X", "--title-fr", "X", "--title-ar", "X"]
    return ["create-consultation", "--slug", slug, *titles]


def test_roster_consultation_meeting_and_accounts(app, runner, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    result = runner.invoke(args=["import-commissions", str(roster)])
    assert result.exit_code == 0 and "Commissions: 2 created, 0 updated" in result.output
    assert (
        "Commissions: 0 created, 0 updated"
        in runner.invoke(args=["import-commissions", str(roster)]).output
    )

    result = runner.invoke(
        args=[
            "create-consultation",
            "--slug",
            "meetings-2022",
            "--title-en",
            "Meetings 2022",
            "--title-fr",
            "Réunions 2022",
            "--title-ar",
            "اجتماعات 2022",
            "--before",
            "pre_meeting",
            "--after",
            "post_meeting",
        ]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=[
            "add-meeting",
            "--consultation",
            "meetings-2022",
            "--commission",
            "ma",
            "--date",
            "2022-05-02",
        ]
    )
    assert result.exit_code == 0 and "planned" in result.output, result.output
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "focal@ma.example.org",
            "--name",
            "Focal MA",
            "--role",
            "commission",
            "--commission",
            "MA",
        ],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "rev@example.org",
            "--name",
            "Reviewer",
            "--role",
            "reviewer",
        ],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert result.exit_code == 0
    result = runner.invoke(args=["assign-reviewer", "rev@example.org", "MA"])
    assert "now reviews 1 commission." in result.output

    with app.app_context():
        focal = db.session.scalar(db.select(User).where(User.email == "focal@ma.example.org"))
        meeting_id = (
            focal.commission and db.session.execute(db.text("SELECT id FROM meetings")).scalar()
        )
        # Before its window opens (30 days before the meeting), it cannot be started.
        meeting_date = db.session.execute(db.text("SELECT meeting_date FROM meetings")).scalar()
        meeting_date = dt.date.fromisoformat(str(meeting_date))
        with pytest.raises(Conflict, match="Opens on"):
            start_submission(focal, meeting_id, "pre_meeting", meeting_date - dt.timedelta(40))
        submission = start_submission(
            focal, meeting_id, "pre_meeting", meeting_date - dt.timedelta(days=10)
        )
        assert submission.state == "draft"


def test_setup_commands_explain_mistakes(app, runner, tmp_path):
    roster = tmp_path / "bad.csv"
    roster.write_text("iso2,region,name_en,name_fr,name_ar\nMAR,mars,Morocco,,x\n", "utf-8")
    result = runner.invoke(args=["import-commissions", str(roster)])
    assert result.exit_code == 1
    assert "bad.csv:2: iso2: 'MAR' is not a two-letter code" in result.output
    assert "bad.csv:2: region: 'mars' is not one of" in result.output
    assert "bad.csv:2: name_fr: empty" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(args=[*create_consultation_args("x-2022"), "--before", "nonexistent"])
    assert result.exit_code == 1 and "No stored definition 'nonexistent'" in result.output
    result = runner.invoke(
        args=["add-meeting", "--consultation", "nope", "--commission", "MA", "--date", "2022-01-01"]
    )
    assert result.exit_code == 1 and "No consultation 'nope'" in result.output


def test_shura_help_lists_every_command():
    shura = Path(sys.executable).with_name("shura")
    result = subprocess.run([shura, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for command in [
        "definitions",
        "seed-demo",
        "export-workbook",
        "worker",
        "create-user",
        "assign-reviewer",
        "import-commissions",
        "create-consultation",
        "add-meeting",
        "api-token",
        "db",
        "run",
    ]:
        assert f"\n  {command} " in result.stdout, command


def test_roster_duplicates_and_encoding_are_explained(app, runner, tmp_path):
    duplicate = tmp_path / "dup.csv"
    duplicate.write_text(ROSTER + "MA,africa,Morocco,Maroc,المغرب\n", encoding="utf-8")
    result = runner.invoke(args=["import-commissions", str(duplicate)])
    assert result.exit_code == 1 and "dup.csv:4: iso2: 'MA' is also on line 2" in result.output
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "iso2,region,name_en,name_fr,name_ar\nCI,africa,Ivory,Côte,x\n".encode("latin-1")
    )
    result = runner.invoke(args=["import-commissions", str(latin)])
    assert result.exit_code == 1 and "not UTF-8 text" in result.output
    result = runner.invoke(
        args=[
            *create_consultation_args("twice"),
            "--before",
            "pre_meeting",
            "--after",
            "pre_meeting",
        ]
    )
    assert result.exit_code == 1 and "asked once: pre_meeting" in result.output


def test_export_workbook_refuses_a_file_it_cannot_write_as_named(runner, dummy_world, tmp_path):
    missing = runner.invoke(args=["export-workbook", "--out", str(tmp_path / "no" / "x.xlsx")])
    assert missing.exit_code == 2 and "There is no folder" in missing.output
    assert "Traceback" not in missing.output
    for mode, name, hint in (("csv", "x.xlsx", "x.zip"), ("workbook", "x.zip", "x.xlsx")):
        wrong = runner.invoke(
            args=["export-workbook", "--mode", mode, "--out", str(tmp_path / name)]
        )
        assert wrong.exit_code == 2 and hint in wrong.output, wrong.output
        assert not (tmp_path / name).exists()
