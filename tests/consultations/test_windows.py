"""Questionnaire windows reckoned from the meeting: open, due, late, closed; moved with it."""

import datetime as dt
from types import SimpleNamespace

import pytest

from app.consultations.windows import CLOSED, NOT_OPEN, OPEN, OVERDUE, describe, window_for

MEETING_DAY = dt.date(2027, 3, 15)
BEFORE = SimpleNamespace(
    phase="before", opens_days_before=30, due_days_before=7, due_days_after=30, late_days=7
)
AFTER = SimpleNamespace(
    phase="after", opens_days_before=30, due_days_before=7, due_days_after=30, late_days=7
)


def meeting(day=MEETING_DAY, status="scheduled", held_on=None):
    return SimpleNamespace(meeting_date=day, status=status, held_on=held_on)


@pytest.mark.parametrize(
    "today, status",
    [
        (dt.date(2027, 2, 12), NOT_OPEN),  # 31 days before
        (dt.date(2027, 2, 13), OPEN),  # 30 days before: opens
        (dt.date(2027, 3, 8), OPEN),  # 7 days before: due today
        (dt.date(2027, 3, 9), OVERDUE),
        (dt.date(2027, 3, 15), OVERDUE),  # still accepted for 7 days after the due date
        (dt.date(2027, 3, 16), CLOSED),
    ],
)
def test_the_pre_meeting_window(today, status):
    window = window_for(BEFORE, meeting(), today)
    assert window.status == status
    assert (window.opens_on, window.due_on) == (dt.date(2027, 2, 13), dt.date(2027, 3, 8))
    assert window.accepts_submission == (status in (OPEN, OVERDUE))


def test_moving_the_meeting_moves_its_windows():
    today = dt.date(2027, 3, 10)
    assert window_for(BEFORE, meeting(), today).status == OVERDUE
    moved = window_for(BEFORE, meeting(dt.date(2027, 4, 1)), today)
    assert moved.status == OPEN and moved.due_on == dt.date(2027, 3, 25)
    further = window_for(BEFORE, meeting(dt.date(2027, 5, 1)), today)
    assert further.status == NOT_OPEN and further.opens_on == dt.date(2027, 4, 1)


def test_the_post_meeting_window_opens_when_the_meeting_is_held():
    today = dt.date(2027, 3, 16)
    scheduled = window_for(AFTER, meeting(), today)
    assert scheduled.status == NOT_OPEN and scheduled.reason == "not_held"
    held = window_for(AFTER, meeting(status="held", held_on=dt.date(2027, 3, 15)), today)
    assert held.status == OPEN and held.due_on == dt.date(2027, 4, 14)
    # Marked held late: due counts from that day, not from the meeting's.
    late = window_for(AFTER, meeting(status="held", held_on=dt.date(2027, 3, 25)), today)
    assert late.opens_on == dt.date(2027, 3, 25) and late.due_on == dt.date(2027, 4, 24)
    postponed = window_for(AFTER, meeting(status="postponed"), today)
    assert postponed.reason == "postponed"


def test_a_cancelled_meeting_closes_everything():
    for asked in (BEFORE, AFTER):
        window = window_for(asked, meeting(status="cancelled"), dt.date(2027, 3, 1))
        assert window.status == CLOSED and window.reason == "cancelled"


def test_each_window_is_said_in_words(app):
    with app.test_request_context():
        today = dt.date(2027, 3, 1)
        assert str(describe(window_for(BEFORE, meeting(), today), today)) == (
            "Open; due on March 8, 2027 (7 days left)."
        )
        early = dt.date(2027, 1, 1)
        assert str(describe(window_for(BEFORE, meeting(), early), early)) == (
            "Opens on February 13, 2027; due on March 8, 2027."
        )
        late = dt.date(2027, 3, 20)
        closed = window_for(BEFORE, meeting(), late)
        assert "Closed on March 15, 2027" in str(describe(closed, late))
        assert "Ask the secretariat" in str(describe(closed, late))
        # The secretariat is not told to ask itself.
        assert str(describe(closed, late, to_secretariat=True)) == (
            "Closed on March 15, 2027 (it was due on March 8, 2027)."
        )
        assert str(describe(window_for(AFTER, meeting(), late), late)) == (
            "Opens once the meeting has been held."
        )
