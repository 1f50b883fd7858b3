"""Submissions through the API: scoped per role exactly as the pages, filters checked as the
exports' options are, pages that neither repeat nor skip, answers stored and flat (keyed and
filled as the workbook's columns), the CSV file read back, and each submission's history."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import select

from app.api.submissions import make_cursor
from app.consultations.models import Consultation
from app.core.time import utcnow
from app.extensions import db
from app.submissions.models import Submission
from app.submissions.review_queue import review_queue
from app.submissions.services import create_submission
from app.users.models import Commission, User
from tests.api.helpers import bearer, create_token
from tests.exports.test_workbook import HOSTILE, approve
from tests.helpers import (
    STORED_PRE_MEETING,
    VALID_PRE_MEETING,
    create_meeting,
    current_version,
    meeting_day,
    start_submission_as,
)
from tests.web.test_dashboards import counted_statements

EMAILS = {
    "ma": "focal.ma@test.org",
    "sn": "focal.sn@test.org",
    "reviewer": "reviewer@test.org",
    "reviewer_sn": "reviewer.sn@test.org",
    "secretariat": "secretariat@test.org",
}


def submit(app, client, auth, email, meeting_id, answers=VALID_PRE_MEETING, code="pre_meeting"):
    """A questionnaire filled and submitted through the pages."""
    sid = start_submission_as(client, auth, email, meeting_id, code)
    data = {**answers, "loaded_version": current_version(app, sid), "intent": "submit"}
    assert client.post(f"/submissions/{sid}/answers", data=data).status_code == 302
    auth.logout()
    return sid


def act(app, client, auth, email, sid, action, comment=""):
    auth.login(email)
    data = {"action": action, "loaded_version": current_version(app, sid), "comment": comment}
    assert client.post(f"/submissions/{sid}/actions", data=data).status_code == 302
    auth.logout()


@pytest.fixture
def world(app, client, auth, dummy_world):
    """Morocco's pre-meeting questionnaire approved and its post-meeting one a draft;
    Senegal's pre-meeting one submitted. Tokens for everyone."""
    ids = {
        "ma_pre": approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING),
        "ma_post": start_submission_as(
            client, auth, EMAILS["ma"], dummy_world["ma_meeting"], "post_meeting"
        ),
    }
    auth.logout()
    ids["sn_pre"] = submit(app, client, auth, EMAILS["sn"], dummy_world["sn_meeting"])
    tokens = {role: create_token(app, email) for role, email in EMAILS.items()}
    return {**dummy_world, "ids": ids, "tokens": tokens}


def listed(client, token, query="", **expect) -> list[dict]:
    response = client.get(f"/api/v1/submissions{query}", headers=bearer(token))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_json()
    assert page["next"] is None and page["cursor"] is None
    return page["items"]


def ids_of(items) -> list[int]:
    return [item["id"] for item in items]


def test_each_role_lists_what_its_pages_show(app, client, world):
    ids, tokens = world["ids"], world["tokens"]
    ma_pre, ma_post, sn_pre = ids["ma_pre"], ids["ma_post"], ids["sn_pre"]
    assert ids_of(listed(client, tokens["ma"])) == [ma_pre, ma_post]
    assert ids_of(listed(client, tokens["sn"])) == [sn_pre]
    # A draft is not shown to reviewers (the workflow's visible_to), on the pages or here.
    assert ids_of(listed(client, tokens["reviewer"])) == [ma_pre, sn_pre]
    assert ids_of(listed(client, tokens["reviewer_sn"])) == [sn_pre]
    assert ids_of(listed(client, tokens["secretariat"])) == [ma_pre, ma_post, sn_pre]
    # What the review queue shows a reviewer when asked for everything, exactly.
    with app.app_context():
        for email in (EMAILS["reviewer"], EMAILS["reviewer_sn"]):
            reviewer = db.session.scalar(select(User).where(User.email == email))
            queue = sorted(w.submission.id for w in review_queue(reviewer, everything=True))
            token = tokens["reviewer" if email == EMAILS["reviewer"] else "reviewer_sn"]
            assert ids_of(listed(client, token)) == queue

    item = listed(client, tokens["ma"])[0]
    assert item["url"] == f"/api/v1/submissions/{ma_pre}"
    assert item["consultation"] == "test-2021"
    assert item["questionnaire"] == {
        "code": "pre_meeting",
        "version": 1,
        "url": "/api/v1/questionnaires/pre_meeting/versions/1",
    }
    assert item["meeting"]["id"] == world["ma_meeting"] and item["meeting"]["status"] == "held"
    assert item["commission"]["iso2"] == "MA" and item["commission"]["name"]["fr"] == "Pays MA"
    assert item["state"] == "approved" and item["state_label"]["fr"]
    assert item["updated_at"].endswith("+00:00")
    assert item["answers"] == STORED_PRE_MEETING | {
        key: value for key, value in item["answers"].items() if key not in STORED_PRE_MEETING
    }

    # Another commission's submission is answered as one that does not exist; so is a
    # draft for a reviewer.
    missing = client.get("/api/v1/submissions/999999", headers=bearer(tokens["sn"]))
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    for role, sid in (("sn", ma_pre), ("reviewer_sn", ma_pre), ("reviewer", ma_post)):
        other = client.get(f"/api/v1/submissions/{sid}", headers=bearer(tokens[role]))
        assert other.status_code == 404 and other.get_json() == missing.get_json(), role
    for role, sid in (("ma", ma_pre), ("reviewer", sn_pre), ("secretariat", ma_post)):
        assert (
            client.get(f"/api/v1/submissions/{sid}", headers=bearer(tokens[role])).status_code
            == 200
        )


