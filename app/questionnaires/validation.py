"""Checking stored answers against a definition.

This is the one place the rules live: the web form, autosave, the submit action, the API and
imports all ask it. WTForms only parses what was typed; whether an answer is complete and
valid is decided here, on the stored (JSON) answers, after the logic has run (answers of
questions that are not relevant are never checked: they are dropped).

Errors are keyed by the answer's path as the form names its field: ``staff_count``,
``priorities-0-title`` (the first priority's title).
"""

from __future__ import annotations

from app.core.i18n import _, in_readers_language
from app.core.text_safety import answer_message, find_refused
from app.questionnaires.logic import walk

NOT_ACCEPTED = _("This answer is not accepted.")


def validate_answers(definition, answers: dict, *, complete: bool, today=None) -> dict:
    """Errors by path. ``complete`` also asks for required answers and minimum counts."""
    errors: dict[str, list] = {}

    def add(path: str, message) -> None:
        errors.setdefault(path, [])
        if message not in errors[path]:
            errors[path].append(message)

    for visit in walk(definition, answers, today=today):
        if not visit.relevant:
            continue
        item, scope, kind = visit.item, visit.scope, visit.node.kind
        if not kind.answers:
            continue
        refused = _refused_characters(item, scope, kind)
        for path, message in refused.items():
            add(path, message)
        if refused:
            continue  # nothing else is worth saying about an answer that cannot be stored
        wrong = kind.check(item, scope)
        for code, message in wrong.items():
            add(scope.path(code), message)
        constraint = getattr(item, "constraint", None)
        if constraint and not wrong and not kind.is_blank(item, scope.item):
            value = kind.value(item, scope.item)
            if not scope.is_true(constraint, otherwise=True, current=value):
                add(
                    scope.path(item.code),
                    in_readers_language(item.constraint_message) or NOT_ACCEPTED,
                )
        if complete:
            missing = kind.missing(item, scope) if scope.required(item) else {}
            missing.update(kind.incomplete(item, scope))
            for code, message in missing.items():
                add(scope.path(code), message)
    return errors


def _refused_characters(item, scope, kind) -> dict:
    """Messages by path for the item's answers that hold a character no database or
    workbook can keep (NUL and other controls; see core/text_safety.py). A repeat's own
    answers are its items', visited on their own."""
    if kind.holds_items:
        return {}
    refused = {}
    for code in kind.codes(item):
        found = find_refused(scope.item.get(code))
        if found:
            refused[scope.path(code)] = answer_message(found.character)
    return refused
