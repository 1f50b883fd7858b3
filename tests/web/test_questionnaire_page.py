"""The questionnaire page over HTTP: sections, repeats, clearing, autosave, long text, files,
versions, an ended session, printouts. (What needs JavaScript is in tests/browser.)"""

import io
import json
import re
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.consultations.definitions import sync_definitions
from app.extensions import db
from app.questionnaires.types.file import LARGEST_MAX_MB
from app.submissions.models import Attachment, Submission
from tests.conftest import make_app
from tests.helpers import PASSWORD, VALID_PRE_MEETING, current_version, start_submission_as


def stored(app, sid) -> dict:
    with app.app_context():
        return dict(db.session.get(Submission, sid).answers)


def post(client, sid, version, data, intent="save", url="answers", **kwargs):
    body = {"loaded_version": str(version), "intent": intent, **data}
    return client.post(f"/submissions/{sid}/{url}", data=body, **kwargs)


@pytest.fixture
def draft(app, client, auth, dummy_world):
    return start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])


def test_the_page_shows_one_section_at_a_time_with_its_progress(app, client, draft):
    page = client.get(f"/submissions/{draft}").get_data(as_text=True)
    assert 'id="section-profile"' in page and 'id="section-priorities"' not in page
    assert "Section 1 of 8" in page
    assert 'value="goto:priorities"' in page and 'value="goto:all"' in page
    page = client.get(f"/submissions/{draft}?section=priorities").get_data(as_text=True)
    assert 'id="section-priorities"' in page and "Section 2 of 8" in page
    everything = client.get(f"/submissions/{draft}?section=all").get_data(as_text=True)
    assert 'id="section-profile"' in everything and 'id="section-satisfaction"' in everything


def test_saving_one_section_keeps_the_others(app, client, draft):
    version = current_version(app, draft)
    first = post(client, draft, version, {"section": "profile", "focal_point_name": "Amina"})
    assert first.status_code == 302
    second = post(
        client,
        draft,
        current_version(app, draft),
        {"section": "activities", "achievements": "Forty schools"},
        intent="goto:satisfaction",
    )
    assert second.status_code == 302
    assert second.headers["Location"].endswith("section=satisfaction#main")
    answers = stored(app, draft)
    assert answers["focal_point_name"] == "Amina" and answers["achievements"] == "Forty schools"
    assert answers["priorities"] == [{}]  # the blank first priority is still there


def test_add_another_item_and_remove_one_without_javascript(app, client, draft):
    data = {
        "section": "priorities",
        "priorities-0-entry_key": "1",
        "priorities-0-title": "Teacher training",
    }
    response = post(client, draft, current_version(app, draft), data, intent="add:priorities")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("section=priorities#q-priorities-1")
    assert stored(app, draft)["priorities"] == [{"title": "Teacher training"}, {}]
    page = client.get(f"/submissions/{draft}?section=priorities").get_data(as_text=True)
    assert 'name="priorities-1-title"' in page and 'value="remove:priorities-1"' in page
    data.update({"priorities-1-entry_key": "1", "priorities-1-title": "Science fairs"})
    response = post(client, draft, current_version(app, draft), data, intent="remove:priorities-0")
    assert response.status_code == 302
    assert stored(app, draft)["priorities"] == [{"title": "Science fairs"}]
    page = client.get(f"/submissions/{draft}?section=priorities").get_data(as_text=True)
    assert 'value="remove:priorities-0"' not in page  # one is the minimum: no remove button


def test_a_repeat_stops_at_its_maximum(app, client, draft):
    data = {"section": "priorities"}
    for index in range(5):
        data[f"priorities-{index}-entry_key"] = "1"
    post(client, draft, current_version(app, draft), data, intent="add:priorities")
    assert len(stored(app, draft)["priorities"]) == 5
    page = client.get(f"/submissions/{draft}?section=priorities").get_data(as_text=True)
    assert 'value="add:priorities"' not in page and "At most 5." in page


def test_an_optional_choice_can_be_cleared(app, client, draft):
    data = {
        "section": "cooperation",
        "proposals-0-entry_key": "1",
        "proposals-0-proposal_type": "training",
    }
    post(client, draft, current_version(app, draft), data)
    assert stored(app, draft)["proposals"] == [{"proposal_type": "training"}]
    page = client.get(f"/submissions/{draft}?section=cooperation").get_data(as_text=True)
    assert 'value="clear:proposals-0-proposal_type"' in page
    response = post(
        client, draft, current_version(app, draft), data, intent="clear:proposals-0-proposal_type"
    )
    assert response.status_code == 302
    assert stored(app, draft)["proposals"] == [{}]