def test_no_token_or_a_revoked_one_is_refused(app, client, runner, world):
    for path in (
        "/api/v1/submissions",
        "/api/v1/submissions.csv?questionnaire=pre_meeting",
        f"/api/v1/submissions/{world['ids']['ma_pre']}",
    ):
        response = client.get(path)
        assert response.status_code == 401 and response.mimetype == "application/problem+json"
    result = runner.invoke(args=["api-token", "revoke", "--all", "--email", EMAILS["ma"]])
    assert result.exit_code == 0, result.output
    for path in ("/api/v1/submissions", f"/api/v1/submissions/{world['ids']['ma_pre']}"):
        response = client.get(path, headers=bearer(world["tokens"]["ma"]))
        assert response.status_code == 401
        assert "revoked" in response.get_json()["detail"]


def test_filters(app, client, world):
    ids, tokens = world["ids"], world["tokens"]
    ma_pre, ma_post, sn_pre = ids["ma_pre"], ids["ma_post"], ids["sn_pre"]
    secretariat = tokens["secretariat"]
    cases = {
        "?consultation=test-2021": [ma_pre, ma_post, sn_pre],
        "?questionnaire=post_meeting": [ma_post],
        "?commission=sn": [sn_pre],
        "?commission=MA&commission=SN&questionnaire=pre_meeting": [ma_pre, sn_pre],
        "?region=africa": [ma_pre, ma_post, sn_pre],
        "?region=europe": [],
        "?state=approved&state=submitted": [ma_pre, sn_pre],
        "?consultation=test-2021&state=draft": [ma_post],
    }
    for query, expected in cases.items():
        assert ids_of(listed(client, secretariat, query)) == expected, query
    # A known state hidden from the reviewer's role finds nothing, as on the pages.
    assert listed(client, tokens["reviewer"], "?state=draft") == []

    with app.app_context():
        since = utcnow()
        submission = db.session.get(Submission, ma_post)
        submission.answers = {**submission.answers, "summary": "changed"}
        db.session.commit()
    stamp = since.replace(tzinfo=dt.UTC).isoformat()
    assert ids_of(listed(client, secretariat, f"?updated_since={stamp.replace('+', '%2B')}")) == [
        ma_post
    ]
    # Without an offset, a time is read as UTC.
    naive = since.isoformat()
    assert ids_of(listed(client, secretariat, f"?updated_since={naive}")) == [ma_post]

    refused = {
        "?consultation=nothing-here": ("consultation", "No consultation is named nothing-here."),
        "?questionnaire=nope": ("questionnaire", "No questionnaire is named nope."),
        "?commission=ZZ": (
            "commission",
            "Not a commission you may see: ZZ. The commissions are: MA, SN.",
        ),
        "?region=atlantis": ("region", "Not a region: atlantis."),
        "?region=": ("region", 'Not a region: "".'),
        "?state=aproved": ("state", "Not a state of any workflow: aproved."),
        "?state=": ("state", 'Not a state of any workflow: "".'),
        "?consultation=test-2021&state=aproved": (
            "state",
            "Not a state of this consultation's workflows: aproved.",
        ),
        "?updated_since=yesterday": ("updated_since", "Not a valid datetime."),
        "?answers=xml": ("answers", "Must be one of: stored, flat."),
        "?limit=0": ("limit", None),
        "?limit=501": ("limit", None),
        "?cursor=abc": ("cursor", "This cursor was not given by this API"),
        "?lang=de": ("lang", None),
    }
    for query, (field, detail) in refused.items():
        response = client.get(f"/api/v1/submissions{query}", headers=bearer(secretariat))
        assert response.status_code == 422, (query, response.get_data(as_text=True))
        assert response.mimetype == "application/problem+json"
        errors = response.get_json()["errors"]
        assert [error["field"] for error in errors] == [field], (query, errors)
        if detail:
            assert errors[0]["detail"].startswith(detail), (query, errors)
    # Another commission is unknown to a commission, like one that does not exist.
    foreign = client.get("/api/v1/submissions?commission=SN", headers=bearer(tokens["ma"]))
    assert foreign.status_code == 422
    assert foreign.get_json()["errors"][0]["detail"] == (
        "Not a commission you may see: SN. The commissions are: MA."
    )


