"""Reminders: to a commission before a questionnaire is due and once it is overdue, to its
reviewers when a submission has waited longer than the review deadline.

Run by a scheduled job (jobs/notifications.py) or ``shura reminders``, as often as one
likes: each reminder has a key (what, for which due date) and the outbox takes a key once,
however many workers get there. Days missed (a worker down) are caught up: a due-soon
reminder goes any day within its lead time, not only on the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.consultations.models import CANCELLED, Meeting
from app.consultations.windows import OPEN, OVERDUE, window_for
from app.core.i18n import InReadersLanguage, NameInReadersLanguage
from app.extensions import db
from app.notifications import messages
from app.notifications.outbox import people_concerned, post
from app.questionnaires.models import QuestionnaireVersion
from app.submissions.history import state_entered
from app.submissions.models import Submission
from app.users.roles import COMMISSION, REVIEWER
from app.workflows.engine import awaits, is_final
from app.workflows.models import WorkflowVersion


@dataclass
class ReminderCount:
    due_soon: int = 0
    overdue: int = 0
    review: int = 0

    @property
    def total(self) -> int:
        return self.due_soon + self.overdue + self.review


def send_reminders(today: dt.date, now: dt.datetime, days_before: int, link_for) -> ReminderCount:
    """Queue every reminder due ``today``; ``link_for(path)`` makes a link to the site.
    Flushes; the caller commits."""
    count = ReminderCount()
    titles: dict[str, object] = {}

    def title(code: str):
        if code not in titles:
            titles[code] = InReadersLanguage(QuestionnaireVersion.latest(code).definition.title)
        return titles[code]

    meetings = db.session.scalars(
        select(Meeting)
        .where(Meeting.status != CANCELLED)
        .options(selectinload(Meeting.consultation), selectinload(Meeting.commission))
    ).all()
    submissions = {
        (row.meeting_id, row.questionnaire_code): row
        for row in db.session.execute(
            select(
                Submission.meeting_id,
                Submission.questionnaire_code,
                Submission.state,
                Submission.workflow_version_id,
            )
        )
    }
    workflows = dict(WorkflowVersion.all_definitions())
    for meeting in meetings:
        for asked in meeting.consultation.questionnaires:
            window = window_for(asked, meeting, today)
            if window.status not in (OPEN, OVERDUE):
                continue
            found = submissions.get((meeting.id, asked.questionnaire_code))
            if found is not None:
                workflow = workflows[found.workflow_version_id]
                if found.state != workflow.initial or is_final(workflow, found.state):
                    continue  # submitted: the commission has done its part
            kind = "overdue" if window.status == OVERDUE else "due_soon"
            if kind == "due_soon" and (window.due_on - today).days > days_before:
                continue
            write = messages.overdue if kind == "overdue" else messages.due_soon
            commission = NameInReadersLanguage(meeting.commission)
            for person in people_concerned([COMMISSION], meeting.commission_id):
                key = f"{kind}:{meeting.id}:{asked.questionnaire_code}:{window.due_on}:{person.id}"
                posted = post(
                    person,
                    kind,
                    key,
                    partial(
                        write,
                        commission,
                        title(asked.questionnaire_code),
                        meeting,
                        window,
                        link_for("/commission/"),
                    ),
                )
                if posted is not None:
                    setattr(count, kind, getattr(count, kind) + 1)
    count.review = _review_reminders(now, workflows, title, link_for)
    return count


def _review_reminders(now: dt.datetime, workflows, title, link_for) -> int:
    """Submissions waiting for a reviewer's step longer than their questionnaire allows."""
    entered = state_entered()
    rows = db.session.execute(
        select(Submission, entered.c.event_id, entered.c.at)
        .join(entered, entered.c.submission_id == Submission.id)
        .options(selectinload(Submission.meeting).selectinload(Meeting.consultation))
        .options(selectinload(Submission.commission))
    ).all()
    sent = 0
    for submission, event_id, since in rows:
        workflow = workflows[submission.workflow_version_id]
        if not awaits(workflow, submission.state, REVIEWER):
            continue
        asked = submission.meeting.consultation.asked(submission.questionnaire_code)
        waited = (now - since).days
        if asked is None or waited < asked.review_days:
            continue
        commission = NameInReadersLanguage(submission.commission)
        link = link_for(f"/submissions/{submission.id}")
        for person in people_concerned([REVIEWER], submission.commission_id):
            posted = post(
                person,
                "review_waiting",
                f"review:{submission.id}:{event_id}:{person.id}",
                partial(
                    messages.review_waiting,
                    commission,
                    title(submission.questionnaire_code),
                    waited,
                    link,
                ),
            )
            sent += posted is not None
    return sent
