"""Comments a reviewer attaches to single questions when taking an action.

A comment stays open until someone examining the submission marks it resolved, or the
submission reaches a final state; resolved or not, it stays in the record. The caller owns
the transaction.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app.core.errors import Conflict, NotFound, ValidationFailed
from app.core.i18n import _
from app.extensions import db
from app.questionnaires.answer_paths import parse_path
from app.submissions.history import RESOLVED, record_event
from app.submissions.models import QuestionComment, Submission, SubmissionHistory
from app.workflows.engine import available_actions, can_edit

#: the longest comment on one question, in characters
MAX_COMMENT_LENGTH = 5000


def check_question_comments(submission: Submission, comments: dict[str, str]) -> dict[str, str]:
    """The non-blank comments, each on a question of the submission's questionnaire."""
    definition = submission.definition
    kept, errors = {}, {}
    for path, text in comments.items():
        text = (text or "").strip()
        if not text:
            continue
        try:
            code = parse_path(path)[-1]
        except ValueError:
            code = None
        if not isinstance(code, str) or code not in definition.node_by_code:
            raise ValidationFailed(
                _("A comment names a question this questionnaire does not have.")
            )
        if len(text) > MAX_COMMENT_LENGTH:
            errors[f"question_comment-{path}"] = [
                _("At most %(limit)s characters.", limit=MAX_COMMENT_LENGTH)
            ]
        kept[path] = text
    if errors:
        raise ValidationFailed(_("A comment is too long; shorten it."), errors)
    return kept


def attach_question_comments(
    submission: Submission, actor, entry: SubmissionHistory, comments: dict[str, str]
) -> None:
    for path, text in comments.items():
        db.session.add(
            QuestionComment(
                submission=submission,
                history=entry,
                path=path,
                body=text,
                author_id=actor.id,
                answers_version=submission.answers_version,
            )
        )


def comments_of(submission_id: int) -> list[QuestionComment]:
    """A submission's comments on questions, open or resolved, oldest first, with their
    authors."""
    return list(
        db.session.scalars(
            select(QuestionComment)
            .where(QuestionComment.submission_id == submission_id)
            .order_by(QuestionComment.id)
            .options(joinedload(QuestionComment.author))
        )
    )


def open_comments(submission: Submission) -> list[QuestionComment]:
    return [comment for comment in submission.question_comments if not comment.resolved]


def comments_by_path(submission: Submission) -> dict[str, list[QuestionComment]]:
    """The open comments of a submission, by the answer path they are about."""
    found: dict[str, list[QuestionComment]] = {}
    for comment in open_comments(submission):
        found.setdefault(comment.path, []).append(comment)
    return found


def resolve_open_comments(submission: Submission, entry: SubmissionHistory) -> None:
    for comment in open_comments(submission):
        comment.resolved_by = entry


def may_resolve(actor, submission: Submission) -> bool:
    """Those examining the submission resolve comments: who has a step to take in its state
    and is not the one answering."""
    workflow = submission.workflow
    return bool(available_actions(workflow, submission.state, actor.role)) and not can_edit(
        workflow, submission.state, actor.role
    )


def resolve_comment(actor, submission: Submission, comment_id: int) -> QuestionComment:
    """Mark one open comment resolved, with a history event saying who did and when."""
    if not may_resolve(actor, submission):
        raise Conflict(_("You cannot resolve comments on this submission in its current state."))
    comment = next((c for c in submission.question_comments if c.id == comment_id), None)
    if comment is None:
        raise NotFound(_("No such comment."))
    already = Conflict(_("This comment was already resolved; the page now shows who did."))
    if comment.resolved:
        raise already
    entry = record_event(
        submission, actor, RESOLVED, from_state=submission.state, to_state=submission.state
    )
    db.session.flush()
    # Checked in the database: of two people resolving at once, one does.
    done = db.session.execute(
        update(QuestionComment)
        .where(QuestionComment.id == comment.id, QuestionComment.resolved_by_history_id.is_(None))
        .values(resolved_by_history_id=entry.id)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise already
    db.session.refresh(comment)
    return comment