def create_many(app, count: int) -> list[int]:
    """``count`` submissions of Morocco and Senegal, on meetings of their own."""
    with app.app_context():
        consultation = db.session.scalar(select(Consultation))
        commissions = db.session.scalars(select(Commission).order_by(Commission.iso2)).all()
        created = []
        for n in range(count):
            meeting = create_meeting(
                consultation,
                commissions[n % 2],
                date=dt.date(2020, 1, 1) + dt.timedelta(days=n),
            )
            created.append(create_submission(None, meeting, "pre_meeting").id)
        db.session.commit()
        return created


def test_pages_neither_repeat_nor_skip_while_the_data_change(app, client, world):
    token = world["tokens"]["secretariat"]
    everything = sorted([*world["ids"].values(), *create_many(app, 21)])
    seen, pages, url = [], 0, "/api/v1/submissions?limit=4&answers=flat"
    while url:
        response = client.get(url, headers=bearer(token))
        assert response.status_code == 200, response.get_data(as_text=True)
        page = response.get_json()
        assert len(page["items"]) <= 4 and "answers=flat" in (page["next"] or "answers=flat")
        seen += ids_of(page["items"])
        pages += 1
        if pages == 2:
            # Between two pages: a row already read and one still to come change, and a
            # new one is made; the walk reads each row once, the new one last.
            with app.app_context():
                for sid in (seen[0], everything[-1]):
                    submission = db.session.get(Submission, sid)
                    submission.answers = {**submission.answers, "summary": "changed"}
                db.session.commit()
            everything.append(create_many_more(app))
        url = page["next"]
    assert seen == everything
    assert pages == -(-len(everything) // 4)


def create_many_more(app) -> int:
    with app.app_context():
        consultation = db.session.scalar(select(Consultation))
        commission = db.session.scalar(select(Commission).where(Commission.iso2 == "SN"))
        meeting = create_meeting(consultation, commission, date=dt.date(2019, 1, 1))
        sid = create_submission(None, meeting, "pre_meeting").id
        db.session.commit()
        return sid


def test_a_cursor_is_opaque_and_checked(app, client, world):
    token = world["tokens"]["secretariat"]
    first = client.get("/api/v1/submissions?limit=1", headers=bearer(token)).get_json()
    cursor = first["cursor"]
    assert cursor and str(first["items"][0]["id"]) not in cursor
    second = client.get(f"/api/v1/submissions?limit=1&cursor={cursor}", headers=bearer(token))
    assert ids_of(second.get_json()["items"]) == [world["ids"]["ma_post"]]
    huge = make_cursor(2**70)
    for bad in ("x" * 30, cursor[:-2], "eyJhZnRlciI6IC0xfQ", "bnVsbA", "%00", huge):
        response = client.get(f"/api/v1/submissions?cursor={bad}", headers=bearer(token))
        assert response.status_code == 422, bad
        assert response.get_json()["errors"][0]["field"] == "cursor"


def workbook_row(client, token, iso2: str):
    """Code -> value of a commission's row on the workbook's pre-meeting sheet."""
    job = client.post(
        "/api/v1/exports",
        json={"consultation": "test-2021", "headers": "codes", "states": ["approved"]},
        headers=bearer(token),
    ).get_json()
    with client.get(job["links"]["file"], headers=bearer(token)) as download:
        workbook = openpyxl.load_workbook(io.BytesIO(download.data))
    rows = list(workbook["Pre-meeting"].iter_rows(values_only=True))
    codes = rows[0]
    row = next(row for row in rows[1:] if iso2 in row)
    return dict(zip(codes, row, strict=True)), workbook


def test_flat_answers_are_the_workbooks_columns(app, client, auth, world, tmp_path):
    token = world["tokens"]["secretariat"]
    sid = world["ids"]["ma_pre"]
    [stored] = listed(client, token, "?questionnaire=pre_meeting&commission=MA")
    [flat] = listed(client, token, "?questionnaire=pre_meeting&commission=MA&answers=flat")
    assert stored["answers"]["priorities"] == [{"title": "Teacher training", "sector": "education"}]
    columns, workbook = workbook_row(client, token, "MA")
    answer_columns = {code: value for code, value in columns.items() if not code.startswith("_")}
    repeats = {key for key, value in flat["answers"].items() if isinstance(value, list)}
    assert set(flat["answers"]) - repeats == set(answer_columns)
    for code, value in answer_columns.items():
        assert flat["answers"][code] == value, code
    assert flat["answers"]["focal_point_name"] == "Amina Benali"
    assert flat["answers"]["women_programmes"] is columns["women_programmes"] is True
    # A repeat is a list of rows, each as the repeat's sheet has it.
    sheet = next(name for name in workbook.sheetnames if name.startswith("Pre-meeting - Pri"))
    priority_rows = list(workbook[sheet].iter_rows(values_only=True))
    header = priority_rows[0]
    expected = dict(zip(header, priority_rows[1], strict=True))
    [item] = flat["answers"]["priorities"]
    assert item == {code: expected[code] for code in item}
    assert set(item) == {
        code for code in header if code not in ("_member_state", "_iso2", "_submission_id")
    }

    # In French, the labels are French; the detail gives both shapes at once.
    french = client.get(f"/api/v1/submissions/{sid}?lang=fr", headers=bearer(token)).get_json()
    assert item["sector"] == "Education"
    assert french["answers_flat"]["priorities"][0]["sector"] == "Éducation"
    assert french["answers"] == stored["answers"]


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    data = response.get_data()
    assert data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_csv_file(app, client, auth, world):
    tokens = world["tokens"]
    hostile = {**VALID_PRE_MEETING, "focal_point_name": HOSTILE[0], "achievements": HOSTILE[10]}
    with app.app_context():
        consultation = db.session.scalar(select(Consultation))
        commission = db.session.scalar(select(Commission).where(Commission.iso2 == "SN"))
        tomorrow = meeting_day() + dt.timedelta(days=1)  # its pre-meeting questionnaire open
        meeting = create_meeting(consultation, commission, tomorrow, status="scheduled").id
        db.session.commit()
    hostile_id = submit(app, client, auth, EMAILS["sn"], meeting, hostile)

    rows = read_csv(
        client.get(
            "/api/v1/submissions.csv?questionnaire=pre_meeting",
            headers=bearer(tokens["secretariat"]),
        )
    )
    header, body = rows[0], rows[1:]
    assert header[:7] == [
        "_member_state",
        "_iso2",
        "_region",
        "_meeting_date",
        "_submission_id",
        "_state",
        "_updated_at",
    ]
    assert "focal_point_name" in header and "women_programmes" in header
    by_id = {int(row[4]): dict(zip(header, row, strict=True)) for row in body}
    assert list(by_id) == [world["ids"]["ma_pre"], world["ids"]["sn_pre"], hostile_id]
    morocco = by_id[world["ids"]["ma_pre"]]
    assert morocco["_member_state"] == "Country MA" and morocco["_state"] == "Approved"
    assert morocco["_region"] == "Africa" and morocco["women_programmes"] == "TRUE"
    assert morocco["focal_point_name"] == "Amina Benali"
    # Text a spreadsheet would run is shown as text; Arabic and emoji come through whole.
    assert by_id[hostile_id]["focal_point_name"] == "'" + HOSTILE[0]
    assert by_id[hostile_id]["achievements"] == HOSTILE[10]

    # The same filters and scope as the list, in the asked language.
    french = read_csv(
        client.get(
            "/api/v1/submissions.csv?questionnaire=pre_meeting&state=approved&lang=fr",
            headers=bearer(tokens["secretariat"]),
        )
    )
    assert len(french) == 2 and french[1][0] == "Pays MA" and french[1][5] == "Approuvé"
    mine = read_csv(
        client.get(
            "/api/v1/submissions.csv?questionnaire=pre_meeting", headers=bearer(tokens["ma"])
        )
    )
    assert [row[1] for row in mine[1:]] == ["MA"]

    missing = client.get("/api/v1/submissions.csv", headers=bearer(tokens["ma"]))
    assert missing.status_code == 422 and missing.mimetype == "application/problem+json"
    assert [e["field"] for e in missing.get_json()["errors"]] == ["questionnaire"]


def test_the_csv_file_is_read_in_batches(app, client, world, monkeypatch):
    """Many rows come out batch after batch, none twice, none missed."""
    from app.api import submissions

    monkeypatch.setattr(submissions, "CSV_BATCH", 3)
    created = create_many(app, 10)
    response = client.get(
        "/api/v1/submissions.csv?questionnaire=pre_meeting",
        headers=bearer(world["tokens"]["secretariat"]),
    )
    assert response.is_streamed  # written as it is read, never whole in memory
    rows = read_csv(response)
    ids = [int(row[4]) for row in rows[1:]]
    assert ids == sorted([world["ids"]["ma_pre"], world["ids"]["sn_pre"], *created])


def test_one_submission_with_its_history(app, client, auth, world):
    tokens = world["tokens"]
    sid = world["ids"]["sn_pre"]
    act(app, client, auth, EMAILS["reviewer"], sid, "start_review")
    act(app, client, auth, EMAILS["reviewer"], sid, "return", comment="Add the phone number.")

    for role in ("sn", "reviewer", "reviewer_sn", "secretariat"):
        response = client.get(f"/api/v1/submissions/{sid}", headers=bearer(tokens[role]))
        assert response.status_code == 200, role
        detail = response.get_json()
        assert detail["state"] == "returned" and detail["answers_flat"]["focal_point_name"]
        history = detail["history"]
        assert [event["action"] for event in history] == [
            "create",
            "edit",
            "submit",
            "start_review",
            "return",
        ], role
        returned = history[-1]
        assert returned["from_state"] == "in_review" and returned["to_state"] == "returned"
        assert returned["comment"] == "Add the phone number."
        assert returned["actor"] == "reviewer" and returned["at"].endswith("+00:00")
        assert set(returned["action_label"]) == {"en", "fr", "ar"}
        assert history[0]["action_label"] == {
            "en": "Created",
            "fr": history[0]["action_label"]["fr"],
            "ar": history[0]["action_label"]["ar"],
        }
        assert detail["editable"] is (role == "sn")
    with app.app_context():
        version = db.session.get(Submission, sid).version
    assert detail["version"] == version
    # Reviewers never see a draft, nor its history.
    assert (
        client.get(
            f"/api/v1/submissions/{world['ids']['ma_post']}", headers=bearer(tokens["reviewer"])
        ).status_code
        == 404
    )


def test_ids_past_the_databases_integers_name_nothing(client, world):
    token = world["tokens"]["secretariat"]
    response = client.get(f"/api/v1/submissions/{2**63}", headers=bearer(token))
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_the_list_reads_a_page_in_a_few_queries(app, client, world):
    """However many rows a page has, its queries do not grow with them (no query per row)."""
    from sqlalchemy import event

    create_many(app, 12)
    token = world["tokens"]["secretariat"]
    counts = {}
    for limit in (2, 14):
        with app.app_context():
            statements: list = []

            def listener(*args, statements=statements):
                statements.append(args[2])

            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                for shape in ("stored", "flat"):
                    client.get(
                        f"/api/v1/submissions?limit={limit}&answers={shape}", headers=bearer(token)
                    )
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        counts[limit] = len(statements)
    assert counts[14] <= counts[2], counts


def statements_of(app, client, path, token) -> list[str]:
    with counted_statements(app) as sent:
        assert client.get(path, headers=bearer(token)).status_code == 200
    return sent


def test_the_list_costs_the_same_statements_for_one_row_or_many(app, client, world):
    """The token and its owner in one statement, its last use written once a minute, the
    workflow versions read once, nothing per row."""
    token = world["tokens"]["secretariat"]
    first = statements_of(app, client, "/api/v1/submissions?limit=1", token)
    assert sum(s.startswith("UPDATE api_tokens") for s in first) == 1  # its first use
    one = statements_of(app, client, "/api/v1/submissions?limit=1", token)
    many = statements_of(app, client, "/api/v1/submissions?limit=50", token)
    assert len(one) == len(many), many
    assert not [s for s in many if not s.startswith("SELECT")]  # used a moment ago
    (token_read,) = [s for s in many if "FROM api_tokens" in s]
    assert "JOIN users" in token_read  # its owner with it
    assert not [s for s in many if "FROM users" in s]  # not read again
    assert sum("FROM workflow_versions ORDER BY" in s for s in many) == 1
