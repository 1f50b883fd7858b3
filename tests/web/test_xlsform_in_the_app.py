"""A questionnaire edited as an XLSForm reaches the people who fill it: exported, a question
added in the workbook, imported over the file, published, and a draft moved onto it."""

from pathlib import Path

import openpyxl

from app.consultations.definitions import sync_definitions
from app.extensions import db
from app.questionnaires.loader import load_questionnaire_file
from app.questionnaires.xlsform.common import quiet_openpyxl
from app.questionnaires.xlsform.forms_folder import export_xlsform, import_xlsform
from app.submissions.models import Submission
from tests.helpers import current_version, start_submission_as

PROJECT = Path(__file__).resolve().parents[2]


def add_question_after(path: Path, after: str, cells: dict) -> None:
    """Insert a survey row below the row named ``after``, as a secretariat would in Excel."""
    with quiet_openpyxl():
        workbook = openpyxl.load_workbook(path)
    survey = workbook["survey"]
    header = [cell.value for cell in survey[1]]
    position = next(
        row[0].row
        for row in survey.iter_rows(min_row=2)
        if row[header.index("name")].value == after
    )
    survey.insert_rows(position + 1)
    for column, value in cells.items():
        survey.cell(row=position + 1, column=header.index(column) + 1, value=value)
    workbook.save(path)


def test_a_question_added_in_the_xlsform_reaches_a_draft(app, client, auth, dummy_world, tmp_path):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    client.post(
        f"/submissions/{sid}/answers",
        data={
            "loaded_version": current_version(app, sid),
            "intent": "save",
            "section": "profile",
            "focal_point_name": "Amina Benali",
        },
    )
    forms = tmp_path / "forms"
    forms.mkdir()
    for path in (PROJECT / "forms").glob("*.yaml"):
        (forms / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    workbook = tmp_path / "pre_meeting.xlsx"
    export_xlsform(load_questionnaire_file(forms / "pre_meeting.yaml"), workbook)
    add_question_after(
        workbook,
        "staff_count",
        {
            "type": "integer",
            "name": "partner_count",
            "label::English (en)": "Number of partner organisations",
            "label::French (fr)": "Nombre d'organisations partenaires",
            "label::Arabic (ar)": "عدد المنظمات الشريكة",
            "constraint": ". >= 0",
        },
    )
    outcome = import_xlsform(workbook, forms, replace=True)
    assert outcome.all_problems == [] and outcome.written == forms / "pre_meeting.yaml"
    with app.app_context():
        report = sync_definitions(forms, Path(app.config["WORKFLOWS_DIR"]))
        db.session.commit()
    assert any("pre_meeting stored as a new version" in line for line in report)
    assert any("post_meeting unchanged" in line for line in report)

    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "A new version of this questionnaire is available" in page
    client.post(f"/submissions/{sid}/upgrade", data={"loaded_version": current_version(app, sid)})
    page = client.get(f"/submissions/{sid}?section=profile").get_data(as_text=True)
    assert "Number of partner organisations" in page
    assert 'value="Amina Benali"' in page  # kept across the move
    response = client.post(
        f"/submissions/{sid}/answers",
        data={
            "loaded_version": current_version(app, sid),
            "intent": "save",
            "section": "profile",
            "focal_point_name": "Amina Benali",
            "partner_count": "-2",
        },
    )
    assert response.status_code == 422
    assert 'value="-2"' in response.get_data(as_text=True)
    client.post(
        f"/submissions/{sid}/answers",
        data={
            "loaded_version": current_version(app, sid),
            "intent": "save",
            "section": "profile",
            "focal_point_name": "Amina Benali",
            "partner_count": "7",
        },
    )
    with app.app_context():
        answers = db.session.get(Submission, sid).answers
    assert answers["partner_count"] == 7 and answers["focal_point_name"] == "Amina Benali"
