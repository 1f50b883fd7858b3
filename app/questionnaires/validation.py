"""Checking stored answers against a definition.

This is the one place the rules live: the web form, the submit action, the API and imports
all ask it. WTForms only parses what was typed; whether an answer is complete and valid is
decided here, on the stored (JSON) answers.
"""

from __future__ import annotations

from app.questionnaires.definition import OTHER_VALUE, Field, QuestionnaireDefinition
from app.questionnaires.types import type_of

REQUIRED = "This question is required."


def is_blank(field: Field, answers: dict) -> bool:
    return type_of(field).is_empty(answers.get(field.code))


def validate_answers(
    definition: QuestionnaireDefinition, answers: dict, *, complete: bool
) -> dict[str, list[str]]:
    """Errors by question code. ``complete`` also asks for required and dependent answers."""
    errors: dict[str, list[str]] = {}
    for field in definition.fields:
        value = answers.get(field.code)
        if not is_blank(field, answers):
            message = type_of(field).check(value, field, definition)
            if message:
                errors.setdefault(field.code, []).append(message)
    if complete:
        for code, message in _missing(definition, answers):
            errors.setdefault(code, []).append(message)
    return errors


def _missing(definition: QuestionnaireDefinition, answers: dict):
    slot_fields: dict[tuple[str, int], list[Field]] = {}
    for field in definition.fields:
        if field.specifies:
            chosen = answers.get(field.specifies.code)
            chose_other = chosen == OTHER_VALUE or (
                isinstance(chosen, list) and OTHER_VALUE in chosen
            )
            if chose_other and is_blank(field, answers):
                yield field.code, "Say what the other answer is."
        elif field.slot:
            slot_fields.setdefault((field.slot.group.code, field.slot.index), []).append(field)
        elif field.question.required and is_blank(field, answers):
            yield field.code, REQUIRED
    for (_, index), fields in slot_fields.items():
        group = fields[0].slot.group
        used = any(not is_blank(field, answers) for field in fields)
        must = index <= group.required_count
        if not (used or must):
            continue
        needed = [f for f in fields if f.question.required and not f.specifies] or fields[:1]
        for field in needed:
            if is_blank(field, answers):
                yield field.code, REQUIRED
