"""What the submission page reads with the submission itself, in the one query that finds it.

The page needs, beside the submission: its events (but the saves), how its consultation asks
for the questionnaire (the window), whether a newer questionnaire version exists, when the
answers were last saved, whether files are attached and whether anyone commented on a
question. Read one by one, that is six more round trips to the database on the page people
open most; as joined rows (one per event) and four correlated subqueries (each an index
lookup), it is none. The services fall back to their own query when a submission was loaded
without these (``Submission.loaded_*`` is None).
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, with_expression

from app.questionnaires.models import QuestionnaireVersion
from app.submissions.history import EDITED
from app.submissions.models import (
    AnswerVersion,
    Attachment,
    QuestionComment,
    Submission,
    SubmissionHistory,
)


@cache
def page_loads() -> tuple:
    """Options for ``get_submission`` (and any query of one submission to show); built
    once, as building them costs more than SQLAlchemy's cached compilation of the query."""
    newest = (
        select(func.max(QuestionnaireVersion.id))
        .where(QuestionnaireVersion.code == Submission.questionnaire_code)
        .scalar_subquery()
    )
    saved_at = (
        select(AnswerVersion.saved_at)
        .where(
            AnswerVersion.submission_id == Submission.id,
            AnswerVersion.number == Submission.answers_version,
        )
        .scalar_subquery()
    )
    attachments = (
        select(func.count(Attachment.id))
        .where(Attachment.submission_id == Submission.id)
        .scalar_subquery()
    )
    comments = (
        select(func.count(QuestionComment.id))
        .where(QuestionComment.submission_id == Submission.id)
        .scalar_subquery()
    )
    return (
        joinedload(Submission.asked),
        # Its events but the saves of answers (autosave makes them by the hundred), with
        # their authors; the comments on questions are read apart, and only when there are
        # some (see ``app.web.submission_page.load_history``).
        joinedload(Submission.history.and_(SubmissionHistory.action != EDITED)).joinedload(
            SubmissionHistory.actor
        ),
        with_expression(Submission.loaded_newest_version_id, newest),
        with_expression(Submission.loaded_answers_saved_at, saved_at),
        with_expression(Submission.loaded_attachment_count, attachments),
        with_expression(Submission.loaded_comment_count, comments),
    )
