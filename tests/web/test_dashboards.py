"""The secretariat's matrix and every list page at scale: 500 commissions and 5,000
submissions answer in a handful of statements, not one per row; and the matrix tells the
truth about states, due dates, lateness and filters."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager

import pytest
from babel.dates import format_date
from sqlalchemy import event, select

from app.consultations.models import Meeting
from app.extensions import db
from app.submissions.models import Submission
from app.users.models import Commission, User
from app.users.roles import COMMISSION, REVIEWER, SECRETARIAT
from tests.helpers import create_consultation, create_user

TODAY = dt.datetime.now(dt.UTC).date()


@contextmanager
def counted_statements(app):
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def big_world(app):
    """500 commissions with five held meetings each and 5,000 submissions over them."""
    from app.demo.bulk import load_bulk

    with app.app_context():
        consultation = create_consultation()
        ids = load_bulk(consultation, commissions=500, submissions=5000, today=TODAY)
        commissions = db.session.scalars(select(Commission).order_by(Commission.id)).all()
        one = commissions[0]
        create_user("focal@test.org", COMMISSION, commission=one)
        create_user("reviewer@test.org", REVIEWER, reviews=commissions)
        create_user("secretariat@test.org", SECRETARIAT)
        submission = db.session.get(Submission, ids[0])
        world = {
            "submission": ids[0],
            "meeting": submission.meeting_id,
            "submissions": len(ids),
        }
        db.session.commit()
    return world


PAGE_BUDGET = 15


def statements_for(app, client, url) -> int:
    client.get(url)  # a first visit fills the per-process caches (workflow definitions)
    with counted_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(statements)


def test_pages_at_scale_take_a_handful_of_statements(app, client, auth, big_world):
    assert big_world["submissions"] == 5000
    auth.login("secretariat@test.org")
    page = client.get("/secretariat/?late=").get_data(as_text=True)
    assert "500 commissions of 500 match. Showing 1 to 50." in page
    counts = {
        state: int(count)
        for state, count in re.findall(
            r'<li data-state="(\w+)">.*?<strong class="count">(\d+)</strong>', page, re.S
        )
    }
    assert sum(v for k, v in counts.items() if k != "late") == 5000
    pages = {
        "the matrix": "/secretariat/",
        "the matrix, filtered": "/secretariat/?state=submitted&late=1&region=africa",
        "a questionnaire page": f"/submissions/{big_world['submission']}",
        "a submission's history": f"/submissions/{big_world['submission']}/history",
        "the meetings": "/secretariat/meetings/",
        "a meeting": f"/secretariat/meetings/{big_world['meeting']}",
        "the people": "/secretariat/people/",
        "the outbox": "/secretariat/outbox",
        "the exports": "/exports",
    }
    found = {name: statements_for(app, client, url) for name, url in pages.items()}
    auth.logout()
    auth.login("reviewer@test.org")
    found["the review queue"] = statements_for(app, client, "/review/")
    found["a questionnaire page for a reviewer"] = statements_for(
        app, client, f"/submissions/{big_world['submission']}"
    )
    auth.logout()
    auth.login("focal@test.org")
    found["the commission's home"] = statements_for(app, client, "/commission/")
    too_many = {name: n for name, n in found.items() if n > PAGE_BUDGET}
    assert not too_many, f"pages over {PAGE_BUDGET} statements: {too_many} (all: {found})"


def matrix_cells(page: str) -> dict[tuple[str, str], str]:
    """(commission code, questionnaire) -> the cell's state key, from the matrix's HTML."""
    cells = {}
    for iso2, body in re.findall(r'<tr data-commission="(\w+)">(.*?)</tr>', page, re.S):
        for code, state in re.findall(r'data-questionnaire="(\w+)" data-state="(\w+)"', body):
            cells[(iso2, code)] = state
    return cells


def test_the_matrix_shows_states_due_dates_and_lateness(app, client, auth, dummy_world):
    from tests.helpers import start_submission_as

    start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    auth.logout()
    auth.login("secretariat@test.org")
    page = client.get("/secretariat/").get_data(as_text=True)
    cells = matrix_cells(page)
    assert cells == {
        ("MA", "pre_meeting"): "draft",
        ("MA", "post_meeting"): "not_started",
        ("SN", "pre_meeting"): "not_started",
        ("SN", "post_meeting"): "not_started",
    }
    # Both meetings were held today: the pre-meeting questionnaire was due a week ago.
    assert page.count('data-late="commission"') == 2
    due = TODAY - dt.timedelta(days=7)
    assert f"due {format_date(due, 'long', locale='en')}" in page
    assert '<li data-state="late">' in page

    late_only = client.get("/secretariat/?late=1").get_data(as_text=True)
    assert set(matrix_cells(late_only)) == set(cells)
    drafts = client.get("/secretariat/?state=draft").get_data(as_text=True)
    assert {iso2 for iso2, _ in matrix_cells(drafts)} == {"MA"}
    with app.app_context():
        reviewer_sn = db.session.scalar(select(User.id).where(User.email == "reviewer.sn@test.org"))
    by_reviewer = client.get(f"/secretariat/?reviewer={reviewer_sn}").get_data(as_text=True)
    assert {iso2 for iso2, _ in matrix_cells(by_reviewer)} == {"SN"}
    elsewhere = client.get("/secretariat/?region=europe").get_data(as_text=True)
    assert matrix_cells(elsewhere) == {}
    assert "No commission matches these filters." in elsewhere


def test_a_moved_meeting_moves_its_cells_due_dates(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    with app.app_context():
        meeting = db.session.get(Meeting, dummy_world["sn_meeting"])
        meeting.meeting_date = TODAY + dt.timedelta(days=60)
        meeting.status, meeting.held_on = "scheduled", None
        db.session.commit()
    page = client.get("/secretariat/").get_data(as_text=True)
    # Not due for 53 days: not late; the post-meeting one has no window until it is held.
    assert page.count('data-late="commission"') == 1
    assert f'datetime="{(TODAY + dt.timedelta(days=60)).isoformat()}"' in page


@pytest.mark.parametrize("who", ["focal.ma@test.org", "reviewer@test.org"])
def test_only_the_secretariat_sees_the_matrix(client, auth, dummy_world, who):
    auth.login(who)
    assert client.get("/secretariat/").status_code in (403, 404)


def test_odd_query_strings_do_not_break_the_matrix(client, auth, dummy_world):
    auth.login("secretariat@test.org")
    for query in (
        "endpoint=x&_external=1&_anchor=y",
        "page=abc&reviewer=abc&state=nonsense&region=mars",
        "page=-5&late=yes&consultation=nowhere",
    ):
        response = client.get(f"/secretariat/?{query}")
        assert response.status_code == 200, query
        # The matrix's own links carry only its parameters (none made absolute or anchored).
        links = re.findall(r'href="(/secretariat/\?[^"]*)"', response.get_data(as_text=True))
        assert links and not any("_external" in link or "endpoint" in link for link in links)


def test_the_commission_home_puts_what_was_sent_back_first(app, client, auth, dummy_world):
    from tests.helpers import VALID_PRE_MEETING, current_version, start_submission_as

    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    data = {**VALID_PRE_MEETING, "loaded_version": current_version(app, sid), "intent": "submit"}
    assert client.post(f"/submissions/{sid}/answers", data=data).status_code == 302
    auth.logout()
    auth.login("reviewer@test.org")
    for action, comment in (("start_review", ""), ("return", "Say more about the schools.")):
        response = client.post(
            f"/submissions/{sid}/actions",
            data={
                "action": action,
                "comment": comment,
                "loaded_version": current_version(app, sid),
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    auth.logout()
    auth.login("focal.ma@test.org")
    page = client.get("/commission/").get_data(as_text=True)
    steps = re.findall(r'<li data-window="\w+" data-step="(\w+)">(.*?)</li>', page, re.S)
    assert steps, page
    first = steps[0][1]
    assert "Sent back to you" in first and 'data-state="returned"' in first
    assert f"/submissions/{sid}" in first


def test_a_count_filters_on_its_own_state_and_the_overdue_count_on_lateness(
    client, auth, dummy_world
):
    auth.login("secretariat@test.org")
    page = client.get("/secretariat/?state=draft&region=africa").get_data(as_text=True)
    late_link = re.search(r'<li data-state="late"><a href="([^"]+)"', page).group(1)
    assert "late=1" in late_link and "state=" not in late_link and "region=africa" in late_link
    page = client.get("/secretariat/?late=1").get_data(as_text=True)
    state_link = re.search(r'<li data-state="not_started"><a href="([^"]+)"', page).group(1)
    assert "state=not_started" in state_link and "late=" not in state_link
