"""Consultations and their meetings through the API, scoped as the pages are.

The secretariat sees every consultation and meeting; a commission's users see the
consultations their commission has a meeting in, and only their own meetings; a reviewer
those of the commissions assigned to them (``app/submissions/scoping.py``). Each meeting
comes with its questionnaires' windows (``app/consultations/windows.py``) and the
submission started for each, when the caller may see it.
"""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import NotFound

from app.api.blueprints import api_blueprint, refusals
from app.api.filters import commission_ids, region_commissions
from app.api.schemas import UtcDateTime
from app.consultations.models import MEETING_STATUSES, Consultation, Meeting
from app.consultations.windows import window_for
from app.core.i18n import _
from app.core.languages import LANGUAGES
from app.core.time import utctoday
from app.extensions import db
from app.submissions.models import Submission
from app.submissions.scoping import consultations_for, meetings_for, submissions_for
from app.users.models import Commission
from app.users.regions import REGION_LABELS, region_label

blp = api_blueprint(
    "api_consultations",
    "consultations",
    "Consultations, the questionnaires they ask and their meetings.",
)


def titles(thing, prefix: str = "title") -> dict:
    return {lang: getattr(thing, f"{prefix}_{lang}") for lang in LANGUAGES}


def commission_info(commission: Commission) -> dict:
    return {
        "iso2": commission.iso2,
        "name": titles(commission, "name"),
        "region": commission.region,
        "region_label": {lang: region_label(commission.region, lang) for lang in LANGUAGES},
    }


class CommissionSchema(Schema):
    iso2 = fields.String(metadata={"description": "ISO 3166-1 alpha-2 code."})
    name = fields.Dict(keys=fields.String(), values=fields.String())
    region = fields.String(metadata={"enum": list(REGION_LABELS)})
    region_label = fields.Dict(keys=fields.String(), values=fields.String())


class AskedSchema(Schema):
    code = fields.String(metadata={"description": "The questionnaire's code."})
    phase = fields.String(metadata={"enum": ["before", "after"]})
    workflow = fields.String(metadata={"description": "The review workflow's code."})
    opens_days_before = fields.Integer(
        metadata={"description": "Before the meeting: opens this many days before it."}
    )
    due_days_before = fields.Integer(
        metadata={"description": "Before the meeting: due this many days before it."}
    )
    due_days_after = fields.Integer(
        metadata={"description": "After the meeting: due this many days after it."}
    )
    late_days = fields.Integer(
        metadata={"description": "Still accepted this many days after the due date."}
    )
    review_days = fields.Integer(metadata={"description": "Days a review should take at most."})


class ConsultationSchema(Schema):
    slug = fields.String()
    title = fields.Dict(keys=fields.String(), values=fields.String())
    created_at = UtcDateTime()
    questionnaires = fields.List(fields.Nested(AskedSchema))
    meetings = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={
            "description": "The caller's meetings by status (scheduled, held, postponed, "
            "cancelled), and their total."
        },
    )
    links = fields.Dict(keys=fields.String(), values=fields.String())


class WindowSchema(Schema):
    opens_on = fields.Date(allow_none=True)
    due_on = fields.Date(allow_none=True)
    closes_on = fields.Date(allow_none=True)
    status = fields.String(metadata={"enum": ["not_open", "open", "overdue", "closed"]})
    reason = fields.String(
        allow_none=True,
        metadata={"description": "Why it is closed or not open: cancelled, not_held, ..."},
    )


class StartedSchema(Schema):
    id = fields.Integer()
    state = fields.String()
    url = fields.String()


class MeetingQuestionnaireSchema(Schema):
    code = fields.String()
    phase = fields.String()
    window = fields.Nested(WindowSchema)
    submission = fields.Nested(
        StartedSchema,
        allow_none=True,
        metadata={"description": "None while not started (or in a state the caller does not see)."},
    )


class MeetingSchema(Schema):
    id = fields.Integer()
    consultation = fields.String(metadata={"description": "The consultation's slug."})
    commission = fields.Nested(CommissionSchema)
    meeting_date = fields.Date()
    start_time = fields.Time(allow_none=True)
    place = fields.String(allow_none=True)
    online_link = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": list(MEETING_STATUSES)})
    held_on = fields.Date(allow_none=True)
    notes = fields.String(allow_none=True)
    updated_at = UtcDateTime()
    questionnaires = fields.List(fields.Nested(MeetingQuestionnaireSchema))


class MeetingQuerySchema(Schema):
    commission = fields.List(
        fields.String(validate=validate.Length(max=10)),
        load_default=list,
        metadata={"description": "ISO codes (repeat the parameter for several)."},
    )
    region = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    status = fields.List(
        fields.String(), load_default=list, validate=validate.ContainsOnly(MEETING_STATUSES)
    )


def visible_consultation(slug: str) -> Consultation:
    """The consultation if the caller takes part in it; NotFound otherwise, as if it did
    not exist."""
    consultation = db.session.scalar(
        consultations_for(current_user)
        .where(Consultation.slug == slug)
        .options(selectinload(Consultation.questionnaires))
    )
    if consultation is None:
        raise NotFound(str(_("No consultation is named %(slug)s.", slug=slug)))
    return consultation


