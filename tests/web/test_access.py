"""Every query is scoped to the actor: others' data is 404, other roles' pages are 403."""

import pytest

from tests.helpers import VALID_PRE_MEETING, current_version, start_submission_as


@pytest.fixture
def sn_submission(app, client, auth, dummy_world):
    """Senegal's submitted pre-meeting questionnaire; the client is then signed out."""
    sid = start_submission_as(client, auth, "focal.sn@test.org", dummy_world["sn_meeting"])
    data = {**VALID_PRE_MEETING, "loaded_version": current_version(app, sid), "intent": "submit"}
    assert client.post(f"/submissions/{sid}/answers", data=data).status_code == 302
    auth.logout()
    return sid


def test_commission_cannot_reach_another_commissions_submission(client, auth, sn_submission):
    auth.login("focal.ma@test.org")
    for method, url, data in [
        ("get", f"/submissions/{sn_submission}", None),
        ("get", f"/submissions/{sn_submission}/workbook.xlsx", None),
        ("post", f"/submissions/{sn_submission}/answers", {"focal_point_name": "x"}),
        ("post", f"/submissions/{sn_submission}/actions", {"action": "submit"}),
    ]:
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 404, url
        assert "Amina" not in response.get_data(as_text=True)
    # Nor a submission id that does not exist: the same answer, nothing to tell them apart.
    assert client.get("/submissions/999999").status_code == 404


def test_commission_cannot_start_another_commissions_questionnaire(client, auth, dummy_world):
    auth.login("focal.ma@test.org")
    response = client.post(f"/commission/meetings/{dummy_world['sn_meeting']}/pre_meeting/start")
    assert response.status_code == 404
    response = client.post(f"/commission/meetings/{dummy_world['ma_meeting']}/nonexistent/start")
    assert response.status_code == 404


def test_commission_gets_403_on_reviewer_and_secretariat_pages(client, auth, dummy_world):
    auth.login("focal.ma@test.org")
    for url in [
        "/review/",
        "/secretariat/",
        "/exports",
        "/exports/1/download",
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post("/exports", data={"consultation": 1, "lang": "en"}).status_code == 403


def test_reviewer_sees_only_assigned_commissions(client, auth, sn_submission, dummy_world):
    auth.login("reviewer.sn@test.org")
    assert client.get(f"/submissions/{sn_submission}").status_code == 200
    page = client.get("/review/").get_data(as_text=True)
    assert f"/submissions/{sn_submission}" in page
    auth.logout()

    from app.extensions import db
    from app.users.models import Commission
    from tests.helpers import create_user

    with client.application.app_context():
        ma = db.session.scalar(db.select(Commission).where(Commission.iso2 == "MA"))
        create_user("reviewer.ma@test.org", "reviewer", reviews=[ma])
        db.session.commit()
    auth.login("reviewer.ma@test.org")
    assert client.get(f"/submissions/{sn_submission}").status_code == 404
    assert f"/submissions/{sn_submission}" not in client.get("/review/?show=all").get_data(
        as_text=True
    )
    assert client.get("/secretariat/").status_code == 403


def test_anonymous_users_are_sent_to_sign_in(client, sn_submission):
    for url in [f"/submissions/{sn_submission}", "/commission/", "/review/", "/secretariat/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_secretariat_sees_everything_but_cannot_edit_answers(app, client, auth, sn_submission):
    auth.login("secretariat@test.org")
    assert client.get(f"/submissions/{sn_submission}").status_code == 200
    assert "Country SN" in client.get("/secretariat/").get_data(as_text=True)
    data = {"focal_point_name": "Changed", "loaded_version": current_version(app, sn_submission)}
    assert client.post(f"/submissions/{sn_submission}/answers", data=data).status_code == 409


def test_reviewers_do_not_see_drafts(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.sn@test.org", dummy_world["sn_meeting"])
    auth.logout()
    auth.login("reviewer@test.org")
    assert client.get(f"/submissions/{sid}").status_code == 404
    assert f"/submissions/{sid}" not in client.get("/review/?show=all").get_data(as_text=True)
    auth.logout()
    auth.login("secretariat@test.org")
    assert client.get(f"/submissions/{sid}").status_code == 200
