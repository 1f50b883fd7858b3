"""Row sources for workbooks, read from the database in batches."""

from __future__ import annotations

from sqlalchemy import func, select

from app.consultations.models import Consultation, Meeting
from app.core.time import utcnow
from app.exports.source import (
    AnswerRow,
    Column,
    CommissionInfo,
    OverviewRow,
    QuestionnaireSheet,
    WorkbookSource,
)
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.submissions.models import Submission
from app.submissions.scoping import in_states, submissions_for
from app.users.models import Commission
from app.users.regions import region_label
from app.workflows.models import WorkflowVersion

BATCH = 200


def workbook_source(
    consultation: Consultation,
    lang: str,
    *,
    submission_ids: list[int] | None = None,
    actor=None,
) -> WorkbookSource:
    """The integrated workbook's rows for a consultation.

    Questionnaire sheets hold the submissions in reported states (approved); given
    ``submission_ids``, the workbook holds just those submissions, whatever their state.
    Given an ``actor``, the Overview shows only the states of submissions they may see.
    """
    questionnaires = [
        (item.questionnaire_code, _latest_definition(item.questionnaire_code).title.get(lang))
        for item in consultation.questionnaires
    ]
    sheet_codes = [code for code, _ in questionnaires]
    reported = WorkflowVersion.state_pairs(lambda workflow, state: workflow.states[state].reported)
    meeting_filter = [Meeting.consultation_id == consultation.id]
    submission_filter = [Meeting.consultation_id == consultation.id]
    if submission_ids is not None:
        chosen = select(Submission.meeting_id).where(Submission.id.in_(submission_ids))
        meeting_filter.append(Meeting.id.in_(chosen))
        submission_filter.append(Submission.id.in_(submission_ids))
        chosen_codes = db.session.scalars(
            select(Submission.questionnaire_code).where(Submission.id.in_(submission_ids))
        ).all()
        sheet_codes = [code for code in sheet_codes if code in chosen_codes]

    def commission_info(commission: Commission) -> CommissionInfo:
        return CommissionInfo(
            commission.iso2, commission.name(lang), region_label(commission.region, lang)
        )

    def overview():
        labels = state_label_lookup(lang)
        status = {}
        visible = submissions_for(actor) if actor is not None else select(Submission)
        rows = db.session.execute(
            visible.with_only_columns(
                Submission.meeting_id,
                Submission.questionnaire_code,
                Submission.state,
                Submission.workflow_version_id,
            )
            .join(Meeting, Submission.meeting_id == Meeting.id)
            .where(*meeting_filter)
        )
        for meeting_id, code, state, workflow_version_id in rows:
            status[(meeting_id, code)] = labels(workflow_version_id, state)
        meetings = db.session.execute(
            select(Meeting, Commission)
            .join(Commission, Meeting.commission_id == Commission.id)
            .where(*meeting_filter)
            .order_by(Commission.name_en, Meeting.meeting_date)
            .execution_options(yield_per=BATCH)
        )
        for meeting, commission in meetings:
            yield OverviewRow(
                commission_info(commission),
                meeting.meeting_date,
                {code: status.get((meeting.id, code)) for code, _ in questionnaires},
            )

    def sheet(code: str, title: str) -> QuestionnaireSheet:
        where = [*submission_filter, Submission.questionnaire_code == code]
        if submission_ids is None:
            where.append(in_states(reported))
        count = db.session.scalar(
            select(func.count(Submission.id))
            .join(Meeting, Submission.meeting_id == Meeting.id)
            .where(*where)
        )
        version_ids = db.session.scalars(
            select(Submission.questionnaire_version_id)
            .join(Meeting, Submission.meeting_id == Meeting.id)
            .where(*where)
            .distinct()
        ).all()
        definitions = _definitions(version_ids)

        def rows():
            labels = state_label_lookup(lang)
            result = db.session.execute(
                select(Submission, Meeting, Commission)
                .join(Meeting, Submission.meeting_id == Meeting.id)
                .join(Commission, Submission.commission_id == Commission.id)
                .where(*where)
                .order_by(Commission.name_en, Meeting.meeting_date, Submission.id)
                .execution_options(yield_per=BATCH)
            )
            for submission, meeting, commission in result:
                yield AnswerRow(
                    submission.id,
                    commission_info(commission),
                    meeting.meeting_date,
                    labels(submission.workflow_version_id, submission.state),
                    submission.updated_at,
                    submission.answers or {},
                )

        columns, repeats = _merged_columns(definitions or _latest_versions(code))
        return QuestionnaireSheet(code, title, columns, repeats, count or 0, rows)

    meeting_count = db.session.scalar(select(func.count(Meeting.id)).where(*meeting_filter)) or 0
    return WorkbookSource(
        title=consultation.title(lang),
        lang=lang,
        generated_at=utcnow(),
        questionnaires=questionnaires,
        overview_count=meeting_count,
        overview=overview,
        sheets=[sheet(code, title) for code, title in questionnaires if code in sheet_codes],
    )


def _latest_definition(code: str):
    return QuestionnaireVersion.latest(code).definition


def _definitions(version_ids) -> dict:
    versions = db.session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(list(version_ids)))
    )
    return {version.id: version.definition for version in versions}


def _latest_versions(code: str) -> dict:
    version = QuestionnaireVersion.latest(code)
    return {version.id: version.definition}


def _merged_columns(definitions: dict):
    """Columns for answers given on several versions: newest order, older extras after.

    Returns the questions outside repeats, and each repeat with the questions it holds.
    """
    columns: list[Column] = []
    repeats: dict[str, tuple[Column, list[Column]]] = {}
    seen: set[str] = set()
    for _, definition in sorted(definitions.items(), reverse=True):
        for node in definition.nodes:
            code = node.item.code
            if code in seen or not node.kind.answers:
                continue
            seen.add(code)
            column = Column(node, definition)
            if code in definition.repeat_codes:
                repeats[code] = (column, [])
            elif node.repeats:
                if node.repeats[-1] in repeats:
                    repeats[node.repeats[-1]][1].append(column)
            else:
                columns.append(column)
    return columns, list(repeats.values())


def state_label_lookup(lang: str):
    """A state's label in ``lang``, through the submission's own workflow version."""
    cache: dict[int, object] = {}

    def label(workflow_version_id: int, state: str) -> str:
        if workflow_version_id not in cache:
            version = db.session.get(WorkflowVersion, workflow_version_id)
            cache[workflow_version_id] = version.definition
        return cache[workflow_version_id].state_label(state, lang)

    return label
