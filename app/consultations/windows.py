"""When a meeting's questionnaire may be filled and submitted, reckoned from the meeting.

A questionnaire asked *before* a meeting opens ``opens_days_before`` days before it and is
due ``due_days_before`` days before it. One asked *after* opens when the meeting is marked
held and is due ``due_days_after`` days after the meeting (or after the day it was marked
held, when that came later). A late submission is accepted for ``late_days`` after the due
date; then the window is closed. A cancelled meeting closes its questionnaires.

Only the first submission keeps to the window: work sent back for revision can always be
sent again. Pure functions of the meeting, the questionnaire's settings and today's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.consultations.models import AFTER_MEETING, CANCELLED, HELD, POSTPONED
from app.core.i18n import DateInReadersLanguage, _, ngettext

#: where a window stands today
NOT_OPEN, OPEN, OVERDUE, CLOSED = "not_open", "open", "overdue", "closed"


@dataclass(frozen=True)
class Window:
    #: None while the opening is not known (an after-meeting questionnaire, meeting not held)
    opens_on: dt.date | None
    due_on: dt.date | None
    closes_on: dt.date | None
    status: str
    #: why it is closed or not open, for the page: "cancelled", "not_held", "postponed"
    reason: str | None = None

    @property
    def accepts_submission(self) -> bool:
        return self.status in (OPEN, OVERDUE)

    @property
    def may_start(self) -> bool:
        """A draft may be started once the window has opened, and until it closes."""
        return self.status in (OPEN, OVERDUE)

    def days_left(self, today: dt.date) -> int | None:
        return (self.due_on - today).days if self.due_on else None


@dataclass(frozen=True)
class WindowRule:
    """A questionnaire's window settings as plain values: the matrix reckons thousands of
    windows, and reading ORM attributes for each costs more than the arithmetic."""

    phase: str
    opens_days_before: int
    due_days_before: int
    due_days_after: int
    late_days: int
    review_days: int

    @classmethod
    def of(cls, asked) -> WindowRule:
        return cls(
            asked.phase,
            asked.opens_days_before,
            asked.due_days_before,
            asked.due_days_after,
            asked.late_days,
            asked.review_days,
        )


def window_for(asked, meeting, today: dt.date) -> Window:
    """The window of ``asked`` (a ConsultationQuestionnaire or its WindowRule) for
    ``meeting`` on ``today``."""
    if asked.phase == AFTER_MEETING:
        due_from = max(meeting.meeting_date, meeting.held_on or meeting.meeting_date)
        due_on = due_from + dt.timedelta(days=asked.due_days_after)
        opens_on = meeting.held_on if meeting.status == HELD else None
    else:
        opens_on = meeting.meeting_date - dt.timedelta(days=asked.opens_days_before)
        due_on = meeting.meeting_date - dt.timedelta(days=asked.due_days_before)
    closes_on = due_on + dt.timedelta(days=asked.late_days)
    if meeting.status == CANCELLED:
        return Window(opens_on, due_on, closes_on, CLOSED, "cancelled")
    if opens_on is None:
        reason = "postponed" if meeting.status == POSTPONED else "not_held"
        return Window(None, due_on, closes_on, NOT_OPEN, reason)
    if today < opens_on:
        return Window(opens_on, due_on, closes_on, NOT_OPEN)
    if today <= due_on:
        return Window(opens_on, due_on, closes_on, OPEN)
    if today <= closes_on:
        return Window(opens_on, due_on, closes_on, OVERDUE)
    return Window(opens_on, due_on, closes_on, CLOSED, "late")


def describe(window: Window, today: dt.date, *, to_secretariat: bool = False):
    """What the window means today, as a sentence in the reader's language: for the
    commission (who may ask the secretariat for more time), or for the secretariat."""
    due = DateInReadersLanguage(window.due_on) if window.due_on else ""
    if window.status == OPEN:
        days = window.days_left(today)
        if days == 0:
            return _("Open; due today.")
        return ngettext(
            "Open; due on %(date)s (%(num)d day left).",
            "Open; due on %(date)s (%(num)d days left).",
            days,
            date=due,
        )
    if window.status == OVERDUE:
        return _(
            "Overdue since %(date)s; still accepted until %(closes)s.",
            date=due,
            closes=DateInReadersLanguage(window.closes_on),
        )
    if window.status == NOT_OPEN:
        if window.reason == "postponed":
            return _("The meeting is postponed; this questionnaire opens once it has been held.")
        if window.reason == "not_held":
            return _("Opens once the meeting has been held.")
        return _(
            "Opens on %(opens)s; due on %(date)s.",
            opens=DateInReadersLanguage(window.opens_on),
            date=due,
        )
    if window.reason == "cancelled":
        return _("Closed: the meeting was cancelled.")
    if to_secretariat:
        return _(
            "Closed on %(closes)s (it was due on %(date)s).",
            closes=DateInReadersLanguage(window.closes_on),
            date=due,
        )
    return _(
        "Closed on %(closes)s (it was due on %(date)s). Ask the secretariat if you still need "
        "to send it.",
        closes=DateInReadersLanguage(window.closes_on),
        date=due,
    )
