"""What the reported answers of a questionnaire say, question by question.

Each question's type summarises its own answers (``summary()``: counts per choice or point,
or the count, minimum, mean and maximum of numbers, or how many answered); a question inside
a repeat is summarised over every item of every submission.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.consultations.models import Meeting
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.submissions.models import Submission
from app.submissions.scoping import in_states, submissions_for
from app.workflows.models import WorkflowVersion


@dataclass(frozen=True)
class QuestionSummary:
    section: object
    label: str
    #: how many answer sets the question was asked in (submissions, or repeat items)
    asked: int
    #: (label or None, number): the type's summary rows
    rows: list


def summarise(actor, consultation, questionnaire_code: str, lang: str):
    """(number of reported submissions, summaries) of a questionnaire in a consultation."""
    definition = QuestionnaireVersion.latest(questionnaire_code).definition
    reported = WorkflowVersion.state_pairs(lambda workflow, state: workflow.states[state].reported)
    answers = db.session.scalars(
        submissions_for(actor)
        .with_only_columns(Submission.answers)
        .join(Meeting, Submission.meeting_id == Meeting.id)
        .where(
            Meeting.consultation_id == consultation.id,
            Submission.questionnaire_code == questionnaire_code,
            in_states(reported),
        )
    ).all()
    summaries = []
    for node in definition.nodes:
        kind = node.kind
        if not kind.answers or node.item.code in definition.repeat_codes:
            continue
        sets = [a or {} for a in answers]
        for repeat in node.repeats:
            sets = [entry for level in sets for entry in (level.get(repeat) or [])]
        label = node.item.label.get(lang) if node.item.label else node.item.code
        if node.repeats:
            owner = definition.node_by_code[node.repeats[-1]].item
            label = f"{owner.label.get(lang)} — {label}"
        summaries.append(
            QuestionSummary(
                node.section, label, len(sets), kind.summary(node.item, sets, definition, lang)
            )
        )
    return len(answers), summaries
