"""Small helpers the templates call: labels in the current language."""

from __future__ import annotations

from flask import g

from app.questionnaires.models import QuestionnaireVersion
from app.questionnaires.types import type_of
from app.users.regions import region_label
from app.web.language import current_language


def questionnaire_title(code: str) -> str:
    # Asked once per row of long lists: looked up once per request.
    titles = g.setdefault("questionnaire_titles", {})
    if code not in titles:
        titles[code] = QuestionnaireVersion.latest(code).definition.title.get(current_language())
    return titles[code]


def state_label(submission) -> str:
    return submission.workflow.state_label(submission.state, current_language())


def workflow_state_label(workflow, state: str | None) -> str:
    return workflow.state_label(state, current_language())


def action_label(workflow, action: str) -> str:
    known = workflow.actions.get(action)
    if known:
        return known.label.get(current_language())
    return {"create": "Created"}.get(action, action)


def answer_display(field, answers: dict, definition) -> str:
    value = answers.get(field.code)
    if value is None:
        return ""
    return type_of(field).display(value, field, definition, current_language())


def register(app) -> None:
    for function in (
        questionnaire_title,
        state_label,
        workflow_state_label,
        action_label,
        answer_display,
        region_label,
    ):
        app.add_template_global(function)
