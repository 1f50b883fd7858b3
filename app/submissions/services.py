"""Services that change submissions. They take the actor as an argument and flush; the
caller (a view, a job or a CLI command) owns the commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.consultations.models import Consultation, ConsultationQuestionnaire
from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.core.i18n import _
from app.extensions import db
from app.questionnaires.answer_paths import get_at, leaf_paths, remove_at
from app.questionnaires.logic import clean_answers, initial_answers, known_answers
from app.questionnaires.models import QuestionnaireVersion
from app.questionnaires.validation import validate_answers
from app.submissions.models import Submission, SubmissionHistory
from app.submissions.scoping import get_meeting
from app.users.models import User
from app.users.roles import COMMISSION
from app.workflows.engine import ActionContext, Transition, can_edit, plan_transition
from app.workflows.models import WorkflowVersion

CONFLICT_MESSAGE = _(
    "This submission was changed since you opened this page (by someone else, or by you in "
    "another tab), so nothing was saved. Your input is still on the page; the saved version "
    "is shown for comparison. Saving again replaces the saved answers with yours."
)
ACTION_CONFLICT_MESSAGE = _(
    "This submission was acted on since you opened this page, so nothing was done. Its "
    "current state is shown below; choose again."
)


def start_submission(actor: User, meeting_id: int, questionnaire_code: str) -> Submission:
    """The meeting's submission for a questionnaire, created as a draft the first time.

    Pins the newest stored versions of the questionnaire and of the consultation's workflow.
    """
    if actor.role != COMMISSION:
        raise Forbidden(_("Only a commission's focal point starts its questionnaires."))
    meeting = get_meeting(actor, meeting_id)
    asked = db.session.scalar(
        select(ConsultationQuestionnaire).where(
            ConsultationQuestionnaire.consultation_id == meeting.consultation_id,
            ConsultationQuestionnaire.questionnaire_code == questionnaire_code,
        )
    )
    if asked is None:
        raise NotFound(_("This consultation has no such questionnaire."))
    existing = select(Submission).where(
        Submission.meeting_id == meeting.id, Submission.questionnaire_code == questionnaire_code
    )
    found = db.session.scalar(existing)
    if found is not None:
        return found
    try:
        # Two clicks at once both find nothing; the unique constraint lets one create it.
        with db.session.begin_nested():
            return create_submission(actor, meeting, questionnaire_code)
    except IntegrityError:
        return db.session.scalar(existing)


def create_submission(actor: User | None, meeting, questionnaire_code: str) -> Submission:
    consultation: Consultation = meeting.consultation
    questionnaire = QuestionnaireVersion.latest(questionnaire_code)
    workflow = WorkflowVersion.latest(consultation.workflow_code)
    submission = Submission(
        meeting=meeting,
        commission_id=meeting.commission_id,
        questionnaire_code=questionnaire_code,
        questionnaire_version=questionnaire,
        workflow_version=workflow,
        state=workflow.definition.initial,
        answers=initial_answers(questionnaire.definition),
        updated_by_id=actor.id if actor else None,
    )
    db.session.add(submission)
    db.session.add(
        SubmissionHistory(
            submission=submission,
            actor_id=actor.id if actor else None,
            action="create",
            from_state=None,
            to_state=submission.state,
        )
    )
    db.session.flush()
    return submission


def check_version(submission: Submission, expected_version: int | None, message: str) -> None:
    """Refuse work done on a page that shows an older version of the submission."""
    if expected_version is not None and expected_version != submission.version:
        raise Conflict(message)


def may_edit(actor: User, submission: Submission) -> bool:
    """Whether the actor's role may change the answers now (the caller scoped the query)."""
    return can_edit(submission.workflow, submission.state, actor.role)


def save_answers(
    actor: User, submission: Submission, answers: dict, expected_version: int | None
) -> None:
    """Replace the answers (a draft may be incomplete, but every answer must be valid).

    For callers that hold a whole, parsed set of answers (the demo, an import); the web page
    saves through drafts.save_draft, which keeps what is right of a partly wrong input.
    """
    if not may_edit(actor, submission):
        raise Conflict(_("This submission cannot be edited in its current state."))
    check_version(submission, expected_version, CONFLICT_MESSAGE)
    answers = clean_answers(submission.definition, answers)
    errors = validate_answers(submission.definition, answers, complete=False)
    if errors:
        raise ValidationFailed(_("Some answers need correcting."), errors)
    submission.answers = answers
    submission.updated_by_id = actor.id
    flush_or_conflict(CONFLICT_MESSAGE)


