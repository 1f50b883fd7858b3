"""The secretariat's meetings: the list of a consultation's meetings, planning and changing
one (date, time, place, link, status, notes) and seeing the windows it gives its
questionnaires."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager
from wtforms import SelectChoice

from app.consultations.meetings import STATUS_LABELS, MeetingDetails, save_meeting
from app.consultations.models import Consultation, Meeting
from app.consultations.windows import describe, window_for
from app.core.errors import Conflict, ValidationFailed
from app.core.i18n import _
from app.core.time import utctoday
from app.extensions import db
from app.submissions.scoping import get_meeting, meetings_for
from app.users.models import Commission
from app.users.roles import SECRETARIAT
from app.web.access import restrict_to
from app.web.language import current_language
from app.web.wtforms import MeetingForm, show_problems

bp = Blueprint("meetings", __name__, url_prefix="/secretariat/meetings")
restrict_to(bp, SECRETARIAT)


def _consultation() -> Consultation:
    consultations = db.session.scalars(
        select(Consultation).order_by(Consultation.created_at.desc())
    ).all()
    chosen = next((c for c in consultations if c.slug == request.args.get("consultation")), None)
    if chosen is None and consultations:
        chosen = consultations[0]
    if chosen is None:
        abort(404)
    return chosen


def _form(formdata=None, **data) -> MeetingForm:
    form = MeetingForm(formdata=formdata, **data)
    lang = current_language()
    commissions = db.session.scalars(select(Commission).order_by(Commission.name_en)).all()
    form.commission_id.choices = [SelectChoice(c.id, c.name(lang)) for c in commissions]
    form.status.choices = [SelectChoice(code, label) for code, label in STATUS_LABELS.items()]
    return form


def _details(form: MeetingForm) -> MeetingDetails:
    return MeetingDetails(
        commission_id=form.commission_id.data,
        meeting_date=form.meeting_date.data,
        start_time=form.start_time.data,
        place=form.place.data or "",
        online_link=form.online_link.data or "",
        status=form.status.data,
        notes=form.notes.data or "",
    )


def _windows(meeting: Meeting) -> list:
    """(questionnaire code, window, sentence) of each questionnaire of the meeting."""
    today = utctoday()
    found = []
    for asked in meeting.consultation.questionnaires:
        window = window_for(asked, meeting, today)
        found.append(
            (asked.questionnaire_code, window, describe(window, today, to_secretariat=True))
        )
    return found


@bp.route("/")
def index():
    """A consultation's meetings, soonest first, with their status."""
    consultation = _consultation()
    query = (
        meetings_for(current_user)
        .join(Commission, Meeting.commission_id == Commission.id)
        .where(Meeting.consultation_id == consultation.id)
        .options(contains_eager(Meeting.commission))
        .order_by(Meeting.meeting_date, Commission.name_en)
    )
    status = request.args.get("status")
    if status in STATUS_LABELS:
        query = query.where(Meeting.status == status)
    meetings = db.session.scalars(query).all()
    return render_template(
        "secretariat/meetings.html",
        consultation=consultation,
        consultations=db.session.scalars(select(Consultation)).all(),
        meetings=meetings,
        status=status,
        statuses=STATUS_LABELS,
    )


def _render(consultation, form, meeting=None, status=200, message=None):
    if status == 409:
        # The saved meeting is shown beside the form: saving again replaces it.
        form.loaded_version.data = str(meeting.version)
    return (
        render_template(
            "secretariat/meeting_form.html",
            consultation=consultation,
            form=form,
            meeting=meeting,
            windows=_windows(meeting) if meeting is not None else [],
            message=message,
            statuses=STATUS_LABELS,
        ),
        status,
    )


def _save(consultation, form, meeting=None):
    """Validate and save the posted form; the page again with its errors otherwise."""
    if not form.validate():
        return _render(consultation, form, meeting, 422, _("Some details need correcting."))
    expected = form.loaded_version.data
    try:
        saved = save_meeting(
            current_user,
            consultation,
            _details(form),
            meeting=meeting,
            expected_version=int(expected) if expected and expected.isdigit() else None,
            today=utctoday(),
        )
    except ValidationFailed as failed:
        db.session.rollback()
        show_problems(form, failed)
        meeting = get_meeting(current_user, meeting.id) if meeting is not None else None
        return _render(consultation, form, meeting, 422, failed)
    except Conflict as conflict:
        db.session.rollback()
        meeting = get_meeting(current_user, meeting.id)
        return _render(consultation, form, meeting, 409, conflict)
    db.session.commit()
    flash(str(_("The meeting is saved.")), "success")
    return redirect(url_for("meetings.edit", meeting_id=saved.id))


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Plan a meeting with a commission."""
    consultation = _consultation()
    if request.method == "POST":
        return _save(consultation, _form(request.form))
    return _render(consultation, _form(None, status="scheduled"))


@bp.route("/<int:meeting_id>", methods=["GET", "POST"])
def edit(meeting_id: int):
    """Change a meeting: move it, mark it held, postpone or cancel it, note things."""
    meeting = get_meeting(current_user, meeting_id)
    if request.method == "POST":
        return _save(meeting.consultation, _form(request.form), meeting)
    form = _form(
        None,
        commission_id=meeting.commission_id,
        meeting_date=meeting.meeting_date,
        start_time=meeting.start_time,
        place=meeting.place or "",
        online_link=meeting.online_link or "",
        status=meeting.status,
        notes=meeting.notes or "",
        loaded_version=str(meeting.version),
    )
    return _render(meeting.consultation, form, meeting)
