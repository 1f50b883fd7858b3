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


# --- production refusals: before every command that writes, at every run -------------------

STRONG_KEY = "5f0c2a9e8b7d4c3f1a6e9d0b2c4f7a18"


def production_cli(app):
    """The `shura` command group as the console script runs it, on ``app``."""
    from flask.cli import ScriptInfo

    from app.cli import cli

    def invoke(*args):
        return app.test_cli_runner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))

    return invoke


@pytest.fixture
def production_with_demo_account(postgres_app, tmp_path):
    """A production app (as the CLI loads it) on a database holding one demo account."""
    from tests.conftest import make_app
    from tests.helpers import create_user

    with postgres_app.app_context():
        user = create_user("demo@example.org", "secretariat")
        user.is_demo = True
        db.session.commit()
    return make_app(
        postgres_app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path,
        SHURA_ENV="production",
        SECRET_KEY=STRONG_KEY,
        DEMO_ACCOUNTS_STRICT=False,
    )


def user_emails(app) -> list[str]:
    with app.app_context():
        emails = sorted(db.session.scalars(db.select(User.email)))
        db.session.remove()
        return emails


def test_writing_commands_refuse_while_demo_accounts_exist(production_with_demo_account, tmp_path):
    app = production_with_demo_account
    invoke = production_cli(app)
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    before = user_emails(app)
    writing = [
        [
            "create-user",
            "--email",
            "x@example.org",
            "--name",
            "X",
            "--role",
            "secretariat",
            "--password",
            "a-good-password-1",
        ],
        ["api-token", "create", "--email", "demo@example.org"],
        ["api-token", "revoke", "--email", "demo@example.org", "--all"],
        ["import-commissions", str(roster)],
        ["definitions", "sync"],
        ["seed-demo", "--submissions", "0"],
        ["reminders"],
        ["assign-reviewer", "demo@example.org", "--all"],
        ["export-workbook", "--out", str(tmp_path / "x.xlsx")],
        ["db", "upgrade"],
    ]
    for args in writing:
        result = invoke(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "demo account" in result.output, (args, result.output)
    assert user_emails(app) == before
    assert not (tmp_path / "x.xlsx").exists()
    with app.app_context():
        from app.users.models import Commission

        assert db.session.scalar(db.select(db.func.count(Commission.id))) == 0
        db.session.remove()
    # What only reads still runs, to look into what is wrong.
    result = invoke("definitions", "check")
    assert result.exit_code == 0, result.output
    result = invoke("api-token", "list", "--email", "demo@example.org")
    assert result.exit_code == 0, result.output


def test_every_command_is_read_only_or_checked_first(app):
    """A new command is checked by default: only those named read-only skip the checks."""
    import click
    from flask.cli import ScriptInfo

    from app.cli import READ_ONLY_COMMANDS, cli

    context = click.Context(cli, obj=ScriptInfo(create_app=lambda: app))
    seen = set()

    def walk(group, prefix):
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            path = f"{prefix} {name}".strip()
            if isinstance(command, click.Group):
                walk(command, path)
                continue
            seen.add(path)
            checked = getattr(command.callback, "checks_production", False)
            assert checked != (path in READ_ONLY_COMMANDS), path

    with context:
        walk(cli, "")
    assert READ_ONLY_COMMANDS <= seen  # no stale name hides a renamed command
    for writing in ["seed-demo", "db upgrade", "definitions sync", "api-token create", "run"]:
        assert writing in seen and writing not in READ_ONLY_COMMANDS


def test_seed_demo_refuses_production_without_creating_anything(postgres_app, tmp_path):
    from tests.conftest import make_app

    app = make_app(
        postgres_app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path,
        SHURA_ENV="production",
        SECRET_KEY=STRONG_KEY,
        DEMO_ACCOUNTS_STRICT=False,
    )
    result = production_cli(app)("seed-demo", "--submissions", "0")
    assert result.exit_code == 1
    assert "never created under SHURA_ENV=production" in result.output
    assert user_emails(app) == []
    # The functions themselves refuse too, for a caller that is not the command.
    from app.config import ConfigurationError
    from app.demo.seed import seed

    with app.app_context(), pytest.raises(ConfigurationError, match="SHURA_ENV=production"):
        seed(0)


@pytest.fixture
def empty_database(postgres_url):
    """A database of its own (its own Alembic version table), dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from app.config import normalise_database_url

    base = make_url(normalise_database_url(postgres_url))
    name = f"shura_cli_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def shura(env: dict, *args) -> subprocess.CompletedProcess:
    import os

    command = [str(Path(sys.executable).with_name("shura")), *args]
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SHURA_", "FLASK_")) and key not in ("REDIS_URL", "DATABASE_URL")
    }
    return subprocess.run(
        command, env={**environ, **env}, capture_output=True, text=True, timeout=300
    )


def test_production_command_line_from_a_fresh_database(empty_database, tmp_path):
    """As the README runs production: the schema is made, demo data is refused at each
    run, and once demo accounts got in by another way, every writing command refuses."""
    env = {
        "SHURA_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "DATABASE_URL": empty_database,
        "SHURA_EXPORT_DIR": str(tmp_path / "exports"),
        "LANG": "en_US.UTF-8",
    }
    upgraded = shura(env, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    for _run in range(2):  # not only at start-up: each run refuses on its own
        seeded = shura(env, "seed-demo", "--submissions", "0")
        assert seeded.returncode == 1
        assert "never created under SHURA_ENV=production" in seeded.stderr
        assert "Traceback" not in seeded.stderr
    from tests.conftest import make_app
    from tests.helpers import create_user

    # Demo accounts come in some other way: a development run on this database.
    development = make_app(empty_database, tmp_path)
    assert user_emails(development) == []
    with development.app_context():
        create_user("demo@example.org", "secretariat").is_demo = True
        db.session.commit()
        db.session.remove()
    created = shura(
        env,
        "create-user",
        "--email",
        "a@example.org",
        "--name",
        "A",
        "--role",
        "secretariat",
        "--password",
        "a-good-password-1",
    )
    assert created.returncode == 1 and "demo account" in created.stderr
    assert "Traceback" not in created.stderr
    upgraded = shura(env, "db", "upgrade")
    assert upgraded.returncode == 1 and "demo account" in upgraded.stderr
    checked = shura(env, "definitions", "check")
    assert checked.returncode == 0, checked.stderr
    weak = shura({**env, "SECRET_KEY": " " * 32}, "definitions", "check")
    assert weak.returncode == 1 and "SECRET_KEY must" in weak.stderr
    capital = shura({**env, "SHURA_ENV": "Production"}, "create-user", "--help")
    assert capital.returncode == 1
    assert "development, production" in capital.stderr and "Traceback" not in capital.stderr
