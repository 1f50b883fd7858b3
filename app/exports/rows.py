"""What every export reads, from the database, scoped to whoever asked.

An ``ExportSource`` answers the sheets' questions (which questionnaires, which rows, which
commissions) under the options and the requester's scope (``app/submissions/scoping.py``).
Rows stream from server-side cursors in the order the sheets write them; nothing holds a
whole table. The queries start from ``ix_submissions_report`` (consultation, questionnaire,
state) so that their plan does not hinge on what the planner knows of the meetings table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import threading
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from functools import cached_property

from sqlalchemy import case, func, null, or_, select, tuple_

from app.consultations.models import Consultation, Meeting
from app.core.errors import NotFound
from app.core.i18n import _
from app.exports.layout import Layout, build_layout
from app.exports.options import ExportOptions
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.submissions.models import Submission, SubmissionHistory
from app.submissions.scoping import commissions_for, in_states, submissions_for
from app.users.models import Commission, User, reviewer_commissions
from app.users.regions import region_label
from app.users.roles import SECRETARIAT
from app.workflows.engine import can_see
from app.workflows.models import WorkflowVersion

#: rows fetched from the server per round trip (fewer when rows are wide: see batch_size)
BATCH = 500
#: answers per batch, whatever the width of the questionnaire
BATCH_ANSWERS = 40_000
#: batches read ahead of the sheets (each holds one batch: memory stays bounded)
READ_AHEAD = 4


def batch_size(columns: int) -> int:
    """Rows per batch: BATCH, or fewer for a questionnaire of hundreds of questions, so that
    a batch holds about the same number of answers however wide the rows."""
    return max(20, min(BATCH, BATCH_ANSWERS // max(columns, 1)))


def stream(statement, batch: int = BATCH) -> Iterator:
    """The statement's rows, in order, from a server-side cursor.

    On PostgreSQL a thread reads the next batches on a connection of its own while the
    sheets write the current one, so the server's work and the network overlap with
    writing the workbook; the queue between them is bounded, so memory is too. SQLite
    reads in this thread (there is no server to wait for).
    """
    if db.engine.dialect.name != "postgresql":
        yield from db.session.execute(statement.execution_options(yield_per=batch))
        return
    batches: queue.Queue = queue.Queue(maxsize=READ_AHEAD)
    stop = threading.Event()
    engine = db.engine

    def read():
        try:
            with engine.connect() as connection:
                # yield_per: a server-side cursor fetching ``batch`` rows at a time
                result = connection.execute(statement.execution_options(yield_per=batch))
                for rows in result.partitions(batch):
                    if not hand(rows):
                        return
        except BaseException as error:  # handed to the reader, which raises it
            hand(error)
            return
        hand(None)

    def hand(item) -> bool:
        """Put a batch, the end (None) or an error in the queue; False once the reader
        has gone (it stopped reading: nothing more to hand over)."""
        while not stop.is_set():
            try:
                batches.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    reader = threading.Thread(target=read, name="export-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            rows = batches.get()
            if rows is None:
                return
            if isinstance(rows, BaseException):
                raise rows
            yield from rows
    finally:
        stop.set()
        reader.join(timeout=10)


@dataclass(frozen=True)
class CommissionInfo:
    id: int
    iso2: str
    name: str
    region: str  #: the region's label in the export's language
    region_code: str


@dataclass(frozen=True, slots=True)
class SubmissionRow:
    id: int
    commission: CommissionInfo
    meeting_id: int
    meeting_date: dt.date
    state: str  #: the state's label in the export's language
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    version_id: int
    answers: dict


@dataclass(frozen=True)
class QuestionnaireSheetSource:
    code: str
    title: str
    phase: str  #: "before" or "after" the meeting
    #: version id -> definition, for the versions the exported answers were given on
    definitions: dict
    layout: Layout
    row_count: int
    lang: str

    @property
    def latest(self):
        return self.definitions[max(self.definitions)]

    @property
    def short_title(self) -> str:
        """Its sheets' name: the definition's short title, else its title."""
        short = self.latest.short_title
        return short.get(self.lang) if short else self.title


@dataclass(frozen=True)
class MeetingRow:
    commission: CommissionInfo
    meeting_id: int
    meeting_date: dt.date
    meeting_status: str
    #: questionnaire code -> (state label, submitted, approved), or None when not started
    questionnaires: dict


class ExportSource:
    def __init__(self, options: ExportOptions, actor: User):
        self.options = options
        self.actor = actor
        self.lang = options.lang
        self.consultation = db.session.get(Consultation, options.consultation_id)
        if self.consultation is None:
            raise NotFound(_("No such consultation."))

    # --- what is in scope

    @cached_property
    def commissions(self) -> dict[int, CommissionInfo]:
        """The commissions in the actor's scope and the options' choice, by id."""
        statement = commissions_for(self.actor)
        if self.options.commission_ids:
            statement = statement.where(Commission.id.in_(self.options.commission_ids))
        if self.options.regions:
            statement = statement.where(Commission.region.in_(self.options.regions))
        return {
            c.id: CommissionInfo(
                c.id, c.iso2, c.name(self.lang), region_label(c.region, self.lang), c.region
            )
            for c in db.session.scalars(statement)
        }

    @property
    def filters_commissions(self) -> bool:
        return bool(self.options.commission_ids or self.options.regions)

    @cached_property
    def workflows(self) -> dict:
        return dict(WorkflowVersion.all_definitions())

    @cached_property
    def asked_state_pairs(self) -> list[tuple[int, str]]:
        """(workflow version, state) of the states asked for: those chosen, or the reported."""
        chosen = set(self.options.states)
        return [
            (version_id, state)
            for version_id, workflow in self.workflows.items()
            for state, rule in workflow.states.items()
            if (state in chosen if chosen else rule.reported)
        ]

    @cached_property
    def state_pairs(self) -> list[tuple[int, str]]:
        """(workflow version, state) of the states exported: those asked for that the actor
        may see (``submissions_for`` leaves the others out anyway; About says which)."""
        role = self.actor.role
        return [
            (version_id, state)
            for version_id, state in self.asked_state_pairs
            if can_see(self.workflows[version_id], state, role)
        ]

    @property
    def hidden_state_labels(self) -> list[str]:
        """The labels of the states asked for that the actor may not see in any workflow."""
        seen = {state for _version, state in self.state_pairs}
        return sorted(
            {
                self.state_label(version_id, state)
                for version_id, state in self.asked_state_pairs
                if state not in seen
            }
        )

    @property
    def state_codes(self) -> list[str]:
        return sorted({state for _version, state in self.state_pairs})

    def state_label(self, workflow_version_id: int, state: str) -> str:
        return self.workflows[workflow_version_id].state_label(state, self.lang)

    @cached_property
    def _editable_states(self) -> list[str]:
        return sorted(
            {s for w in self.workflows.values() for s, rule in w.states.items() if rule.editable_by}
        )

    @cached_property
    def _reported_states(self) -> list[str]:
        return sorted(
            {s for w in self.workflows.values() for s, rule in w.states.items() if rule.reported}
        )

    def _submission_conditions(self, code: str | None, *, chosen_states: bool = True) -> list:
        options = self.options
        where = [Submission.consultation_id == self.consultation.id]
        if code is not None:
            where.append(Submission.questionnaire_code == code)
        if options.submission_ids:
            where.append(Submission.id.in_(options.submission_ids))
        elif chosen_states:
            # The plain state list lets the index narrow; the pairs keep each workflow's own.
            where += [Submission.state.in_(self.state_codes), in_states(self.state_pairs)]
        if self.filters_commissions:
            where.append(Submission.commission_id.in_(list(self.commissions)))
        if options.meetings_from:
            where.append(Meeting.meeting_date >= options.meetings_from)
        if options.meetings_to:
            where.append(Meeting.meeting_date <= options.meetings_to)
        return where

    @cached_property
    def _reported_pairs(self) -> list[tuple[int, str]]:
        return [
            (version_id, state)
            for version_id, workflow in self.workflows.items()
            for state, rule in workflow.states.items()
            if rule.reported
        ]

    def _dates(self, submission_id, workflow_version_id, state) -> tuple:
        """When the submission last left the commission's hands, and the approval that led
        to its current state: two correlated subqueries, each an index lookup per row (ix on
        submission_id), so the plan stays the same whatever the planner knows of the
        history's size.

        A submission that is not in a reported (approved) state now has no approval date,
        whatever approvals a reopening undid; one approved again has its latest. The CASE
        asks the history only for the submissions that are approved now.
        """
        history = SubmissionHistory
        submitted = (
            select(func.max(history.at))
            .where(
                history.submission_id == submission_id,
                history.from_state.in_(self._editable_states),
                history.to_state.not_in(self._editable_states),
            )
            .scalar_subquery()
        )
        approved = (
            select(func.max(history.at))
            .where(
                history.submission_id == submission_id,
                history.to_state.in_(self._reported_states),
                # entering a reported state, not an edit within one
                or_(history.from_state.is_(None), history.from_state.not_in(self._reported_states)),
            )
            .scalar_subquery()
        )
        approved_now = tuple_(workflow_version_id, state).in_(self._reported_pairs)
        return submitted, case((approved_now, approved), else_=null())

    # --- the questionnaires

    @cached_property
    def questionnaires(self) -> list[QuestionnaireSheetSource]:
        found = []
        for asked in self.consultation.questionnaires:
            code = asked.questionnaire_code
            counts = self._version_counts(code)
            if self.options.submission_ids and not counts:
                continue
            if counts:
                versions = db.session.scalars(
                    select(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(list(counts)))
                )
            else:
                versions = [QuestionnaireVersion.latest(code)]
            definitions = {version.id: version.definition for version in versions}
            latest = definitions[max(definitions)]
            found.append(
                QuestionnaireSheetSource(
                    code,
                    latest.title.get(self.lang),
                    asked.phase,
                    definitions,
                    build_layout(definitions, self.lang),
                    sum(counts.values()),
                    self.lang,
                )
            )
        return found

    def _version_counts(self, code: str) -> dict[int, int]:
        """Rows per definition version: the row count and the layout in one query."""
        statement = (
            submissions_for(self.actor)
            .with_only_columns(Submission.questionnaire_version_id, func.count())
            .join(Meeting, Submission.meeting_id == Meeting.id)
            .where(*self._submission_conditions(code))
            .group_by(Submission.questionnaire_version_id)
        )
        return dict(db.session.execute(statement).all())

    def submissions(
        self, code: str, *, answer_codes: list[str] | None = None, dates: bool = True
    ) -> Iterator[SubmissionRow]:
        """The exported submissions of a questionnaire, by member state and meeting date.

        ``answer_codes``: only these answers are read (the rows' ``answers`` hold just
        them), for sheets that use a few; ``dates``: False leaves the submitted and
        approved dates out (None), and their lookups in the history undone.
        """
        statement = self.submissions_statement(code, answer_codes=answer_codes, dates=dates)
        commissions, labels = self.commissions, {}
        layout = next(q.layout for q in self.questionnaires if q.code == code)
        width = len(layout.codes) + sum(len(c.codes) for r in layout.repeats for c in r.children)
        for row in stream(statement, batch_size(width)):
            info = commissions.get(row[1])
            if info is None:  # outside the scope: the query's scope already left it out
                continue
            key = (row[4], row[5])
            label = labels.get(key)
            if label is None:
                label = labels[key] = self.state_label(*key)
            if answer_codes is None:
                answers = row[9] or {}
            else:
                answers = {
                    answer: value
                    for answer, value in zip(answer_codes, row[9:], strict=True)
                    if value is not None
                }
            yield SubmissionRow(
                row[0], info, row[2], row[3], label, row[6], row[7], row[8], answers
            )

    def submissions_statement(
        self, code: str, *, answer_codes: list[str] | None = None, dates: bool = True
    ):
        """The query behind ``submissions``: from ix_submissions_report, with each
        submission's meeting and commission, and its dates looked up in its history."""
        if dates:
            submitted, approved = self._dates(
                Submission.id, Submission.workflow_version_id, Submission.state
            )
        else:
            submitted, approved = null().label("submitted"), null().label("approved")
        if answer_codes is None:
            answers = [Submission.answers]
        else:
            answers = [Submission.answers[answer] for answer in answer_codes]
        name = getattr(Commission, f"name_{self.lang}")
        return (
            submissions_for(self.actor)
            .with_only_columns(
                Submission.id,
                Submission.commission_id,
                Submission.meeting_id,
                Meeting.meeting_date,
                Submission.workflow_version_id,
                Submission.state,
                submitted,
                approved,
                Submission.questionnaire_version_id,
                *answers,
            )
            .join(Meeting, Submission.meeting_id == Meeting.id)
            .join(Commission, Submission.commission_id == Commission.id)
            .where(*self._submission_conditions(code))
            .order_by(name, Meeting.meeting_date, Submission.id)
        )

    # --- the meetings (Overview)

    def _meetings_statement(self):
        options = self.options
        statement = select(Meeting.id).where(Meeting.consultation_id == self.consultation.id)
        if self.filters_commissions or self.actor.role != SECRETARIAT:
            statement = statement.where(Meeting.commission_id.in_(list(self.commissions)))
        if options.submission_ids:
            chosen = select(Submission.meeting_id).where(Submission.id.in_(options.submission_ids))
            statement = statement.where(Meeting.id.in_(chosen))
        if options.meetings_from:
            statement = statement.where(Meeting.meeting_date >= options.meetings_from)
        if options.meetings_to:
            statement = statement.where(Meeting.meeting_date <= options.meetings_to)
        return statement

    def state_counts(self) -> dict[str, dict[str, int]]:
        """Questionnaire code -> state label -> submissions, over the meetings in scope."""
        statement = (
            submissions_for(self.actor)
            .with_only_columns(
                Submission.questionnaire_code,
                Submission.workflow_version_id,
                Submission.state,
                func.count(),
            )
            .where(Submission.meeting_id.in_(self._meetings_statement()))
            .group_by(
                Submission.questionnaire_code, Submission.workflow_version_id, Submission.state
            )
        )
        counts: dict[str, dict[str, int]] = {}
        for code, version_id, state, number in db.session.execute(statement):
            label = self.state_label(version_id, state)
            per_code = counts.setdefault(code, {})
            per_code[label] = per_code.get(label, 0) + number
        return counts

    def meetings(self, status_label) -> Iterator[MeetingRow]:
        """Every meeting in scope with the state and dates of each questionnaire."""
        visible = submissions_for(self.actor).subquery()
        submitted, approved = self._dates(
            visible.c.id, visible.c.workflow_version_id, visible.c.state
        )
        name = getattr(Commission, f"name_{self.lang}")
        statement = (
            select(
                Meeting.id,
                Meeting.commission_id,
                Meeting.meeting_date,
                Meeting.status,
                visible.c.questionnaire_code,
                visible.c.workflow_version_id,
                visible.c.state,
                submitted,
                approved,
            )
            .join(Commission, Meeting.commission_id == Commission.id)
            .outerjoin(visible, visible.c.meeting_id == Meeting.id)
            .where(Meeting.id.in_(self._meetings_statement()))
            .order_by(name, Meeting.meeting_date, Meeting.id)
        )
        current, states = None, {}
        for row in stream(statement):
            if current is not None and row[0] != current[0]:
                yield self._meeting_row(current, states, status_label)
                states = {}
            current = row
            if row[4] is not None:
                states[row[4]] = (self.state_label(row[5], row[6]), row[7], row[8])
        if current is not None:
            yield self._meeting_row(current, states, status_label)

    def _meeting_row(self, row, states, status_label) -> MeetingRow:
        return MeetingRow(self.commissions[row[1]], row[0], row[2], status_label(row[3]), states)

    @cached_property
    def reviewers(self) -> dict[int, str]:
        """Commission id -> the names of its reviewers."""
        rows = db.session.execute(
            select(reviewer_commissions.c.commission_id, User.name)
            .join(User, User.id == reviewer_commissions.c.user_id)
            .where(User.active.is_(True))
            .order_by(User.name)
        )
        found: dict[int, list[str]] = {}
        for commission_id, name in rows:
            found.setdefault(commission_id, []).append(name)
        return {key: ", ".join(names) for key, names in found.items()}

    # --- both answers of the same meeting (Before and after)

    def pairs(self, before: str, after: str, codes: list[str]) -> Iterator[tuple]:
        """(commission, meeting date, answers before, answers after) for each meeting with
        an exported submission of both questionnaires; each side holds only ``codes``."""
        first = submissions_for(self.actor).subquery()
        second = submissions_for(self.actor).subquery()
        name = getattr(Commission, f"name_{self.lang}")
        conditions_first = self._pair_conditions(first, before)
        conditions_second = self._pair_conditions(second, after)
        statement = (
            select(
                first.c.commission_id,
                Meeting.meeting_date,
                *[first.c.answers[code] for code in codes],
                *[second.c.answers[code] for code in codes],
            )
            .join(second, second.c.meeting_id == first.c.meeting_id)
            .join(Meeting, Meeting.id == first.c.meeting_id)
            .join(Commission, Commission.id == first.c.commission_id)
            .where(*conditions_first, *conditions_second)
            .order_by(name, Meeting.meeting_date, Meeting.id)
        )
        width = len(codes)
        for row in stream(statement):
            info = self.commissions.get(row[0])
            if info is None:
                continue
            yield (
                info,
                row[1],
                dict(zip(codes, row[2 : 2 + width], strict=True)),
                dict(zip(codes, row[2 + width :], strict=True)),
            )

    def _pair_conditions(self, table, code: str) -> list:
        options = self.options
        where = [
            table.c.consultation_id == self.consultation.id,
            table.c.questionnaire_code == code,
        ]
        if options.submission_ids:
            where.append(table.c.id.in_(options.submission_ids))
        else:
            where += [
                table.c.state.in_(self.state_codes),
                tuple_(table.c.workflow_version_id, table.c.state).in_(self.state_pairs),
            ]
        if self.filters_commissions:
            where.append(table.c.commission_id.in_(list(self.commissions)))
        if options.meetings_from:
            where.append(Meeting.meeting_date >= options.meetings_from)
        if options.meetings_to:
            where.append(Meeting.meeting_date <= options.meetings_to)
        return where

    # --- what the file is made of

    def fingerprint(self) -> str:
        """Changes whenever the export would: options, scope, requester, consultation and
        the questionnaires it asks, answers, states, definitions."""
        statement = submissions_for(self.actor).with_only_columns(
            func.count(), func.max(Submission.updated_at), func.sum(Submission.version)
        )
        statement = statement.where(Submission.consultation_id == self.consultation.id)
        submissions = db.session.execute(statement).one()
        meetings = db.session.execute(
            select(func.count(), func.max(Meeting.version), func.sum(Meeting.version)).where(
                Meeting.consultation_id == self.consultation.id
            )
        ).one()
        versions = db.session.execute(
            select(
                select(func.max(QuestionnaireVersion.id)).scalar_subquery(),
                select(func.max(WorkflowVersion.id)).scalar_subquery(),
            )
        ).one()
        consultation = self.consultation
        material = {
            "options": self.options.to_json(),
            # About prints the requester's name and address, and the consultation's title;
            # the questionnaires asked (and in which phase) decide the sheets.
            "actor": [self.actor.id, self.actor.role, self.actor.name, self.actor.email],
            "consultation": [
                consultation.slug,
                consultation.title_en,
                consultation.title_fr,
                consultation.title_ar,
            ],
            "questionnaires": [
                [q.questionnaire_code, q.phase, q.position, q.workflow_code]
                for q in consultation.questionnaires
            ],
            "commissions": sorted(astuple(c) for c in self.commissions.values()),
            "submissions": [str(value) for value in submissions],
            "meetings": [str(value) for value in meetings],
            "versions": [str(value) for value in versions],
            "reviewers": sorted(self.reviewers.items()),
        }
        encoded = json.dumps(material, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()
