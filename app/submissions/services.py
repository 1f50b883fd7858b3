"""Services that change submissions. They take the actor as an argument and flush; the
caller (a view, a job or a CLI command) owns the commit.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.consultations.models import Consultation
from app.consultations.windows import describe as describe_window
from app.consultations.windows import window_for
from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.core.i18n import InReadersLanguage, _
from app.core.links import site_link
from app.core.time import utctoday
from app.extensions import db
from app.questionnaires.answer_paths import get_at, leaf_paths, remove_at
from app.questionnaires.logic import clean_answers, initial_answers, known_answers
from app.questionnaires.models import QuestionnaireVersion
from app.questionnaires.validation import validate_answers
from app.submissions.comments import (
    attach_question_comments,
    check_question_comments,
    resolve_open_comments,
)
from app.submissions.history import (
    CREATED,
    EDITED,
    UPGRADED,
    events_since,
    record_answers,
    record_event,
)
from app.submissions.models import Submission, SubmissionHistory
from app.submissions.notices import notify_action
from app.submissions.scoping import get_meeting
from app.users.models import User
from app.users.roles import COMMISSION
from app.workflows.definition import ActionDefinition
from app.workflows.engine import (
    ActionContext,
    Transition,
    available_actions,
    awaits,
    can_edit,
    is_final,
    plan_transition,
)
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


class ChangedMeanwhile(Conflict):
    """The page the request came from showed an older version of the submission."""

    def __init__(self, message, loaded_version: int | None, action: bool):
        super().__init__(message)
        self.loaded_version = loaded_version
        self.action = action


def _other_people(actor: User, events) -> str:
    """Who besides ``actor`` made ``events``, by name (empty when only ``actor`` did)."""
    others = []
    for entry in events:
        if entry.actor_id != actor.id and entry.actor not in others:
            others.append(entry.actor)
    return ", ".join(person.name if person else str(_("the system")) for person in others)


def _conflict_case(actor: User, submission: Submission, conflict: Conflict) -> tuple[str, str]:
    """What a conflict met, for its explanations: ("", "") when there is nothing to add to
    its own message; otherwise (case, names) with case one of "others_action",
    "others_save" (other people's changes, ``names`` theirs), "own_save", "own_repeat" (the
    same action already taken by this user) and "own_action"."""
    if not isinstance(conflict, ChangedMeanwhile) or conflict.loaded_version is None:
        return "", ""
    events = events_since(submission, conflict.loaded_version)
    if not events:
        return "", ""
    names = _other_people(actor, events)
    if names:
        return ("others_action" if conflict.action else "others_save"), names
    if not conflict.action:
        return "own_save", ""
    if any(entry.action in submission.workflow.actions for entry in events):
        return "own_repeat", ""
    return "own_action", ""


def explain_conflict(actor: User, submission: Submission, conflict: Conflict) -> str:
    """A conflict's message, saying whose change it met: the user's own earlier request
    (another tab, a double click) or other people's, by name. ``submission`` is read again
    after the rollback, so it shows what won."""
    case, names = _conflict_case(actor, submission, conflict)
    if not case:
        return str(conflict)
    state = InReadersLanguage(submission.workflow.states[submission.state].label)
    # Lazy messages: only the one returned is translated and filled in.
    messages = {
        "others_action": _(
            "%(names)s changed this submission since you opened this page, so "
            "nothing was done. It is now “%(state)s”; choose again.",
            names=names,
            state=state,
        ),
        "others_save": _(
            "%(names)s changed this submission since you opened this page, so nothing was "
            "saved. Your input is still on the page; the saved version is shown for "
            "comparison. Saving again replaces the saved answers with yours.",
            names=names,
        ),
        "own_save": _(
            "You changed this submission yourself since this page was loaded (in another "
            "tab or window, or with an earlier click), so nothing was saved this time. "
            "Your input is still on the page; what is saved now is shown for comparison. "
            "Saving again replaces it with what is on the page."
        ),
        "own_repeat": _(
            "You already did this since this page was loaded (in another tab, or with an "
            "earlier click): the submission is now “%(state)s”, and nothing more was done.",
            state=state,
        ),
        "own_action": _(
            "You changed this submission yourself since this page was loaded (in another tab "
            "or window), so nothing was done. It is now “%(state)s”; choose again.",
            state=state,
        ),
    }
    return str(messages[case])


def explain_conflict_to_program(actor: User, submission: Submission, conflict: Conflict) -> str:
    """The same conflict told to a program (the API): it has no page holding its input, but
    it sent the version its change was based on, so say which one and which is current."""
    case, names = _conflict_case(actor, submission, conflict)
    if not case:
        return str(conflict)
    versions = {
        "based_on": conflict.loaded_version,
        "current": submission.version,
        "state": InReadersLanguage(submission.workflow.states[submission.state].label),
    }

    # A save or another action of one's own: the same words.
    own_change = _(
        "Your own account changed this submission after version %(based_on)s (an earlier "
        "request, or the page), so nothing was done this time. It is now “%(state)s”, "
        "version %(current)s.",
        **versions,
    )

    messages = {
        "others_action": _(
            "%(names)s changed this submission after version %(based_on)s, which this "
            "request was based on, so nothing was done. It is now “%(state)s”, "
            "version %(current)s.",
            names=names,
            **versions,
        ),
        "others_save": _(
            "%(names)s changed this submission after version %(based_on)s, which these "
            "answers were based on, so nothing was saved. It is now version %(current)s: "
            "read it, and send the answers again based on it if they still apply.",
            names=names,
            **versions,
        ),
        "own_save": own_change,
        "own_repeat": _(
            "This was already done with your own account after version %(based_on)s (an "
            "earlier request, or the page): the submission is now “%(state)s”, version "
            "%(current)s, and nothing more was done.",
            **versions,
        ),
        "own_action": own_change,
    }
    return str(messages[case])


def start_submission(
    actor: User, meeting_id: int, questionnaire_code: str, today: dt.date | None = None
) -> Submission:
    """The meeting's submission for a questionnaire, created as a draft the first time, once
    its window has opened (see consultations.windows).

    Pins the newest stored versions of the questionnaire and of its workflow.
    """
    if actor.role != COMMISSION:
        raise Forbidden(_("Only a commission's own users start its questionnaires."))
    meeting = get_meeting(actor, meeting_id)
    asked = meeting.consultation.asked(questionnaire_code)
    if asked is None:
        raise NotFound(_("This consultation has no such questionnaire."))
    existing = select(Submission).where(
        Submission.meeting_id == meeting.id, Submission.questionnaire_code == questionnaire_code
    )
    found = db.session.scalar(existing)
    if found is not None:
        return found
    today = today or utctoday()
    window = window_for(asked, meeting, today)
    if not window.may_start:
        raise Conflict(describe_window(window, today))
    try:
        # Two clicks at once both find nothing; the unique constraint lets one create it.
        with db.session.begin_nested():
            return create_submission(actor, meeting, questionnaire_code)
    except IntegrityError:
        return db.session.scalar(existing)


def create_submission(actor: User | None, meeting, questionnaire_code: str) -> Submission:
    consultation: Consultation = meeting.consultation
    asked = consultation.asked(questionnaire_code)
    if asked is None:
        raise NotFound(_("This consultation has no such questionnaire."))
    questionnaire = QuestionnaireVersion.latest(questionnaire_code)
    workflow = WorkflowVersion.latest(asked.workflow_code)
    submission = Submission(
        meeting=meeting,
        consultation_id=meeting.consultation_id,
        commission_id=meeting.commission_id,
        questionnaire_code=questionnaire_code,
        questionnaire_version=questionnaire,
        workflow_version=workflow,
        state=workflow.definition.initial,
    )
    db.session.add(submission)
    answers, submission.prefilled = prefilled_answers(questionnaire.definition, meeting)
    record_answers(submission, actor, answers)
    record_event(submission, actor, CREATED, from_state=None, to_state=submission.state)
    db.session.flush()
    return submission


def prefilled_answers(definition, meeting) -> tuple[dict, list[str]]:
    """A new submission's answers: the defaults, and for each item that says ``prefill``,
    the answer the same meeting's submission of that questionnaire gave (when this one
    accepts it). Returns the answers and the codes that were prefilled."""
    answers = initial_answers(definition)
    sources: dict[str, dict] = {}
    taken = []
    for node in definition.prefilled_nodes:
        source_code, answer_code = node.item.prefill_source
        if source_code not in sources:
            source = db.session.scalar(
                select(Submission.answers).where(
                    Submission.meeting_id == meeting.id,
                    Submission.questionnaire_code == source_code,
                )
            )
            sources[source_code] = source or {}
        value = sources[source_code].get(answer_code)
        if value is not None:
            answers[node.item.code] = copy.deepcopy(value)
            taken.append(node.item.code)
    if not taken:
        return answers, []
    answers = clean_answers(definition, answers)
    for path in validate_answers(definition, answers, complete=False):
        remove_at(answers, path)  # what this questionnaire does not accept is left out
    answers = clean_answers(definition, answers)
    return answers, [code for code in taken if code in answers]


def check_version(submission: Submission, expected_version: int | None, message) -> None:
    """Refuse work done on a page that shows an older version of the submission."""
    if expected_version is not None and expected_version != submission.version:
        raise ChangedMeanwhile(message, expected_version, action=message is ACTION_CONFLICT_MESSAGE)


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
    record_edit(actor, submission, answers)
    flush_or_conflict(CONFLICT_MESSAGE, submission)


def record_edit(actor: User, submission: Submission, answers: dict) -> bool:
    """Store changed answers as a new version with its history event; False if unchanged."""
    if not record_answers(submission, actor, answers):
        return False
    record_event(submission, actor, EDITED, from_state=submission.state, to_state=submission.state)
    return True


def apply_action(
    actor: User,
    submission: Submission,
    action: str,
    *,
    comment: str = "",
    question_comments: dict[str, str] | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Transition:
    """Take a workflow action: check it is allowed now, move the state, write history.

    ``question_comments`` (answer path -> text) are attached to the questions they name;
    reaching a final state resolves the comments still open. Leaving the initial state (the
    first submission) keeps to the questionnaire's window on ``today``.
    """
    check_version(submission, expected_version, ACTION_CONFLICT_MESSAGE)
    question_comments = check_question_comments(submission, question_comments or {})
    if submission.state == submission.workflow.initial:
        check_window(submission, action, today or utctoday())
    # Nothing is written before the end: a race with another request then shows at that one
    # flush, as a conflict, and the history tells whose request won.
    with db.session.no_autoflush:
        transition, entry = _take_action(actor, submission, action, comment, question_comments)
    flush_or_conflict(ACTION_CONFLICT_MESSAGE, submission)
    notify_action(actor, submission, entry, site_link(f"/submissions/{submission.id}"))
    return transition


def _take_action(actor, submission, action, comment, question_comments):
    if may_edit(actor, submission):
        # What is submitted is what the logic keeps (relevance may depend on today()).
        record_edit(actor, submission, clean_answers(submission.definition, submission.answers))
    context = ActionContext(
        comment=comment or "",
        question_comments=question_comments,
        answer_errors=lambda: validate_answers(
            submission.definition, submission.answers or {}, complete=True
        ),
        actor_id=actor.id,
        entered_by_id=entered_by(submission),
        actor_is_focal_point=actor.is_focal_point,
    )
    transition = plan_transition(submission.workflow, submission.state, action, actor.role, context)
    submission.state = transition.to_state
    submission.updated_by_id = actor.id
    entry = record_event(
        submission,
        actor,
        transition.action,
        from_state=transition.from_state,
        to_state=transition.to_state,
        comment=comment.strip() or None,
    )
    attach_question_comments(submission, actor, entry, question_comments)
    if is_final(submission.workflow, transition.to_state):
        resolve_open_comments(submission, entry)
    return transition, entry


def submission_window(submission: Submission, today: dt.date):
    if "asked" in inspect(submission).unloaded:
        asked = submission.meeting.consultation.asked(submission.questionnaire_code)
    else:  # read with the submission (``page_loads``)
        asked = submission.asked
    return window_for(asked, submission.meeting, today) if asked is not None else None


@dataclass(frozen=True)
class OfferedActions:
    """The workflow actions a person may take on a submission now, and those held back."""

    #: (name, action) the actor may take, in the order the workflow lists them
    actions: list[tuple[str, ActionDefinition]]
    #: (name, action) open to the actor's role but not to this person: a commission's
    #: editors save, its focal point submits
    held: list[tuple[str, ActionDefinition]]
    #: the questionnaire's window while the submission is in its initial state, else None
    window: object | None


def offered_actions(actor: User, submission: Submission, today: dt.date) -> OfferedActions:
    """What the submission page offers and the API lists: the actions of the actor's role
    from the current state, less those that need the focal point when the actor is not, and
    less the moves out of the initial state while the window does not accept them (the
    first submission keeps to its window, as ``check_window`` enforces)."""
    actions = available_actions(submission.workflow, submission.state, actor.role)
    held = [
        (name, action)
        for name, action in actions
        if "focal_point" in action.requires and not actor.is_focal_point
    ]
    actions = [item for item in actions if item not in held]
    window = None
    if submission.state == submission.workflow.initial:
        window = submission_window(submission, today)
        if window is not None and not window.accepts_submission:
            actions = [(name, a) for name, a in actions if a.to == submission.state]
    return OfferedActions(actions, held, window)


def check_window(submission: Submission, action: str, today: dt.date) -> None:
    """Refuse to move a first submission out of its initial state outside the window."""
    known = submission.workflow.actions.get(action)
    if known is None or known.to == submission.state:
        return  # not a move; the engine says what is wrong with it
    window = submission_window(submission, today)
    if window is not None and not window.accepts_submission:
        raise Conflict(describe_window(window, today))


def entered_by(submission: Submission) -> int | None:
    """Who moved the submission into its current state (None: it was created in it)."""
    for entry in reversed(submission.history):
        if entry.from_state is not None and entry.from_state != entry.to_state:
            return entry.actor_id if entry.to_state == submission.state else None
    return None


def latest_comment(submission: Submission) -> SubmissionHistory | None:
    """The newest history row with a comment: what the reviewer last asked for."""
    for entry in reversed(submission.history):
        if entry.comment:
            return entry
    return None


def flush_or_conflict(conflict_message, submission: Submission | None = None) -> None:
    loaded = submission.version if submission is not None else None
    try:
        db.session.flush()
    except StaleDataError:
        # Another transaction updated the row between our read and our write; the caller,
        # which owns the transaction, rolls it back.
        raise ChangedMeanwhile(
            conflict_message, loaded, action=conflict_message is ACTION_CONFLICT_MESSAGE
        ) from None


def states_awaiting(role: str) -> list[tuple[int, str]]:
    """(workflow version, state) pairs in which ``role`` has an action to take."""
    return WorkflowVersion.state_pairs(lambda workflow, state: awaits(workflow, state, role))


@dataclass(frozen=True)
class VersionMove:
    """What moving a draft to the newest questionnaire version would do."""

    version: QuestionnaireVersion
    answers: dict
    #: paths of the answers that would not survive, in the old definition's terms
    dropped: list[str]


def upgrade_preview(submission: Submission) -> VersionMove | None:
    """The move to the newest version, when a newer one exists; None otherwise."""
    if submission.loaded_newest_version_id == submission.questionnaire_version_id:
        return None  # known from the query that loaded it (``page_loads``)
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
    # A new version even when no answer changed: it is pinned to another definition.
    record_answers(submission, actor, move.answers, force=True)
    record_event(
        submission, actor, UPGRADED, from_state=submission.state, to_state=submission.state
    )
    flush_or_conflict(CONFLICT_MESSAGE, submission)
    return move
