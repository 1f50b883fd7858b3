"""The secretariat's matrix of a consultation: commissions down, each commission's meetings
and their questionnaires across, each cell the submission's state, its colour and the day it
is due.

Built from four queries whatever the number of commissions (commissions, meetings,
submissions with the time each entered its state, reviewer assignments), all through the
scoping module, so a reviewer given the same page would see only their commissions. The
rest is arithmetic on those rows: the windows, what is overdue, the counts per state.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from app.consultations.models import Consultation, ConsultationQuestionnaire, Meeting
from app.consultations.windows import CLOSED, OVERDUE, Window, WindowRule, window_for
from app.extensions import db
from app.submissions.history import state_entered
from app.submissions.models import Submission
from app.submissions.scoping import commissions_for, meetings_for, submissions_for
from app.users.models import Commission, User, reviewer_commissions
from app.users.roles import COMMISSION
from app.workflows.definition import WorkflowDefinition
from app.workflows.engine import awaits, is_final
from app.workflows.models import WorkflowVersion

#: the key a cell without a submission is counted and filtered under
NOT_STARTED = "not_started"


class Cell:
    """One questionnaire of one meeting. Its window is reckoned when first asked for: a
    cell in a final state needs none for the counts, only when its row is shown."""

    __slots__ = (
        "asked",
        "rule",
        "meeting",
        "today",
        "_window",
        "submission_id",
        "state",
        "workflow",
        "late",
    )

    def __init__(self, asked: ConsultationQuestionnaire, rule: WindowRule, meeting, today):
        self.asked, self.rule, self.meeting, self.today = asked, rule, meeting, today
        self._window: Window | None = None
        self.submission_id: int | None = None
        self.state: str | None = None
        self.workflow: WorkflowDefinition | None = None
        #: who is late: None, "commission" (due date passed, nothing sent) or "review"
        self.late: str | None = None

    @property
    def window(self) -> Window:
        if self._window is None:
            self._window = window_for(self.rule, self.meeting, self.today)
        return self._window

    @property
    def key(self) -> str:
        return self.state or NOT_STARTED


@dataclass
class MeetingCells:
    #: a row with the meeting's id, commission_id, meeting_date, status and held_on
    meeting: object
    cells: list[Cell]


@dataclass
class Row:
    commission: Commission
    reviewers: list[User]
    meetings: list[MeetingCells]

    @property
    def cells(self):
        return (cell for meeting in self.meetings for cell in meeting.cells)


@dataclass
class Matrix:
    consultation: Consultation
    #: the most meetings any shown commission has: the number of column groups
    rounds: int
    rows: list[Row]
    #: cells per state key, over the commissions the region and reviewer filters keep (so
    #: that each count can be clicked to filter on it)
    counts: Counter = field(default_factory=Counter)
    late: int = 0
    #: the commissions kept before the state and overdue filters
    commissions_kept: int = 0
    #: (workflow, state) of each state key counted, for its label and colour
    states: dict[str, tuple[WorkflowDefinition, str]] = field(default_factory=dict)

    def count_items(self) -> list[tuple[str, WorkflowDefinition | None, int]]:
        """(state key, its workflow, count): not started first, then in each workflow's
        order of states, so that the counts read like the review's progress."""
        order = [NOT_STARTED]
        for workflow, _state in self.states.values():
            order.extend(name for name in workflow.states if name not in order)
        return [
            (key, self.states[key][0] if key in self.states else None, self.counts[key])
            for key in order
            if self.counts.get(key)
        ]


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    reviewer_id: int | None = None
    #: a state name or NOT_STARTED
    state: str | None = None
    late_only: bool = False


def _late_unstarted(cell: Cell) -> str | None:
    """Nothing sent yet: late once the window's due date has passed (unless cancelled)."""
    if cell.window.status in (OVERDUE, CLOSED) and cell.window.reason != "cancelled":
        return "commission"
    return None


def _waits_on_others(workflow: WorkflowDefinition, state: str) -> bool:
    """Whether someone other than the commission has the next step in this state."""
    roles = {role for action in workflow.actions.values() for role in action.roles}
    return any(awaits(workflow, state, role) for role in roles - {COMMISSION})


def _state_facts(workflow: WorkflowDefinition, state: str) -> tuple[bool, bool, bool]:
    """(final, initial, waiting for someone other than the commission) for a state."""
    return (
        is_final(workflow, state),
        state == workflow.initial,
        _waits_on_others(workflow, state),
    )


