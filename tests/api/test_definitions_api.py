"""Definitions through the API: the secretariat publishes an XLSForm or a YAML file as
``shura definitions import`` and ``sync`` do; a broken one is refused, each mistake located,
with nothing written to the folders or the database."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.consultations.definitions import sync_definitions
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.workflows.models import WorkflowVersion
from tests.api.helpers import bearer, create_token
from tests.conftest import make_app

PROJECT = Path(__file__).resolve().parents[2]
XLSFORMS = PROJECT / "tests" / "questionnaires" / "xlsforms"


@pytest.fixture
def folders(tmp_path):
    """Copies of the shipped definition folders: an import writes into its folder."""
    forms, workflows = tmp_path / "forms", tmp_path / "workflows"
    shutil.copytree(PROJECT / "forms", forms)
    shutil.copytree(PROJECT / "workflows", workflows)
    return forms, workflows


def app_on(database_url, tmp_path, folders):
    """The app on those copies, their definitions stored (as conftest's, but for the folders)."""
    forms, workflows = folders
    app = make_app(database_url, tmp_path, FORMS_DIR=str(forms), WORKFLOWS_DIR=str(workflows))
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_definitions(forms, workflows)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app(database_url, tmp_path, folders):
    yield from app_on(database_url, tmp_path, folders)


@pytest.fixture
def postgres_app(postgres_url, tmp_path, folders):
    yield from app_on(postgres_url, tmp_path, folders)


def upload(client, token, name, content: bytes, **options):
    query = "&".join(f"{key}={str(value).lower()}" for key, value in options.items())
    return client.post(
        "/api/v1/definitions" + (f"?{query}" if query else ""),
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        headers=bearer(token),
    )


def versions(app, model, code) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)).where(model.code == code))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_secretariat_publishes_an_xlsform(app, client, dummy_world, folders):
    forms, _workflows = folders
    token = create_token(app, "secretariat@test.org")
    content = (XLSFORMS / "text_and_integer.xlsx").read_bytes()

    response = upload(client, token, "text_and_integer.xlsx", content)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["stored"] is True and body["kind"] == "questionnaire"
    assert body["code"] == "text_and_integer" and body["file_name"] == "text_and_integer.xlsx"
    assert body["stored_as"].endswith("forms/text_and_integer.yaml")
    assert any("text_and_integer stored as a new version" in line for line in body["report"])
    assert any("pre_meeting unchanged" in line for line in body["report"])
    assert (forms / "text_and_integer.yaml").is_file()
    assert versions(app, QuestionnaireVersion, "text_and_integer") == 1
    with app.app_context():
        definition = QuestionnaireVersion.latest("text_and_integer").definition
        assert len(list(definition.nodes)) >= 2

    # The same code again is refused unless asked to replace; replaced unchanged, no version.
    again = upload(client, token, "text_and_integer.xlsx", content)
    assert again.status_code == 422 and "already" in again.get_json()["errors"][0]["detail"]
    replaced = upload(client, token, "text_and_integer.xlsx", content, replace=True)
    assert replaced.status_code == 200
    assert any("text_and_integer unchanged" in line for line in replaced.get_json()["report"])
    assert versions(app, QuestionnaireVersion, "text_and_integer") == 1

    # Under another code, as the command line's --code.
    other = upload(client, token, "text_and_integer.xlsx", content, code="numbers")
    assert other.status_code == 200 and other.get_json()["code"] == "numbers"
    assert versions(app, QuestionnaireVersion, "numbers") == 1