def _meeting_counts(consultation_ids: list[int]) -> dict[int, dict[str, int]]:
    statement = (
        meetings_for(current_user)
        .with_only_columns(Meeting.consultation_id, Meeting.status, func.count())
        .where(Meeting.consultation_id.in_(consultation_ids))
        .group_by(Meeting.consultation_id, Meeting.status)
    )
    counts: dict[int, dict[str, int]] = {
        cid: dict.fromkeys((*MEETING_STATUSES, "total"), 0) for cid in consultation_ids
    }
    for consultation_id, status, number in db.session.execute(statement):
        counts[consultation_id][status] = number
        counts[consultation_id]["total"] += number
    return counts


def _consultation(consultation: Consultation, counts: dict[str, int]) -> dict:
    slug = consultation.slug
    return {
        "slug": slug,
        "title": titles(consultation),
        "created_at": consultation.created_at,
        "questionnaires": [
            {
                "code": asked.questionnaire_code,
                "phase": asked.phase,
                "workflow": asked.workflow_code,
                "opens_days_before": asked.opens_days_before,
                "due_days_before": asked.due_days_before,
                "due_days_after": asked.due_days_after,
                "late_days": asked.late_days,
                "review_days": asked.review_days,
            }
            for asked in consultation.questionnaires
        ],
        "meetings": counts,
        "links": {
            "self": url_for("api_consultations.consultation", slug=slug),
            "meetings": url_for("api_consultations.meetings", slug=slug),
            "submissions": url_for("api_submissions.submissions", consultation=slug),
        },
    }


@blp.get("")
@refusals(blp)
@blp.response(200, ConsultationSchema(many=True))
def consultations():
    """The consultations the caller takes part in, newest first, with their meetings
    counted by status."""
    found = db.session.scalars(
        consultations_for(current_user)
        .options(selectinload(Consultation.questionnaires))
        .order_by(Consultation.created_at.desc(), Consultation.id.desc())
    ).all()
    counts = _meeting_counts([c.id for c in found])
    return [_consultation(c, counts[c.id]) for c in found]


@blp.get("/<slug>")
@refusals(blp, 404)
@blp.response(200, ConsultationSchema)
def consultation(slug: str):
    """A consultation: its titles, the questionnaires it asks with their windows' settings,
    and the caller's meetings counted by status."""
    found = visible_consultation(slug)
    return _consultation(found, _meeting_counts([found.id])[found.id])


@blp.get("/<slug>/meetings")
@refusals(blp, 404, 422)
@blp.arguments(MeetingQuerySchema, location="query")
@blp.response(200, MeetingSchema(many=True))
def meetings(query, slug: str):
    """The consultation's meetings the caller may see, by date, with each questionnaire's
    window today and the submission started for it."""
    found = visible_consultation(slug)
    statement = (
        meetings_for(current_user)
        .where(Meeting.consultation_id == found.id)
        .options(joinedload(Meeting.commission))
        .order_by(Meeting.meeting_date, Meeting.id)
    )
    if query["commission"]:
        ids = commission_ids(current_user, query["commission"])
        statement = statement.where(Meeting.commission_id.in_(ids))
    if query["region"]:
        statement = statement.where(Meeting.commission_id.in_(region_commissions(query["region"])))
    if query["status"]:
        statement = statement.where(Meeting.status.in_(query["status"]))
    rows = db.session.scalars(statement).all()
    started = {
        (meeting_id, code): (submission_id, state)
        for submission_id, meeting_id, code, state in db.session.execute(
            submissions_for(current_user)
            .with_only_columns(
                Submission.id,
                Submission.meeting_id,
                Submission.questionnaire_code,
                Submission.state,
            )
            .where(Submission.consultation_id == found.id)
        )
    }
    today = utctoday()

    def questionnaires(meeting: Meeting) -> list[dict]:
        items = []
        for asked in found.questionnaires:
            window = window_for(asked, meeting, today)
            submission = started.get((meeting.id, asked.questionnaire_code))
            items.append(
                {
                    "code": asked.questionnaire_code,
                    "phase": asked.phase,
                    "window": window,
                    "submission": None
                    if submission is None
                    else {
                        "id": submission[0],
                        "state": submission[1],
                        "url": url_for("api_submissions.submission", submission_id=submission[0]),
                    },
                }
            )
        return items

    return [
        {
            "id": meeting.id,
            "consultation": found.slug,
            "commission": commission_info(meeting.commission),
            "meeting_date": meeting.meeting_date,
            "start_time": meeting.start_time,
            "place": meeting.place,
            "online_link": meeting.online_link,
            "status": meeting.status,
            "held_on": meeting.held_on,
            "notes": meeting.notes,
            "updated_at": meeting.updated_at,
            "questionnaires": questionnaires(meeting),
        }
        for meeting in rows
    ]
