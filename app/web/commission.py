"""The commission focal point's pages: its meetings and questionnaires."""

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.consultations.meetings import STATUS_LABELS
from app.consultations.models import Meeting
from app.consultations.windows import NOT_OPEN, describe, window_for
from app.core.errors import Conflict
from app.core.i18n import ngettext
from app.core.time import utctoday
from app.extensions import db
from app.submissions.models import Submission
from app.submissions.scoping import meetings_for, submissions_for
from app.submissions.services import start_submission
from app.users.roles import COMMISSION
from app.web.access import restrict_to
from app.web.wtforms import EmptyForm
from app.workflows.engine import awaits, can_edit, is_final

bp = Blueprint("commission", __name__, url_prefix="/commission")
restrict_to(bp, COMMISSION)


@dataclass
class Task:
    """One questionnaire of one meeting as the commission meets it today."""

    meeting: Meeting
    asked: object
    submission: object
    window: object
    #: "start", "continue" (answers to give), "wait" (with the reviewers), "done", "closed"
    step: str

    @property
    def sent_back(self) -> bool:
        """Sent once and back with the commission: its window no longer applies."""
        return (
            self.step == "continue"
            and self.submission is not None
            and self.submission.state != self.submission.workflow.initial
        )

    @property
    def sort_key(self):
        # What came back to the commission first, then by due date.
        due = self.window.due_on or dt.date.max
        return (not self.sent_back, due, self.meeting.meeting_date)


def _step(submission, window) -> str:
    if submission is None:
        return "start" if window.may_start else "closed"
    workflow = submission.workflow
    if is_final(workflow, submission.state):
        return "done"
    if can_edit(workflow, submission.state, current_user.role) or awaits(
        workflow, submission.state, current_user.role
    ):
        return "continue"
    return "wait"


@bp.route("/")
def dashboard():
    """The commission's meetings with their questionnaires, and what to do next by when."""
    meetings = db.session.scalars(
        meetings_for(current_user)
        .options(selectinload(Meeting.consultation))
        .order_by(Meeting.meeting_date.desc())
    ).all()
    submissions = {
        (s.meeting_id, s.questionnaire_code): s
        for s in db.session.scalars(
            submissions_for(current_user)
            .where(Submission.meeting_id.in_([m.id for m in meetings]))
            .options(selectinload(Submission.workflow_version))
        )
    }
    today = utctoday()
    tasks: dict[int, list[Task]] = {}
    for meeting in meetings:
        for asked in meeting.consultation.questionnaires:
            submission = submissions.get((meeting.id, asked.questionnaire_code))
            window = window_for(asked, meeting, today)
            tasks.setdefault(meeting.id, []).append(
                Task(meeting, asked, submission, window, _step(submission, window))
            )
    upcoming = sorted(
        (
            task
            for found in tasks.values()
            for task in found
            if task.step in ("start", "continue")
            or (task.step == "closed" and task.window.status == NOT_OPEN)
        ),
        key=lambda task: task.sort_key,
    )
    return render_template(
        "commission/dashboard.html",
        meetings=meetings,
        tasks=tasks,
        upcoming=upcoming,
        today=today,
        describe_window=describe,
        statuses=STATUS_LABELS,
        form=EmptyForm(),
    )


@bp.route("/meetings/<int:meeting_id>/<code>/start", methods=["POST"])
def start(meeting_id: int, code: str):
    """Open a meeting's questionnaire, creating the draft the first time."""
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("commission.dashboard"))
    try:
        submission = start_submission(current_user, meeting_id, code)
    except Conflict as closed:  # not open yet, or closed: the dashboard says when and why
        db.session.rollback()
        flash(str(closed), "error")
        return redirect(url_for("commission.dashboard"))
    db.session.commit()
    if submission.prefilled:
        flash(
            str(
                ngettext(
                    "%(num)d answer was filled in from your earlier questionnaire for this "
                    "meeting; check it before you submit.",
                    "%(num)d answers were filled in from your earlier questionnaire for this "
                    "meeting; check them before you submit.",
                    len(submission.prefilled),
                )
            ),
            "info",
        )
    return redirect(url_for("submissions.show", submission_id=submission.id))
