"""What the questionnaire page costs the database: the signed-in user, and the submission
with its events, window, newest version, last save and files; two statements however many
times the draft was saved, none of its saves read back, and one more for the comments on
questions only when there are some."""

from __future__ import annotations

from sqlalchemy import event

from app.extensions import db
from app.submissions.models import AnswerVersion, QuestionComment, SubmissionHistory
from app.web.helpers import format_datetime
from tests.helpers import VALID_PRE_MEETING, current_version, start_submission_as


def read_page(app, client, url):
    """(page, statements, events loaded) of one visit, once the caches are warm."""
    client.get(url)
    statements, events = [], []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def loaded(entry, context):
        events.append(entry.action)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    event.listen(SubmissionHistory, "load", loaded)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
        event.remove(SubmissionHistory, "load", loaded)
    assert response.status_code == 200
    return response.get_data(as_text=True), statements, events


def test_the_page_takes_two_statements_however_often_the_draft_was_saved(
    app, client, auth, dummy_world
):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    url = f"/submissions/{sid}"
    _page, before, _events = read_page(app, client, url)
    for n in range(30):  # what a morning of autosave leaves
        body = {"loaded_version": str(current_version(app, sid)), "section": "profile"}
        body["focal_point_name"] = f"Amina {n}"
        assert client.post(f"{url}/autosave", data=body).status_code == 200
    page, after, events = read_page(app, client, url)
    assert len(before) == len(after) == 2, after
    assert events == ["create"]  # none of the 30 saves
    assert 'value="Amina 29"' in page
    with app.app_context():
        saves = db.session.query(AnswerVersion).filter_by(submission_id=sid)
        assert saves.count() == 31
        newest = max(save.saved_at for save in saves)
    # "Last saved" is the newest save's time, read with the submission.
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert f"Last saved: {format_datetime(newest)}" in page
    # Comments on questions: read apart, one statement, and only once there are some.
    with app.app_context():
        created = db.session.scalar(
            db.select(SubmissionHistory).where(SubmissionHistory.submission_id == sid)
        )
        db.session.add(
            QuestionComment(
                submission_id=sid,
                history_id=created.id,
                answers_version=1,
                path="focal_point_name",
                body="Spell it out.",
            )
        )
        db.session.commit()
    page, commented, events = read_page(app, client, url)
    assert len(commented) == 3 and "question_comments" in commented[-1], commented
    assert events == ["create"] and "Spell it out." in page
    # The full history still lists every save.
    history = client.get(f"{url}/history").get_data(as_text=True)
    assert history.count("Answers saved") >= 30


def test_a_conflict_on_a_later_section_shows_that_section_with_the_input(
    app, client, auth, dummy_world
):
    """Without JavaScript: the form comes back on the section that was sent, so what was
    typed there is on the page beside the saved version, not hidden behind the first."""
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    stale = current_version(app, sid)
    body = {"section": "activities", "achievements": "Ours", "intent": "save"}
    first = client.post(f"/submissions/{sid}/answers", data={**body, "loaded_version": str(stale)})
    assert first.status_code == 302
    again = client.post(
        f"/submissions/{sid}/answers",
        data={**body, "achievements": "Typed meanwhile", "loaded_version": str(stale)},
    )
    page = again.get_data(as_text=True)
    assert again.status_code == 409
    assert 'id="section-activities"' in page and 'id="section-profile"' not in page
    assert "Typed meanwhile</textarea>" in page


def test_the_page_lists_every_event_read_with_the_submission(app, client, auth, dummy_world):
    """The events come joined to the submission, one row each: all of them reach the page
    (its history and its latest comment), as the reviewer and as the commission."""
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    body = {**VALID_PRE_MEETING, "loaded_version": str(current_version(app, sid))}
    sent = client.post(f"/submissions/{sid}/answers", data={**body, "intent": "submit"})
    assert sent.status_code == 302
    auth.logout()
    auth.login("reviewer@test.org")
    for action, comment in (("start_review", ""), ("return", "Name the schools, please.")):
        data = {"action": action, "comment": comment, "loaded_version": current_version(app, sid)}
        assert client.post(f"/submissions/{sid}/actions", data=data).status_code == 302
    for who in ("reviewer@test.org", "focal.ma@test.org"):
        auth.logout()
        auth.login(who)
        page, statements, events = read_page(app, client, f"/submissions/{sid}")
        assert events == ["create", "submit", "start_review", "return"], who
        # (a reviewer's menu asks whether reviewers may download workbooks: one more)
        assert len(statements) == (3 if who.startswith("reviewer") else 2), statements
        history = page.split('id="history"', 1)[1].split("<tbody>", 1)[1].split("</tbody>")[0]
        assert history.count("<tr>") == 4
        latest = page.split('id="latest-comment"', 1)[1].split("</aside>", 1)[0]
        assert "Name the schools, please." in latest
