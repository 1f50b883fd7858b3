"""The commission focal point's pages: its meetings and questionnaires."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from app.consultations.models import Meeting
from app.extensions import db
from app.submissions.models import Submission
from app.submissions.scoping import meetings_for, submissions_for
from app.submissions.services import start_submission
from app.users.roles import COMMISSION
from app.web.access import restrict_to
from app.web.wtforms import EmptyForm

bp = Blueprint("commission", __name__, url_prefix="/commission")
restrict_to(bp, COMMISSION)


@bp.route("/")
def dashboard():
    """The commission's meetings, each with its questionnaires and their states."""
    meetings = db.session.scalars(
        meetings_for(current_user).order_by(Meeting.meeting_date.desc())
    ).all()
    submissions = {
        (s.meeting_id, s.questionnaire_code): s
        for s in db.session.scalars(
            submissions_for(current_user).where(Submission.meeting_id.in_([m.id for m in meetings]))
        )
    }
    return render_template(
        "commission/dashboard.html",
        meetings=meetings,
        submissions=submissions,
        form=EmptyForm(),
    )


@bp.route("/meetings/<int:meeting_id>/<code>/start", methods=["POST"])
def start(meeting_id: int, code: str):
    """Open a meeting's questionnaire, creating the draft the first time."""
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("commission.dashboard"))
    submission = start_submission(current_user, meeting_id, code)
    db.session.commit()
    return redirect(url_for("submissions.show", submission_id=submission.id))
