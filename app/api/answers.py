"""Answers through the API: start a meeting's questionnaire, save a submission's answers.

The same services as the commission's pages (``start_submission``, ``save_answers``), with
the same rights: a submission outside the caller's scope does not exist (404), one its
state does not let the caller's role edit is refused (409), and a change based on an older
version than the stored one is refused with the current version (409), never merged.
"""

from __future__ import annotations

from flask_login import current_user
from marshmallow import Schema, fields, validate

from app.api.blueprints import api_blueprint, refusals
from app.api.submission_changes import SubmissionStateSchema, conflict_problem, submission_url
from app.core.errors import Conflict
from app.extensions import db
from app.submissions.models import Submission
from app.submissions.scoping import get_submission, submissions_for
from app.submissions.services import save_answers, start_submission

blp = api_blueprint(
    "api_answers",
    "",
    "Starting a questionnaire and saving its answers, as the commission's pages do.",
)


class AnswersSchema(Schema):
    version = fields.Integer(
        required=True,
        strict=True,
        metadata={
            "description": "The submission's version the answers were based on (as read "
            "from it); a newer stored version refuses the save with 409."
        },
    )
    answers = fields.Dict(
        keys=fields.String(),
        required=True,
        metadata={
            "description": "Every answer, in the stored shape the submission is read in "
            "(repeats as lists of objects): they replace the saved answers as a whole."
        },
    )


class StartSchema(Schema):
    questionnaire = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "The questionnaire's code, as the consultation asks it."},
    )


@blp.put("/submissions/<int:submission_id>/answers")
@refusals(blp, 400, 404, 409, 413, 415, 422)
@blp.arguments(AnswersSchema)
@blp.response(200, SubmissionStateSchema)
def save(data, submission_id: int):
    """Replace a submission's answers; all of them valid, or nothing is saved (422)."""
    submission = get_submission(current_user, submission_id)
    try:
        save_answers(current_user, submission, data["answers"], data["version"])
    except Conflict as conflict:  # changed meanwhile, or not editable in its state
        return conflict_problem(submission_id, conflict)
    db.session.commit()
    return submission, 200, {"Content-Location": submission_url(submission.id)}


@blp.post("/meetings/<int:meeting_id>/submissions")
@refusals(blp, 400, 404, 409, 413, 415, 422)
@blp.arguments(StartSchema)
@blp.response(201, SubmissionStateSchema)
@blp.alt_response(200, schema=SubmissionStateSchema, description="Started already: as it is.")
def start(data, meeting_id: int):
    """Start the meeting's questionnaire as a draft once its window has opened (the
    commission's users only); the one already started is answered as it is."""
    code = data["questionnaire"]
    started = db.session.scalar(
        submissions_for(current_user).where(
            Submission.meeting_id == meeting_id, Submission.questionnaire_code == code
        )
    )
    submission = start_submission(current_user, meeting_id, code)
    db.session.commit()
    return (
        submission,
        200 if started is not None else 201,
        {"Location": submission_url(submission.id)},
    )
