"""The reviewer's queue."""

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.consultations.models import Meeting
from app.extensions import db
from app.submissions.models import Submission
from app.submissions.scoping import in_states, submissions_for
from app.submissions.services import states_awaiting
from app.users.models import Commission
from app.users.roles import REVIEWER
from app.web.access import restrict_to

bp = Blueprint("review", __name__, url_prefix="/review")
restrict_to(bp, REVIEWER)


@bp.route("/")
def queue():
    """Submissions of the reviewer's commissions that wait for them (or all, on request)."""
    show_all = request.args.get("show") == "all"
    query = (
        submissions_for(current_user)
        .join(Commission, Submission.commission_id == Commission.id)
        .join(Meeting, Submission.meeting_id == Meeting.id)
        .options(
            selectinload(Submission.commission),
            selectinload(Submission.meeting),
            selectinload(Submission.workflow_version),
        )
        .order_by(Submission.updated_at.desc())
    )
    if not show_all:
        query = query.where(in_states(states_awaiting(current_user.role)))
    submissions = db.session.scalars(query.limit(500)).all()
    return render_template("review/queue.html", submissions=submissions, show_all=show_all)