def test_answers_to_questions_no_longer_relevant_are_dropped_on_save(app, client, draft):
    data = {"section": "year_of_women", "women_programmes": "yes", "women_rights": "cultural"}
    post(client, draft, current_version(app, draft), data)
    assert stored(app, draft)["women_rights"] == ["cultural"]
    data["women_programmes"] = "no"
    post(client, draft, current_version(app, draft), data)
    answers = stored(app, draft)
    assert answers["women_programmes"] == "no" and "women_rights" not in answers
    page = client.get(f"/submissions/{draft}?section=year_of_women").get_data(as_text=True)
    box = re.search(r'<div class="question[^"]*" id="q-women_rights"[^>]*>', page).group(0)
    assert " hidden" in box and "data-relevant=" in box  # the browser shows it again if needed


def test_an_over_long_text_is_refused_whole_and_kept(app, client, draft):
    pasted = "Our achievements. " * 35000  # 630 kB
    response = post(
        client,
        draft,
        current_version(app, draft),
        {"section": "activities", "achievements": pasted},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "shorten it to 10,000 at most" in page
    assert pasted.strip() in page  # everything that was pasted is back in the box
    assert "maxlength" not in page
    assert "achievements" not in stored(app, draft)  # nothing saved shortened


def test_autosave_answers_in_json_and_writes_only_changes(app, client, draft):
    version = current_version(app, draft)
    data = {"section": "profile", "focal_point_name": "Amina", "staff_count": "twelve"}
    response = post(client, draft, version, data, url="autosave")
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["saved"] is True and answer["version"] == version + 1
    assert answer["errors"]["staff_count"]["messages"] == ["Enter a whole number."]
    assert answer["errors"]["staff_count"]["label"] == "Number of staff of the commission"
    assert stored(app, draft)["focal_point_name"] == "Amina"
    again = post(client, draft, answer["version"], data, url="autosave").get_json()
    assert again["saved"] is False and again["version"] == answer["version"]
    stale = post(client, draft, version, data, url="autosave")
    assert stale.status_code == 409 and stale.get_json()["conflict"] is True


def test_autosave_after_the_session_ended_says_so(app, client, draft):
    client.post("/logout")
    response = post(client, draft, 1, {"focal_point_name": "x"}, url="autosave")
    assert response.status_code == 401 and response.get_json()["session_ended"] is True


def test_signing_in_again_on_the_same_page_sends_the_input(database_url, tmp_path, dummy_world):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"',
        client.get("/login").get_data(as_text=True),
    ).group(1)
    client.post(
        "/login", data={"email": "focal.ma@test.org", "password": PASSWORD, "csrf_token": token}
    )
    client.set_cookie("shura_lang", "ar")
    dashboard = client.get("/commission/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', dashboard).group(1)
    start = client.post(
        f"/commission/meetings/{dummy_world['ma_meeting']}/pre_meeting/start",
        data={"csrf_token": token},
    )
    sid = int(start.headers["Location"].rsplit("/", 1)[1])
    client.delete_cookie("session")  # the session ends
    typed = {
        "section": "activities",
        "achievements": "Typed for an hour",
        "loaded_version": str(current_version(app, sid)),
        "csrf_token": "from-the-old-session",
        "intent": "save",
    }
    page = client.post(f"/submissions/{sid}/answers", data=typed)
    assert page.status_code == 401
    text = page.get_data(as_text=True)
    assert 'lang="ar"' in text  # the language of the browser's last choice, not English
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', text))
    assert fields["achievements"] == "Typed for an hour"
    # Changing the language on that page keeps the input too.
    french = client.post(f"/submissions/{sid}/answers", data={**fields, "switch_language": "fr"})
    assert french.status_code == 401 and 'lang="fr"' in french.get_data(as_text=True)
    fields = dict(
        re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)">', french.get_data(as_text=True)
        )
    )
    assert fields["achievements"] == "Typed for an hour"
    wrong = client.post(
        f"/submissions/{sid}/answers",
        data={**fields, "resume_email": "focal.ma@test.org", "resume_password": "nope"},
    )
    assert wrong.status_code == 401 and "Typed for an hour" in wrong.get_data(as_text=True)
    sent = client.post(
        f"/submissions/{sid}/answers",
        data={**fields, "resume_email": "focal.ma@test.org", "resume_password": PASSWORD},
    )
    assert sent.status_code == 302
    assert stored(app, sid)["achievements"] == "Typed for an hour"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _with_a_file_question(tmp_path, max_size_mb=0.1):
    forms = tmp_path / "forms"
    forms.mkdir()
    for path in (Path(__file__).resolve().parents[2] / "forms").glob("*.yaml"):
        (forms / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    text = (forms / "pre_meeting.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - code: activity_areas\n",
        "      - code: report\n"
        "        type: file\n"
        "        accept: [pdf, docx]\n"
        f"        max_size_mb: {max_size_mb}\n"
        "        label: {en: Annual report, fr: Rapport annuel, ar: التقرير السنوي}\n"
        "\n"
        "      - code: activity_areas\n",
    )
    (forms / "pre_meeting.yaml").write_text(text, encoding="utf-8")
    return forms


def test_files_are_attached_kept_and_served_only_to_those_who_may_see_them(
    app, client, auth, dummy_world, tmp_path
):
    with app.app_context():
        sync_definitions(_with_a_file_question(tmp_path), Path(app.config["WORKFLOWS_DIR"]))
        db.session.commit()
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    page = client.get(f"/submissions/{sid}?section=activities").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'accept=".pdf,.docx"' in page
    wrong = post(
        client,
        sid,
        current_version(app, sid),
        {
            "section": "activities",
            "achievements": "Kept",
            "report": (io.BytesIO(b"MZ"), "tool.exe"),
        },
    )
    assert (
        wrong.status_code == 422
        and "Attach a file of one of these kinds: pdf, docx" in wrong.get_data(as_text=True)
    )
    assert stored(app, sid)["achievements"] == "Kept"
    big = post(
        client,
        sid,
        current_version(app, sid),
        {"section": "activities", "report": (io.BytesIO(PDF + b"0" * 150_000), "big.pdf")},
    )
    assert big.status_code == 422 and "larger than 0.1 MB" in big.get_data(as_text=True)
    ok = post(
        client,
        sid,
        current_version(app, sid),
        {"section": "activities", "report": (io.BytesIO(PDF), "report 2021.pdf")},
    )
    assert ok.status_code == 302
    report = stored(app, sid)["report"]
    assert report["name"] == "report 2021.pdf" and report["size"] == len(PDF)
    # Saving the section again without choosing a file keeps the one attached.
    post(client, sid, current_version(app, sid), {"section": "activities", "achievements": "Again"})
    assert stored(app, sid)["report"]["id"] == report["id"]
    url = f"/submissions/{sid}/attachments/{report['id']}"
    download = client.get(url)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert "sandbox" in download.headers["Content-Security-Policy"]
    # A replaced file stays in the record.
    post(
        client,
        sid,
        current_version(app, sid),
        {"section": "activities", "report": (io.BytesIO(PDF + b"%v2"), "report v2.pdf")},
    )
    with app.app_context():
        names = [a.file_name for a in db.session.query(Attachment).filter_by(submission_id=sid)]
    assert names == ["report 2021.pdf", "report v2.pdf"]
    assert client.get(url).status_code == 200
    client.post("/logout")
    auth.login("focal.sn@test.org")
    assert client.get(url).status_code == 404
    client.post("/logout")
    assert client.get(url).status_code == 302  # to the sign-in page


def test_a_file_as_large_as_a_question_may_accept_fits_in_one_request(
    app, client, auth, dummy_world, tmp_path
):
    """A question may accept files up to LARGEST_MAX_MB: such a file, sent with the page's
    other answers, is within the request's limit (not refused as "too large" while the
    question's hint allows it) and stored whole."""
    with app.app_context():
        forms = _with_a_file_question(tmp_path, max_size_mb=LARGEST_MAX_MB)
        sync_definitions(forms, Path(app.config["WORKFLOWS_DIR"]))
        db.session.commit()
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    page = client.get(f"/submissions/{sid}?section=activities").get_data(as_text=True)
    assert f"{LARGEST_MAX_MB} MB at most" in page
    content = PDF + b"0" * (LARGEST_MAX_MB * 1024 * 1024 - len(PDF) - 1)
    fields = {
        "loaded_version": str(current_version(app, sid)),
        "intent": "save",
        "section": "activities",
        "achievements": "Forty schools built, and a library.",
        "report": FileStorage(io.BytesIO(content), "annual report.pdf"),
    }
    # Encoded in memory: the test client would spool a body this large to a temporary file
    # it never closes (a ResourceWarning in whichever test the collector runs in).
    boundary, body = encode_multipart(fields)
    sent = client.post(
        f"/submissions/{sid}/answers",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert sent.status_code == 302
    assert stored(app, sid)["report"]["size"] == len(content)


def test_a_draft_moves_to_a_new_version_and_is_told_what_was_dropped(
    app, client, auth, dummy_world, tmp_path
):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    data = {"section": "activities", "achievements": "Forty schools", "activity_areas": "Heritage"}
    post(client, sid, current_version(app, sid), data)
    forms = tmp_path / "forms"
    forms.mkdir()
    for path in (Path(__file__).resolve().parents[2] / "forms").glob("*.yaml"):
        (forms / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    text = (forms / "pre_meeting.yaml").read_text(encoding="utf-8")
    start = text.index("      - code: activity_areas")
    end = text.index("  # 4 ---")
    (forms / "pre_meeting.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    with app.app_context():
        sync_definitions(forms, Path(app.config["WORKFLOWS_DIR"]))
        db.session.commit()
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "A new version of this questionnaire is available" in page
    assert "<li>Areas of activity with the Organization</li>" in page
    response = client.post(
        f"/submissions/{sid}/upgrade", data={"loaded_version": current_version(app, sid)}
    )
    assert response.status_code == 302
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "1 answer was dropped" in page and "Areas of activity with the Organization" in page
    assert "A new version of this questionnaire is available" not in page
    answers = stored(app, sid)
    assert answers["achievements"] == "Forty schools" and "activity_areas" not in answers
    with app.app_context():
        assert db.session.get(Submission, sid).history[-1].action == "upgrade"


def test_printable_views_blank_and_filled(app, client, auth, draft):
    post(client, draft, current_version(app, draft), {**VALID_PRE_MEETING})
    filled = client.get(f"/submissions/{draft}/print").get_data(as_text=True)
    assert "Amina Benali" in filled and "Teacher training" in filled
    assert 'class="questionnaire"' not in filled  # answers to read, not a form to fill
    blank = client.get("/submissions/questionnaire/pre_meeting/print").get_data(as_text=True)
    assert "Amina" not in blank and "☐" in blank and "Extremely satisfied" in blank
    assert 'class="lines"' in blank
    assert client.get("/submissions/questionnaire/nope/print").status_code == 404


def test_the_form_page_carries_its_logic_for_the_browser(app, client, draft):
    page = client.get(f"/submissions/{draft}?section=all").get_data(as_text=True)
    data = json.loads(
        re.search(
            r'<script type="application/json" id="form-data">(.*?)</script>', page, re.S
        ).group(1)
    )
    assert data["scopes"]["title"] == ["priorities"] and data["scopes"]["staff_count"] == []
    assert "{count}" in data["messages"]["counter"]
    assert 'data-relevant="${women_programmes} = &#39;yes&#39;"' in page
    assert (
        '<script src="/static/expressions.js"' in page and '<script src="/static/form.js"' in page
    )
    required = re.search(r'<input[^>]*name="focal_point_name"[^>]*>', page).group(0)
    assert 'aria-required="true"' in required and "required" in required


def test_the_secretariat_sees_a_summary_of_approved_answers(app, client, auth, dummy_world):
    from tests.exports.test_workbook import approve

    approve(
        app, client, auth, dummy_world["ma_meeting"], {**VALID_PRE_MEETING, "staff_count": "12"}
    )
    auth.login("secretariat@test.org")
    page = client.get("/secretariat/summary").get_data(as_text=True)
    assert "1 approved submission." in page
    rating = page.split("Overall, how satisfied", 1)[1].split("</section>", 1)[0]
    assert re.search(
        r"<th scope=\"row\">4</th><td class=\"number\">1</td>\s*<td class=\"meta\">100%", rating
    )
    assert "Priority — Sector" in page
    staff = page.split("Number of staff of the commission", 1)[1].split("</section>", 1)[0]
    assert 'Mean</th><td class="number">12</td>' in staff
    post_page = client.get("/secretariat/summary?questionnaire=post_meeting").get_data(as_text=True)
    assert "0 approved submissions." in post_page
    auth.logout()
    auth.login("reviewer@test.org")
    assert client.get("/secretariat/summary").status_code == 403
