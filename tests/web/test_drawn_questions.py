"""Questions drawn once for their answers (app/web/drawn_questions.py) are drawn again
whenever what they show could differ: another day (expressions read today()), a comment
on a question, another language; never shared between two submissions."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.extensions import db
from app.submissions.models import QuestionComment, Submission
from app.web import submission_page
from app.web.drawn_questions import DRAWN
from tests.conftest import prepared_app
from tests.helpers import copy_post_meeting_without_prefill, current_version, start_submission_as

DATED = """\
code: pre_meeting
title: {en: "Dated", fr: "Daté", ar: "مؤرخ"}
version: "1"
sections:
  - code: profile
    title: {en: "Profile", fr: "Profil", ar: "الملف"}
    items:
      - code: name
        type: text
        label: {en: "Name", fr: "Nom", ar: "الاسم"}
      - code: new_decade
        type: note
        relevant: "today() >= date('2030-01-01')"
        label: {en: "The new decade has begun.", fr: "La décennie a commencé.", ar: "بدأ العقد."}
"""


@pytest.fixture
def app(database_url, tmp_path):
    """The app with DATED as its pre-meeting questionnaire."""
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "pre_meeting.yaml").write_text(DATED, encoding="utf-8")
    copy_post_meeting_without_prefill(forms)
    yield from prepared_app(database_url, tmp_path, FORMS_DIR=str(forms))


def note_shown(page: str) -> bool:
    box = re.search(r'<div class="note" id="q-new_decade"[^>]*>', page)
    assert box, "no box for the note"
    return " hidden" not in box.group(0)


def save(client, app, sid, name):
    body = {"loaded_version": str(current_version(app, sid)), "intent": "save", "name": name}
    assert client.post(f"/submissions/{sid}/answers", data=body).status_code == 302


def test_a_new_day_draws_the_questions_again(app, client, auth, dummy_world, monkeypatch):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    url = f"/submissions/{sid}"
    assert not note_shown(client.get(url).get_data(as_text=True))
    assert not note_shown(client.get(url).get_data(as_text=True))  # as kept
    monkeypatch.setattr(submission_page, "utctoday", lambda: dt.date(2030, 1, 1))
    assert note_shown(client.get(url).get_data(as_text=True))


def test_comments_on_questions_are_never_hidden_by_a_kept_drawing(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    save(client, app, sid, "Amina")
    url = f"/submissions/{sid}"
    before = client.get(url).get_data(as_text=True)
    assert 'value="Amina"' in before and "Spell it out" not in before
    with app.app_context():
        created = db.session.get(Submission, sid).history[0]
        assert created.action == "create"
        created_id = created.id
        comment = QuestionComment(
            submission_id=sid,
            history_id=created_id,
            answers_version=1,
            path="name",
            body="Spell it out, please.",
        )
        db.session.add(comment)
        db.session.commit()
        comment_id = comment.id
    page = client.get(url).get_data(as_text=True)
    box, note = page.index('id="q-name"'), page.index("Spell it out, please.")
    assert box < note < page.index('id="q-new_decade"')
    with app.app_context():
        db.session.get(QuestionComment, comment_id).resolved_by_history_id = created_id
        db.session.commit()
    after = client.get(url).get_data(as_text=True)
    assert "Spell it out" not in after.split('id="history"')[0] and 'value="Amina"' in after


def test_each_submission_and_language_has_its_own_drawing(app, client, auth, dummy_world):
    """Two drafts with the same answers: each page draws its own; French draws French."""
    sn = start_submission_as(client, auth, "focal.sn@test.org", dummy_world["sn_meeting"])
    save(client, app, sn, "Same")
    assert 'value="Same"' in client.get(f"/submissions/{sn}").get_data(as_text=True)
    kept = len(app.extensions[DRAWN])
    auth.logout()
    ma = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    save(client, app, ma, "Same")
    page = client.get(f"/submissions/{ma}").get_data(as_text=True)
    assert 'value="Same"' in page and len(app.extensions[DRAWN]) == kept + 1
    assert client.post("/language/fr").status_code == 302
    french = client.get(f"/submissions/{ma}").get_data(as_text=True)
    assert ">Nom" in french and ">Name" in page
    assert len(app.extensions[DRAWN]) == kept + 2


def test_none_kept_when_the_setting_says_so(app, client, auth, dummy_world):
    app.config["DRAWN_QUESTIONS_KEPT"] = 0  # SHURA_DRAWN_QUESTIONS_KEPT=0
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    save(client, app, sid, "Amina")
    for _ in range(2):
        assert 'value="Amina"' in client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert DRAWN not in app.extensions