def apply_action(
    actor: User,
    submission: Submission,
    action: str,
    *,
    comment: str = "",
    expected_version: int | None = None,
) -> Transition:
    """Take a workflow action: check it is allowed now, move the state, write history."""
    check_version(submission, expected_version, ACTION_CONFLICT_MESSAGE)
    if may_edit(actor, submission):
        # What is submitted is what the logic keeps (relevance may depend on today()).
        cleaned = clean_answers(submission.definition, submission.answers or {})
        if cleaned != (submission.answers or {}):
            submission.answers = cleaned
    context = ActionContext(
        comment=comment or "",
        answer_errors=lambda: validate_answers(
            submission.definition, submission.answers or {}, complete=True
        ),
    )
    transition = plan_transition(submission.workflow, submission.state, action, actor.role, context)
    submission.state = transition.to_state
    submission.updated_by_id = actor.id
    db.session.add(
        SubmissionHistory(
            submission=submission,
            actor_id=actor.id,
            action=transition.action,
            from_state=transition.from_state,
            to_state=transition.to_state,
            comment=comment.strip() or None,
        )
    )
    flush_or_conflict(ACTION_CONFLICT_MESSAGE)
    return transition


def latest_comment(submission: Submission) -> SubmissionHistory | None:
    """The newest history row with a comment: what the reviewer last asked for."""
    for entry in reversed(submission.history):
        if entry.comment:
            return entry
    return None


def flush_or_conflict(conflict_message) -> None:
    try:
        db.session.flush()
    except StaleDataError:
        # Another transaction updated the row between our read and our write; the caller,
        # which owns the transaction, rolls it back.
        raise Conflict(conflict_message) from None


def states_awaiting(role: str) -> list[tuple[int, str]]:
    """(workflow version, state) pairs in which ``role`` has an action to take."""
    return WorkflowVersion.state_pairs(
        lambda workflow, state: any(
            role in action.roles and state in action.from_states
            for action in workflow.actions.values()
        )
    )


@dataclass(frozen=True)
class VersionMove:
    """What moving a draft to the newest questionnaire version would do."""

    version: QuestionnaireVersion
    answers: dict
    #: paths of the answers that would not survive, in the old definition's terms
    dropped: list[str]


def upgrade_preview(submission: Submission) -> VersionMove | None:
    """The move to the newest version, when a newer one exists; None otherwise."""
    latest = QuestionnaireVersion.latest(submission.questionnaire_code)
    if latest.id == submission.questionnaire_version_id:
        return None
    new = latest.definition
    old_answers = submission.answers or {}
    kept = clean_answers(new, known_answers(new, old_answers))
    for path in validate_answers(new, kept, complete=False):
        remove_at(kept, path)  # an answer the new version no longer accepts (a choice gone)
    kept = clean_answers(new, kept)
    dropped = [path for path in leaf_paths(old_answers) if get_at(kept, path) is None]
    return VersionMove(latest, kept, dropped)


def move_to_latest_version(
    actor: User, submission: Submission, expected_version: int | None
) -> VersionMove:
    """Pin the newest questionnaire version, keeping every answer it still asks for."""
    if not may_edit(actor, submission):
        raise Conflict(_("This submission cannot be edited in its current state."))
    if expected_version is None:
        raise Conflict(CONFLICT_MESSAGE)
    check_version(submission, expected_version, CONFLICT_MESSAGE)
    move = upgrade_preview(submission)
    if move is None:
        raise Conflict(_("This submission already uses the newest version of the questionnaire."))
    submission.questionnaire_version = move.version
    submission.answers = move.answers
    submission.updated_by_id = actor.id
    db.session.add(
        SubmissionHistory(
            submission=submission,
            actor_id=actor.id,
            action="upgrade",
            from_state=submission.state,
            to_state=submission.state,
        )
    )
    flush_or_conflict(CONFLICT_MESSAGE)
    return move
