"""What the API's writing resources of a submission share: the state they answer with, and
the conflict they answer when the submission changed since the client read it."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from marshmallow import Schema, fields

from app.api.problems import problem
from app.api.schemas import UtcDateTime
from app.api.submissions import state_labels
from app.core.errors import Conflict
from app.extensions import db
from app.submissions.scoping import get_submission
from app.submissions.services import explain_conflict_to_program, may_edit


def submission_url(submission_id: int) -> str:
    return url_for("api_submissions.submission", submission_id=submission_id)


class SubmissionLinksSchema(Schema):
    self = fields.String(metadata={"description": "The submission, with its answers."})
    answers = fields.String(metadata={"description": "Where its answers are saved (PUT)."})
    actions = fields.String(metadata={"description": "The workflow actions open to the caller."})


class SubmissionStateSchema(Schema):
    """A submission after a change: enough to send the next one (its version)."""

    id = fields.Integer()
    questionnaire = fields.String(attribute="questionnaire_code")
    meeting = fields.Integer(attribute="meeting_id")
    version = fields.Integer(
        metadata={"description": "Send it with the next change: the version it is based on."}
    )
    state = fields.String(metadata={"description": "The workflow state's code."})
    state_label = fields.Method(
        "_state_label", metadata={"type": "object", "description": "By language: en, fr, ar."}
    )
    editable = fields.Method(
        "_editable",
        metadata={"type": "boolean", "description": "Whether the caller may save answers now."},
    )
    updated_at = UtcDateTime()
    links = fields.Method("_links", metadata={"type": "object"})

    def _state_label(self, submission) -> dict:
        return state_labels(submission.workflow, submission.state)

    def _editable(self, submission) -> bool:
        return may_edit(current_user, submission)

    def _links(self, submission) -> dict:
        return {
            "self": submission_url(submission.id),
            "answers": url_for("api_answers.save", submission_id=submission.id),
            "actions": url_for("api_actions.actions", submission_id=submission.id),
        }


def conflict_problem(submission_id: int, conflict: Conflict):
    """409 for a change that no longer fits: what the submission is now (its version and
    state), and why, in the words the page uses (whose change came first)."""
    db.session.rollback()
    submission = get_submission(current_user, submission_id)
    return problem(
        409,
        explain_conflict_to_program(current_user, submission, conflict),
        current_version=submission.version,
        state=submission.state,
    )
