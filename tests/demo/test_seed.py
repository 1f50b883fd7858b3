"""Demo data: idempotent, spread over every member state, valid, and matching the workbook."""

from collections import Counter

import openpyxl
from sqlalchemy import func, select

from app.consultations.models import Meeting
from app.extensions import db
from app.questionnaires.validation import validate_answers
from app.submissions.models import Submission
from app.users.models import Commission, User


def counts():
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Commission, User, Meeting, Submission)
    }


def test_seed_demo_is_idempotent_and_plausible(app, runner, tmp_path):
    result = runner.invoke(args=["seed-demo", "--submissions", "150"])
    assert result.exit_code == 0, result.output
    assert "secretariat@example.org" in result.output and "shura-demo" in result.output
    with app.app_context():
        first = counts()
        assert first["Commission"] == 54 and first["Submission"] == 150
        commissions = db.session.scalars(select(Commission)).all()
        assert {c.region for c in commissions} == {"africa", "arab", "asia", "europe", "americas"}
        assert all(c.name_fr and c.name_ar for c in commissions)
        submissions = db.session.scalars(select(Submission)).all()
        assert len({s.commission_id for s in submissions}) == 54  # spread over all states
        states = Counter(s.state for s in submissions)
        assert set(states) == {"draft", "submitted", "in_review", "returned", "approved"}
        for submission in submissions:
            assert submission.history[-1].to_state == submission.state
            if submission.state != "draft":
                assert (
                    validate_answers(submission.definition, submission.answers, complete=True) == {}
                )
        text = " ".join(str(v) for s in submissions for v in s.answers.values())
        assert any("\u0600" <= ch <= "\u06ff" for ch in text)  # Arabic answers
        assert "é" in text  # French answers
        approved = Counter(s.questionnaire_code for s in submissions if s.state == "approved")

    again = runner.invoke(args=["seed-demo", "--submissions", "150"])
    assert again.exit_code == 0 and "nothing to add" in again.output
    with app.app_context():
        assert counts() == first

    out = tmp_path / "demo.xlsx"
    result = runner.invoke(args=["export-workbook", "--out", str(out)])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(out, read_only=True)
    assert workbook["Pre-meeting"].max_row - 2 == approved["pre_meeting"]  # under 2 headers
    assert workbook["Post-meeting"].max_row - 2 == approved["post_meeting"]
    overview = list(workbook["Overview"].iter_rows(values_only=True))
    header = next(n for n, row in enumerate(overview) if row[0] == "Member state")
    assert len(overview) - header - 2 == first["Meeting"]
    workbook.close()


def test_demo_accounts_can_sign_in(app, runner, client, auth):
    runner.invoke(args=["seed-demo", "--submissions", "0"])
    for email, home in [
        ("secretariat@example.org", "/secretariat/"),
        ("reviewer@example.org", "/review/"),
        ("focal.ma@example.org", "/commission/"),
    ]:
        response = auth.login(email, "shura-demo")
        assert response.headers["Location"] == home
        assert client.get(home).status_code == 200
        auth.logout()


def test_a_seed_on_postgresql_leaves_the_planner_knowing_the_table_sizes(postgres_app):
    """Plans chosen on a never-analysed table (reltuples -1) made the first export after a
    seed several times slower; the seed ends with ANALYZE."""
    from sqlalchemy import text

    result = postgres_app.test_cli_runner().invoke(args=["seed-demo", "--submissions", "30"])
    assert result.exit_code == 0, result.output
    with postgres_app.app_context():
        known = db.session.scalar(
            text("SELECT reltuples FROM pg_class WHERE relname = 'submissions'")
        )
    assert known >= 30
