"""What waits for a reviewer, most overdue first: each submission with how long it has
waited in its state and the day its review is due (the questionnaire's review deadline)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from app.consultations.models import Meeting
from app.extensions import db
from app.submissions.history import state_entered
from app.submissions.models import Submission
from app.submissions.scoping import in_states, submissions_for
from app.submissions.services import states_awaiting


@dataclass
class Waiting:
    submission: Submission
    since: dt.datetime
    due_on: dt.date | None

    def days_waiting(self, today: dt.date) -> int:
        return (today - self.since.date()).days

    def days_overdue(self, today: dt.date) -> int:
        return max(0, (today - self.due_on).days) if self.due_on else 0


def review_queue(actor, *, everything: bool = False, limit: int = 500) -> list[Waiting]:
    """The submissions waiting for ``actor``'s step (or all they may see), in the order to
    take them: the earliest review due date first, then the longest wait."""
    entered = state_entered()
    query = (
        submissions_for(actor)
        .add_columns(entered.c.at)
        .join(entered, entered.c.submission_id == Submission.id)
        .options(
            selectinload(Submission.commission),
            selectinload(Submission.meeting).selectinload(Meeting.consultation),
            selectinload(Submission.workflow_version),
        )
        .order_by(entered.c.at)
    )
    if not everything:
        query = query.where(in_states(states_awaiting(actor.role)))
    found = []
    for submission, since in db.session.execute(query.limit(limit)):
        asked = submission.meeting.consultation.asked(submission.questionnaire_code)
        due_on = since.date() + dt.timedelta(days=asked.review_days) if asked else None
        found.append(Waiting(submission, since, due_on))
    found.sort(key=lambda item: (item.due_on or dt.date.max, item.since))
    return found
