"""Consultations, meetings and questionnaires through the API, scoped per role as the pages
are, and every stored version of a questionnaire's definition as JSON."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.core.definition_files import canonical_content
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.users.roles import COMMISSION
from tests.api.helpers import bearer, create_token
from tests.helpers import (
    create_commission,
    create_consultation,
    create_meeting,
    create_user,
    meeting_day,
    start_submission_as,
)


def get(client, token, path, status=200):
    response = client.get(path, headers=bearer(token))
    assert response.status_code == status, (path, response.get_data(as_text=True))
    if status >= 400:
        assert response.mimetype == "application/problem+json"
    else:
        assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()


def test_each_role_sees_the_consultations_it_takes_part_in(app, client, dummy_world):
    with app.app_context():
        tunisia = create_commission("TN", region="arab")
        create_user("focal.tn@test.org", COMMISSION, commission=tunisia)
        other = create_consultation("other-2022")
        create_meeting(other, tunisia)
        db.session.commit()
    secretariat = create_token(app, "secretariat@test.org")
    morocco = create_token(app, "focal.ma@test.org")
    tunisia = create_token(app, "focal.tn@test.org")
    reviewer = create_token(app, "reviewer.sn@test.org")

    everything = get(client, secretariat, "/api/v1/consultations")
    assert [c["slug"] for c in everything] == ["other-2022", "test-2021"]
    test = everything[1]
    assert test["title"] == {
        "en": "Test consultation",
        "fr": "Consultation test",
        "ar": "استشارة تجريبية",
    }
    assert test["meetings"] == {
        "scheduled": 0,
        "held": 2,
        "postponed": 0,
        "cancelled": 0,
        "total": 2,
    }
    assert [q["code"] for q in test["questionnaires"]] == ["pre_meeting", "post_meeting"]
    pre = test["questionnaires"][0]
    assert pre == {
        "code": "pre_meeting",
        "phase": "before",
        "workflow": "commission_review",
        "opens_days_before": 30,
        "due_days_before": 7,
        "due_days_after": 30,
        "late_days": 7,
        "review_days": 14,
    }
    assert test["links"] == {
        "self": "/api/v1/consultations/test-2021",
        "meetings": "/api/v1/consultations/test-2021/meetings",
        "submissions": "/api/v1/submissions?consultation=test-2021",
    }

    mine = get(client, morocco, "/api/v1/consultations")
    assert [c["slug"] for c in mine] == ["test-2021"] and mine[0]["meetings"]["total"] == 1
    assert [c["slug"] for c in get(client, tunisia, "/api/v1/consultations")] == ["other-2022"]
    assert get(client, reviewer, "/api/v1/consultations")[0]["meetings"]["total"] == 1

    # A consultation the caller takes no part in is answered as one that does not exist.
    missing = get(client, morocco, "/api/v1/consultations/no-such-thing", 404)
    assert get(client, morocco, "/api/v1/consultations/other-2022", 404) == {
        **missing,
        "detail": missing["detail"].replace("no-such-thing", "other-2022"),
    }
    assert get(client, morocco, "/api/v1/consultations/other-2022/meetings", 404)
    assert get(client, tunisia, "/api/v1/consultations/other-2022")["meetings"]["total"] == 1


def test_meetings_are_scoped_and_carry_their_windows(app, client, auth, dummy_world):
    secretariat = create_token(app, "secretariat@test.org")
    morocco = create_token(app, "focal.ma@test.org")
    reviewer = create_token(app, "reviewer@test.org")
    path = "/api/v1/consultations/test-2021/meetings"

    both = get(client, secretariat, path)
    assert [m["commission"]["iso2"] for m in both] == ["MA", "SN"]
    mine = get(client, morocco, path)
    assert [m["id"] for m in mine] == [dummy_world["ma_meeting"]]
    meeting = mine[0]
    today = meeting_day()
    assert meeting["meeting_date"] == today.isoformat() and meeting["status"] == "held"
    assert meeting["commission"]["region"] == "africa"
    assert meeting["commission"]["region_label"]["fr"] == "Afrique"
    pre, post = meeting["questionnaires"]
    assert pre["code"] == "pre_meeting" and pre["submission"] is None
    assert pre["window"] == {
        "opens_on": (today - dt.timedelta(days=30)).isoformat(),
        "due_on": (today - dt.timedelta(days=7)).isoformat(),
        "closes_on": today.isoformat(),
        "status": "overdue",
        "reason": None,
    }
    assert post["window"]["status"] == "open"
    assert post["window"]["due_on"] == (today + dt.timedelta(days=30)).isoformat()

    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    started = get(client, morocco, path)[0]["questionnaires"][0]["submission"]
    assert started == {"id": sid, "state": "draft", "url": f"/api/v1/submissions/{sid}"}
    # A reviewer does not see drafts: the meeting shows none started.
    reviewed = get(client, reviewer, path)
    assert [m["commission"]["iso2"] for m in reviewed] == ["MA", "SN"]
    assert reviewed[0]["questionnaires"][0]["submission"] is None

    assert [m["commission"]["iso2"] for m in get(client, secretariat, f"{path}?commission=sn")] == [
        "SN"
    ]
    assert get(client, secretariat, f"{path}?region=europe") == []
    assert len(get(client, secretariat, f"{path}?status=held&region=africa")) == 2
    assert get(client, secretariat, f"{path}?status=cancelled") == []
    for query, field in (
        ("?commission=ZZ", "commission"),
        ("?region=atlantis", "region"),
        ("?status=over", "status"),
    ):
        problem = get(client, secretariat, path + query, 422)
        assert [e["field"] for e in problem["errors"]] == [field], query
    foreign = get(client, morocco, f"{path}?commission=SN", 422)
    assert foreign["errors"][0]["detail"] == (
        "Not a commission you may see: SN. The commissions are: MA."
    )


def test_questionnaires_and_their_versions(app, client, auth, dummy_world):
    token = create_token(app, "focal.sn@test.org")  # definitions are no one's data
    listed = get(client, token, "/api/v1/questionnaires")
    assert [q["code"] for q in listed] == ["post_meeting", "pre_meeting"]
    pre = listed[1]
    assert pre["title"]["fr"] and pre["current_version"] == 1 and pre["versions"] == 1
    assert pre["links"]["current"] == "/api/v1/questionnaires/pre_meeting/versions/1"

    versions = get(client, token, "/api/v1/questionnaires/pre_meeting/versions")
    assert [v["number"] for v in versions] == [1] and versions[0]["current"] is True
    first = get(client, token, "/api/v1/questionnaires/pre_meeting/versions/1")
    with app.app_context():
        stored = db.session.scalar(
            select(QuestionnaireVersion).where(QuestionnaireVersion.code == "pre_meeting")
        )
        assert first["definition"] == stored.content
        assert first["content_hash"] == stored.content_hash
        # A second version, as `shura definitions sync` stores it after a change.
        changed = stored.definition.model_copy(
            update={"title": stored.definition.title.model_copy(update={"en": "Before we meet"})}
        )
        content, digest = canonical_content(changed)
        db.session.add(
            QuestionnaireVersion(
                code="pre_meeting", content=content, content_hash=digest, source_file="x.yaml"
            )
        )
        db.session.commit()
    sid = start_submission_as(client, auth, "focal.sn@test.org", dummy_world["sn_meeting"])
    listed = get(client, token, "/api/v1/questionnaires")
    assert listed[1]["current_version"] == 2 and listed[1]["title"]["en"] == "Before we meet"
    versions = get(client, token, "/api/v1/questionnaires/pre_meeting/versions")
    assert [(v["number"], v["current"]) for v in versions] == [(1, False), (2, True)]
    second = get(client, token, "/api/v1/questionnaires/pre_meeting/versions/2")
    assert second["definition"]["title"]["en"] == "Before we meet"
    assert second["definition"]["sections"] == first["definition"]["sections"]
    # The submission started now pins the new version; it says which.
    pinned = get(client, token, f"/api/v1/submissions/{sid}")["questionnaire"]
    assert pinned == {
        "code": "pre_meeting",
        "version": 2,
        "url": "/api/v1/questionnaires/pre_meeting/versions/2",
    }

    for path in (
        "/api/v1/questionnaires/pre_meeting/versions/3",
        "/api/v1/questionnaires/pre_meeting/versions/0",
        "/api/v1/questionnaires/nope/versions",
        "/api/v1/questionnaires/nope/versions/1",
    ):
        assert get(client, token, path, 404)["detail"]


def test_without_a_token_nothing_is_said(client, dummy_world):
    for path in (
        "/api/v1/consultations",
        "/api/v1/consultations/test-2021",
        "/api/v1/consultations/test-2021/meetings",
        "/api/v1/questionnaires",
        "/api/v1/questionnaires/pre_meeting/versions/1",
    ):
        response = client.get(path)
        assert response.status_code == 401 and response.mimetype == "application/problem+json"
        assert "test-2021" not in response.get_data(as_text=True)