def test_a_dry_run_checks_and_stores_nothing(app, client, dummy_world, folders):
    forms, _workflows = folders
    before = snapshot(forms)
    token = create_token(app, "secretariat@test.org")
    content = (XLSFORMS / "yes_or_no_question.xlsx").read_bytes()
    response = upload(client, token, "yes_or_no_question.xlsx", content, dry_run=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["stored"] is False and body["code"] == "yes_or_no_question"
    assert any("yes_or_no_question stored as a new version" in line for line in body["report"])
    assert all("shura-upload-" not in line for line in body["report"])  # the real folders
    assert snapshot(forms) == before
    assert versions(app, QuestionnaireVersion, "yes_or_no_question") == 0


def test_a_broken_xlsform_is_refused_with_sheet_row_and_column(app, client, dummy_world, folders):
    forms, _workflows = folders
    before = snapshot(forms)
    token = create_token(app, "secretariat@test.org")
    response = upload(client, token, "pull_data.xlsx", (XLSFORMS / "pull_data.xlsx").read_bytes())
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["errors"][0]["field"] == "file"
    assert "pull_data.xlsx: survey sheet, row 2" in problem["errors"][0]["detail"]
    first = problem["problems"][0]
    assert (first["file"], first["sheet"], first["row"], first["column"]) == (
        "pull_data.xlsx",
        "survey",
        2,
        "calculation",
    )
    assert "pulldata()" in first["message"]
    assert snapshot(forms) == before
    with app.app_context():
        assert db.session.scalar(select(func.count(QuestionnaireVersion.id))) == 2


def test_a_yaml_questionnaire_replaces_its_code_as_a_new_version(app, client, dummy_world):
    token = create_token(app, "secretariat@test.org")
    text = (PROJECT / "forms" / "pre_meeting.yaml").read_text(encoding="utf-8")
    changed = text.replace('en: "Pre-meeting questionnaire"', 'en: "Before the meeting"')
    assert changed != text
    refused = upload(client, token, "mine.yaml", changed.encode())
    assert refused.status_code == 422 and versions(app, QuestionnaireVersion, "pre_meeting") == 1
    response = upload(client, token, "mine.yaml", changed.encode(), replace=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["stored_as"].endswith("forms/pre_meeting.yaml")
    assert versions(app, QuestionnaireVersion, "pre_meeting") == 2
    with app.app_context():
        latest = QuestionnaireVersion.latest("pre_meeting").definition
        assert latest.title.en == "Before the meeting"


def test_a_broken_yaml_names_its_file_line_and_key(app, client, dummy_world, folders):
    forms, _workflows = folders
    before = snapshot(forms)
    token = create_token(app, "secretariat@test.org")
    text = (PROJECT / "forms" / "pre_meeting.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("code:"))
    broken = "".join([*lines[: at + 1], "colour: red\n", *lines[at + 1 :]])
    response = upload(client, token, "broken.yaml", broken.encode(), replace=True)
    assert response.status_code == 422
    problems = response.get_json()["problems"]
    assert {"file": "broken.yaml", "line": at + 2, "key": "colour"}.items() <= problems[0].items()
    assert f"broken.yaml:{at + 2}: colour: " in response.get_json()["errors"][0]["detail"]
    assert snapshot(forms) == before and versions(app, QuestionnaireVersion, "pre_meeting") == 1


def test_a_file_that_breaks_another_is_refused_with_the_others_problem(
    app, client, dummy_world, folders
):
    """post_meeting takes focal_point_email from pre_meeting: renaming it there breaks it."""
    forms, _workflows = folders
    before = snapshot(forms)
    token = create_token(app, "secretariat@test.org")
    text = (PROJECT / "forms" / "pre_meeting.yaml").read_text(encoding="utf-8")
    renamed = text.replace("code: focal_point_email", "code: focal_point_mail")
    response = upload(client, token, "pre_meeting.yaml", renamed.encode(), replace=True)
    assert response.status_code == 422, response.get_data(as_text=True)
    problem = response.get_json()["problems"][0]
    assert problem["file"].endswith("forms/post_meeting.yaml") and problem["key"].endswith(
        "focal_point_email].prefill"
    )
    assert "shura-upload-" not in problem["file"] and problem["line"]
    assert snapshot(forms) == before and versions(app, QuestionnaireVersion, "pre_meeting") == 1


def test_a_workflow_is_published_from_yaml(app, client, dummy_world, folders):
    _forms, workflows = folders
    token = create_token(app, "secretariat@test.org")
    text = (PROJECT / "workflows" / "two_step_review.yaml").read_text(encoding="utf-8")
    changed = text.replace("label: {en: Sign off,", "label: {en: Sign it off,")
    assert changed != text
    response = upload(client, token, "two_step_review.yaml", changed.encode(), replace=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["kind"] == "workflow"
    assert versions(app, WorkflowVersion, "two_step_review") == 2
    assert "Sign it off" in (workflows / "two_step_review.yaml").read_text(encoding="utf-8")
    as_questionnaire = upload(
        client, token, "two_step_review.yaml", changed.encode(), kind="questionnaire"
    )
    assert as_questionnaire.status_code == 422


def test_only_the_secretariat_and_only_files(app, client, dummy_world, folders):
    forms, _workflows = folders
    before = snapshot(forms)
    content = (XLSFORMS / "group.xlsx").read_bytes()
    for email in ("focal.ma@test.org", "reviewer@test.org"):
        refused = upload(client, create_token(app, email), "group.xlsx", content)
        assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    anonymous = client.post(
        "/api/v1/definitions",
        data={"file": (io.BytesIO(content), "group.xlsx")},
        content_type="multipart/form-data",
    )
    assert anonymous.status_code == 401
    token = create_token(app, "secretariat@test.org")
    as_json = client.post("/api/v1/definitions", json={"file": "x"}, headers=bearer(token))
    assert as_json.status_code == 415 and "multipart" in as_json.get_json()["detail"]
    no_file = client.post(
        "/api/v1/definitions",
        data={"other": "x"},
        content_type="multipart/form-data",
        headers=bearer(token),
    )
    assert no_file.status_code == 422 and no_file.get_json()["errors"][0]["field"] == "file"
    text = upload(client, token, "notes.txt", b"code: x\n")
    assert text.status_code == 422 and ".xlsx" in text.get_json()["errors"][0]["detail"]
    not_a_workbook = upload(client, token, "fake.xlsx", b"not a zip")
    assert not_a_workbook.status_code == 422
    # Encoded here: the test client would spool a body this large to an unclosed file.
    body = (
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n\r\n'
        + b"x" * (9 * 1024 * 1024)
        + b"\r\n--B--\r\n"
    )
    too_big = client.post(
        "/api/v1/definitions",
        data=body,
        content_type="multipart/form-data; boundary=B",
        headers=bearer(token),
    )
    assert too_big.status_code == 413 and too_big.mimetype == "application/problem+json"
    # Beyond the API's JSON limit, within the upload's: read, and refused for what it is.
    large = upload(client, token, "large.yaml", b"# " + b"x" * (200 * 1024) + b"\n")
    assert large.status_code == 422
    assert snapshot(forms) == before


def test_a_publication_waits_for_the_one_in_progress(postgres_app, postgres_url, folders):
    """Two publications at once would each write its file and store versions from folders
    the other is changing: the second waits for the first's transaction, before it writes
    anything."""
    import threading
    import time

    import psycopg
    from sqlalchemy.engine import make_url

    from app.consultations.definitions import PUBLISHING_LOCK
    from app.users.roles import SECRETARIAT
    from tests.helpers import create_user

    with postgres_app.app_context():
        create_user("secretariat@test.org", SECRETARIAT)
        db.session.commit()
    token = create_token(postgres_app, "secretariat@test.org")
    original = (folders[0] / "pre_meeting.yaml").read_bytes()
    changed = original.replace(b'en: "Pre-meeting questionnaire"', b'en: "Before the meeting"')
    # Another publication is under way (a sync from the command line, say).
    plain = make_url(postgres_url).set(drivername="postgresql")
    other = psycopg.connect(plain.render_as_string(hide_password=False))
    other.execute("SELECT pg_advisory_xact_lock(%s)", (PUBLISHING_LOCK,))
    answers = []
    sending = threading.Thread(
        target=lambda: answers.append(
            upload(postgres_app.test_client(), token, "mine.yaml", changed, replace=True)
        )
    )
    sending.start()
    try:
        # It waits for the lock (PostgreSQL shows its request not granted)...
        deadline = time.monotonic() + 30
        while not other.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        ).fetchone()[0]:
            assert time.monotonic() < deadline and sending.is_alive(), answers
            time.sleep(0.05)
        assert not answers
        assert (folders[0] / "pre_meeting.yaml").read_bytes() == original  # ...before writing
    finally:
        other.commit()  # the other publication ends
        other.close()
    sending.join(30)
    assert answers and answers[0].status_code == 200, answers and answers[0].get_data(as_text=True)
    assert (folders[0] / "pre_meeting.yaml").read_bytes() == changed
    assert versions(postgres_app, QuestionnaireVersion, "pre_meeting") == 2
