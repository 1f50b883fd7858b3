"""Every query for submissions and meetings goes through these: the actor decides the scope.

A commission focal point sees its own commission, a reviewer the commissions assigned to
them, the secretariat everything. Anything outside the scope does not exist for the actor.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Select, bindparam, false, select, tuple_
from sqlalchemy.orm import joinedload

from app.consultations.models import Consultation, Meeting
from app.core.errors import NotFound
from app.core.i18n import _
from app.extensions import db
from app.submissions.models import Submission
from app.users.models import Commission, User, reviewer_commissions
from app.users.roles import COMMISSION, REVIEWER, SECRETARIAT
from app.workflows.engine import can_see
from app.workflows.models import WorkflowVersion


def _commission_filter(column, actor: User):
    if actor.role == SECRETARIAT:
        return None
    if actor.role == COMMISSION:
        return column == actor.commission_id
    if actor.role == REVIEWER:
        assigned = select(reviewer_commissions.c.commission_id).where(
            reviewer_commissions.c.user_id == actor.id
        )
        return column.in_(assigned)
    return column.is_(None) & column.is_not(None)  # an unknown role sees nothing


def scoped(statement: Select, column, actor: User) -> Select:
    condition = _commission_filter(column, actor)
    return statement if condition is None else statement.where(condition)


def submissions_for(actor: User, workflows=None) -> Select:
    """The submissions ``actor`` sees; ``workflows``: ``WorkflowVersion.all_definitions()``
    when the caller read it already (for the states each role sees)."""
    statement = scoped(select(Submission), Submission.commission_id, actor)
    hidden = WorkflowVersion.state_pairs(
        lambda workflow, state: not can_see(workflow, state, actor.role), workflows
    )
    return statement.where(~in_states(hidden)) if hidden else statement


def in_states(pairs: list[tuple[int, str]]):
    """True for submissions in one of these (workflow version, state) pairs."""
    return tuple_(Submission.workflow_version_id, Submission.state).in_(pairs)


def commissions_for(actor: User) -> Select:
    return scoped(select(Commission), Commission.id, actor)


def meetings_for(actor: User) -> Select:
    return scoped(select(Meeting), Meeting.commission_id, actor)


def consultations_for(actor: User) -> Select:
    """The consultations the actor takes part in: every one for the secretariat, those with
    a meeting in their scope for the others."""
    statement = select(Consultation)
    if actor.role == SECRETARIAT:
        return statement
    taking_part = meetings_for(actor).with_only_columns(Meeting.consultation_id)
    return statement.where(Consultation.id.in_(taking_part))


def commission_ids_by_iso(actor: User, codes) -> tuple[dict[str, int], list[str]]:
    """The ids of the commissions with these ISO codes among those ``actor`` sees (keyed by
    the code as asked, in that order), and the codes as asked that name none of them."""
    wanted = {code.strip().upper(): code for code in codes}
    found = dict(
        db.session.execute(
            commissions_for(actor)
            .with_only_columns(Commission.iso2, Commission.id)
            .where(Commission.iso2.in_(list(wanted)))
        ).all()
    )
    ids = {code: found[code] for code in wanted if code in found}
    return ids, [original for code, original in wanted.items() if code not in found]


def get_submission(actor: User, submission_id: int, *loads) -> Submission:
    """The submission if the actor may see it; NotFound otherwise, whether or not it exists.

    ``loads`` are further loader options, such as the page's (``page_loads``)."""
    params = {"submission_id": submission_id}
    if actor.role == COMMISSION:
        params["commission_id"] = actor.commission_id
    elif actor.role == REVIEWER:
        params["actor_id"] = actor.id
    # unique(): ``loads`` may join a collection (the page's events), one row per item.
    found = db.session.execute(_one_submission(actor.role, loads), params).unique()
    submission = found.scalar_one_or_none()
    if submission is None or not can_see(submission.workflow, submission.state, actor.role):
        raise NotFound(_("No such submission."))
    return submission


@lru_cache(maxsize=64)
def _one_submission(role: str, loads: tuple) -> Select:
    """The query of one submission as ``role`` sees it, built once per role and loader
    options (with the actor and the id as parameters): building it and its cache key on
    every request costs more than running it."""
    # The rows every view of one submission reads, in the same query: its definitions (the
    # content stays deferred), meeting and commission. Whether its state is one the role
    # sees is read from its own workflow once loaded (as ``submissions_for`` does in SQL for
    # lists), which spares a query over every stored workflow version.
    statement = select(Submission).where(Submission.id == bindparam("submission_id"))
    if role == COMMISSION:
        statement = statement.where(Submission.commission_id == bindparam("commission_id"))
    elif role == REVIEWER:
        assigned = select(reviewer_commissions.c.commission_id).where(
            reviewer_commissions.c.user_id == bindparam("actor_id")
        )
        statement = statement.where(Submission.commission_id.in_(assigned))
    elif role != SECRETARIAT:
        return statement.where(false())  # an unknown role sees nothing
    return statement.options(
        joinedload(Submission.questionnaire_version),
        joinedload(Submission.workflow_version),
        joinedload(Submission.meeting).joinedload(Meeting.consultation),
        joinedload(Submission.commission),
        *loads,
    )


def get_meeting(actor: User, meeting_id: int) -> Meeting:
    meeting = db.session.scalar(meetings_for(actor).where(Meeting.id == meeting_id))
    if meeting is None:
        raise NotFound(_("No such meeting."))
    return meeting
