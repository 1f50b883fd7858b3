"""The record of a submission: every event in its history and every version of its answers.

Services write through these two functions only, so that no change of answers or state can
leave the record behind. Rows are append-only (see models.py); the caller flushes.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload, undefer

from app.core.i18n import _
from app.extensions import db
from app.submissions.models import AnswerVersion, Submission, SubmissionHistory

#: history events that are not workflow actions
CREATED, EDITED, UPGRADED, RESOLVED = "create", "edit", "upgrade", "resolve"
#: how the history names them (workflow actions have their labels in the workflow)
EVENT_LABELS = {
    CREATED: _("Created"),
    UPGRADED: _("Moved to the new version"),
    EDITED: _("Answers saved"),
    RESOLVED: _("Comment resolved"),
}


def record_event(
    submission: Submission,
    actor,
    action: str,
    *,
    from_state: str | None,
    to_state: str,
    comment: str | None = None,
) -> SubmissionHistory:
    """One row of history, stamped with the answers' version and the submission's version
    counter the event leaves."""
    if submission.id is None:
        counter = 1
    else:
        # Changes not yet written will raise the counter by one when they are (a change an
        # autoflush already wrote has raised it).
        counter = submission.version + (1 if db.session.is_modified(submission) else 0)
    entry = SubmissionHistory(
        submission=submission,
        actor_id=actor.id if actor else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        answers_version=submission.answers_version,
        submission_version=counter,
    )
    db.session.add(entry)
    return entry


def events_since(submission: Submission, loaded_version: int) -> list[SubmissionHistory]:
    """The events after the submission's version ``loaded_version``, oldest first; empty
    when the history does not say (events from before the counter was recorded)."""
    return [
        entry for entry in submission.history if (entry.submission_version or 0) > loaded_version
    ]


def events_of(submission_id: int, *, saves: bool = True) -> list[SubmissionHistory]:
    """A submission's history, oldest first, with each event's actor and the comments on
    questions made with it read in the same query (not one or two queries per event).

    ``saves=False`` leaves out the saves of answers, which autosave makes by the hundred
    in a draft's life; no comment is made with a save."""
    statement = _events_statement(saves=saves)
    return db.session.scalars(statement, {"submission_id": submission_id}).unique().all()


@cache
def _events_statement(*, saves: bool):
    """Built once, with the submission as a parameter: building it (with its cache key)
    costs about as much as running it."""
    statement = select(SubmissionHistory).where(
        SubmissionHistory.submission_id == bindparam("submission_id")
    )
    if not saves:
        statement = statement.where(SubmissionHistory.action != EDITED)
    return statement.order_by(SubmissionHistory.id).options(
        joinedload(SubmissionHistory.actor),
        joinedload(SubmissionHistory.question_comments),
    )


def record_answers(submission: Submission, actor, answers: dict, *, force: bool = False) -> bool:
    """Make ``answers`` the submission's answers as a new version; False when unchanged
    (unless ``force``: the answers now belong to another definition version).

    The version before stays in ``answer_versions``, so the history can compare any two.
    """
    new = submission.id is None
    if not new and not force and answers == (submission.answers or {}):
        return False
    submission.answers_version = 1 if new else (submission.answers_version or 0) + 1
    submission.answers = answers
    submission.updated_by_id = actor.id if actor else None
    db.session.add(
        AnswerVersion(
            submission=submission,
            number=submission.answers_version,
            answers=answers,
            questionnaire_version=submission.questionnaire_version,
            saved_by_id=actor.id if actor else None,
        )
    )
    return True


def answer_versions(submission: Submission) -> list[AnswerVersion]:
    """Every version of the answers, oldest first (their answers are loaded on access)."""
    return db.session.scalars(
        select(AnswerVersion)
        .where(AnswerVersion.submission_id == submission.id)
        .order_by(AnswerVersion.number)
    ).all()


def answers_saved_at(submission: Submission):
    """When the current answers were saved: a reviewer's action changes the submission but
    not its answers, and a page saying "Last saved" means the answers."""
    if submission.loaded_answers_saved_at is not None:  # read with it (``page_loads``)
        return submission.loaded_answers_saved_at
    return (
        db.session.scalar(
            select(AnswerVersion.saved_at).where(
                AnswerVersion.submission_id == submission.id,
                AnswerVersion.number == submission.answers_version,
            )
        )
        or submission.updated_at
    )


def answers_at(submission: Submission, number: int) -> AnswerVersion | None:
    return db.session.scalar(
        select(AnswerVersion)
        .options(undefer(AnswerVersion.answers))
        .where(AnswerVersion.submission_id == submission.id, AnswerVersion.number == number)
    )


def last_sent_back(submission: Submission) -> SubmissionHistory | None:
    """The latest event that gave the answers back to be changed (a return, a reopening):
    from a state where no one edits to one where someone does. A resubmission is compared
    with the answers as they were then."""
    states = submission.workflow.states
    for entry in reversed(submission.history):
        before, after = states.get(entry.from_state or ""), states.get(entry.to_state)
        if (
            before is not None
            and after is not None
            and after.editable_by
            and not before.editable_by
        ):
            return entry
    return None


def state_entered():
    """A subquery: for each submission, the last event that moved it to another state (its
    id, ``event_id``, and time, ``at``): how long it has waited where it is."""
    return (
        select(
            SubmissionHistory.submission_id,
            func.max(SubmissionHistory.id).label("event_id"),
            func.max(SubmissionHistory.at).label("at"),
        )
        .where(
            (SubmissionHistory.from_state.is_(None))
            | (SubmissionHistory.from_state != SubmissionHistory.to_state)
        )
        .group_by(SubmissionHistory.submission_id)
        .subquery()
    )