def _late(cell: Cell, since: dt.datetime | None, today: dt.date, facts: dict) -> str | None:
    # ``facts`` remembers each (workflow, state) for the page: thousands of cells share a few.
    key = (id(cell.workflow), cell.state)
    if key not in facts:
        facts[key] = _state_facts(cell.workflow, cell.state)
    final, initial, waits_on_others = facts[key]
    if final:
        return None
    if initial:
        return _late_unstarted(cell)
    # Sent, and waiting for a reviewer's or the secretariat's step longer than the review
    # deadline allows.
    if waits_on_others and since is not None:
        if today > since.date() + dt.timedelta(days=cell.rule.review_days):
            return "review"
    return None


def build_matrix(
    actor: User, consultation: Consultation, today: dt.date, filters: Filters = Filters()
) -> Matrix:
    commissions = db.session.scalars(commissions_for(actor).order_by(Commission.name_en)).all()
    meetings: dict[int, list] = {}
    # Plain rows, not ORM objects: thousands of meetings, and the page only reads these.
    for meeting in db.session.execute(
        meetings_for(actor)
        .with_only_columns(
            Meeting.id,
            Meeting.commission_id,
            Meeting.meeting_date,
            Meeting.status,
            Meeting.held_on,
        )
        .where(Meeting.consultation_id == consultation.id)
        .order_by(Meeting.meeting_date)
    ):
        meetings.setdefault(meeting.commission_id, []).append(meeting)
    entered = state_entered()
    found = {}
    workflows = dict(WorkflowVersion.all_definitions())
    for row in db.session.execute(
        submissions_for(actor)
        .with_only_columns(
            Submission.id,
            Submission.meeting_id,
            Submission.questionnaire_code,
            Submission.state,
            Submission.workflow_version_id,
            entered.c.at,
        )
        .join(Meeting, Submission.meeting_id == Meeting.id)
        .outerjoin(entered, entered.c.submission_id == Submission.id)
        .where(Meeting.consultation_id == consultation.id)
    ):
        found[(row.meeting_id, row.questionnaire_code)] = row
    assigned: dict[int, list[User]] = {}
    reviewers = {
        user.id: user
        for user in db.session.scalars(
            select(User)
            .join(reviewer_commissions, reviewer_commissions.c.user_id == User.id)
            .where(User.active.is_(True))
        )
    }
    for user_id, commission_id in db.session.execute(select(reviewer_commissions)):
        if user_id in reviewers:
            assigned.setdefault(commission_id, []).append(reviewers[user_id])

    matrix = Matrix(consultation, rounds=0, rows=[])
    asked_all = [(asked, WindowRule.of(asked)) for asked in consultation.questionnaires]
    facts: dict = {}
    counts, states = matrix.counts, matrix.states
    for commission in commissions:
        if filters.region and commission.region != filters.region:
            continue
        reviewers_of = assigned.get(commission.id, [])
        if filters.reviewer_id and filters.reviewer_id not in {u.id for u in reviewers_of}:
            continue
        row = Row(commission, sorted(reviewers_of, key=lambda u: u.name), [])
        keys, late = set(), False
        for meeting in meetings.get(commission.id, []):
            cells = []
            for asked, rule in asked_all:
                cell = Cell(asked, rule, meeting, today)
                submission = found.get((meeting.id, asked.questionnaire_code))
                if submission is not None:
                    cell.submission_id, cell.state = submission.id, submission.state
                    cell.workflow = workflows[submission.workflow_version_id]
                    cell.late = _late(cell, submission.at, today, facts)
                    if cell.state not in states:
                        states[cell.state] = (cell.workflow, cell.state)
                else:
                    cell.late = _late_unstarted(cell)
                key = cell.state or NOT_STARTED
                counts[key] += 1
                keys.add(key)
                if cell.late:
                    matrix.late += 1
                    late = True
                cells.append(cell)
            row.meetings.append(MeetingCells(meeting, cells))
        matrix.commissions_kept += 1
        if filters.state and filters.state not in keys:
            continue
        if filters.late_only and not late:
            continue
        matrix.rows.append(row)
        matrix.rounds = max(matrix.rounds, len(row.meetings))
    return matrix
