"""Workflow actions through the API: what the caller may do to a submission now, and doing it.

The list is the one the submission page shows (``offered_actions``); taking an action is
``apply_action``, with the page's requirements: a comment where the workflow asks one,
complete and valid answers to submit, the two-person rule, the commission's focal point,
the questionnaire's window, and the version the client based its choice on.
"""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from marshmallow import Schema, fields, validate

from app.api.blueprints import api_blueprint, refusals
from app.api.submission_changes import SubmissionStateSchema, conflict_problem, submission_url
from app.consultations.windows import describe as describe_window
from app.core.errors import Conflict
from app.core.time import utctoday
from app.extensions import db
from app.jobs.notifications import request_delivery
from app.submissions.scoping import get_submission
from app.submissions.services import apply_action as take_action
from app.submissions.services import offered_actions
from app.workflows.engine import ACTOR_REQUIREMENTS, REQUIREMENT_DESCRIPTIONS

blp = api_blueprint(
    "api_actions",
    "submissions",
    "The workflow actions of a submission: submit, start review, return, approve, reopen...",
)

#: the longest comment on the whole, as the page's comment box (those on single questions
#: are checked by the service)
MAX_COMMENT = 10_000


def _label(text) -> dict:
    return text.model_dump(exclude_none=True)


class RequirementSchema(Schema):
    code = fields.String(metadata={"description": "comment, valid_answers, second_person..."})
    description = fields.String(metadata={"description": "What it asks, in the reader's words."})


class OfferedActionSchema(Schema):
    action = fields.String(metadata={"description": "The action's code, as in its address."})
    label = fields.Dict(metadata={"description": "By language: en, fr, ar."})
    to = fields.String(metadata={"description": "The state it leads to."})
    comment_required = fields.Boolean(
        metadata={"description": "Whether a comment (on the whole or on a question) is needed."}
    )
    requires = fields.List(fields.Nested(RequirementSchema))
    link = fields.String(metadata={"description": "Where to POST it."})


class HeldActionSchema(Schema):
    action = fields.String()
    label = fields.Dict()
    reason = fields.String()


class ActionsSchema(Schema):
    submission = fields.Nested(SubmissionStateSchema)
    actions = fields.List(
        fields.Nested(OfferedActionSchema),
        metadata={"description": "What the caller may do now, in the workflow's order."},
    )
    held = fields.List(
        fields.Nested(HeldActionSchema),
        metadata={"description": "Open to the caller's role but not to the caller, and why."},
    )
    window = fields.String(
        allow_none=True,
        metadata={"description": "While a draft: the questionnaire's window, for a person."},
    )


class ActionRequestSchema(Schema):
    version = fields.Integer(
        required=True,
        strict=True,
        metadata={
            "description": "The submission's version the choice was based on; a newer "
            "stored version refuses the action with 409."
        },
    )
    comment = fields.String(load_default="", validate=validate.Length(max=MAX_COMMENT))
    question_comments = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        load_default=dict,
        metadata={"description": "Comments on single answers: the answer's path -> text."},
    )


def _offered(name: str, action, submission_id: int) -> dict:
    return {
        "action": name,
        "label": _label(action.label),
        "to": action.to,
        "comment_required": "comment" in action.requires,
        "requires": [
            {"code": code, "description": str(REQUIREMENT_DESCRIPTIONS.get(code, code))}
            for code in action.requires
        ],
        "link": url_for("api_actions.apply_action", submission_id=submission_id, action=name),
    }


def _held_reason(action) -> str:
    return "; ".join(
        str(REQUIREMENT_DESCRIPTIONS[code])
        for code in action.requires
        if code in ACTOR_REQUIREMENTS
    )


@blp.get("/<int:submission_id>/actions")
@refusals(blp, 404)
@blp.response(200, ActionsSchema)
def actions(submission_id: int):
    """The workflow actions the caller may take on the submission now."""
    submission = get_submission(current_user, submission_id)
    today = utctoday()
    offered = offered_actions(current_user, submission, today)
    return {
        "submission": submission,
        "actions": [_offered(name, action, submission.id) for name, action in offered.actions],
        "held": [
            {"action": name, "label": _label(action.label), "reason": _held_reason(action)}
            for name, action in offered.held
        ],
        "window": (
            str(describe_window(offered.window, today)) if offered.window is not None else None
        ),
    }


@blp.post("/<int:submission_id>/actions/<action>")
@refusals(blp, 400, 404, 409, 413, 415, 422)
@blp.arguments(ActionRequestSchema)
@blp.response(200, SubmissionStateSchema)
def apply_action(data, submission_id: int, action: str):
    """Take a workflow action; its requirements unmet answer 422 (which, in ``errors``) or
    409 (not open now, the two-person rule, the window, a newer version)."""
    submission = get_submission(current_user, submission_id)
    try:
        take_action(
            current_user,
            submission,
            action,
            comment=data["comment"],
            question_comments=data["question_comments"],
            expected_version=data["version"],
        )
    except Conflict as conflict:
        return conflict_problem(submission_id, conflict)
    db.session.commit()
    request_delivery()
    return submission, 200, {"Content-Location": submission_url(submission.id)}
