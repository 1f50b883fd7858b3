"""Building a WTForms form class for a definition at runtime, and moving answers in and out."""

from __future__ import annotations

from wtforms import Form, HiddenField

from app.questionnaires.definition import QuestionnaireDefinition
from app.questionnaires.types import type_of

#: hidden field carrying the submission version the page was loaded with (optimistic lock)
VERSION_FIELD = "loaded_version"


_form_classes: dict[tuple, tuple[QuestionnaireDefinition, type]] = {}


def build_form_class(definition: QuestionnaireDefinition, lang: str, base: type = Form) -> type:
    """One field per stored answer, named by its question code, labelled in ``lang``."""
    # Definitions are shared per content hash (see loader.py), so identity is a sound key;
    # the stored definition guards against a recycled id().
    key = (id(definition), lang, base)
    cached = _form_classes.get(key)
    if cached and cached[0] is definition:
        return cached[1]
    attrs = {
        field.code: type_of(field).form_field(field, definition, lang)
        for field in definition.fields
    }
    attrs[VERSION_FIELD] = HiddenField()
    form_class = type(f"{definition.code.title()}Form", (base,), attrs)
    _form_classes[key] = (definition, form_class)
    return form_class


def form_data(definition: QuestionnaireDefinition, answers: dict) -> dict:
    """Keyword data to fill a form from stored answers."""
    return {
        field.code: type_of(field).to_form(answers.get(field.code)) for field in definition.fields
    }


def answers_from_form(definition: QuestionnaireDefinition, form) -> tuple[dict, dict]:
    """Stored answers from a submitted form, and the parse errors of fields that had some.

    A field WTForms could not parse (``abc`` in a number) is left out of the answers; the form
    keeps what was typed so the page can show it back with the error.
    """
    answers: dict = {}
    errors: dict[str, list[str]] = {}
    for field in definition.fields:
        form_field = form[field.code]
        if form_field.errors:
            errors[field.code] = [type_of(field).unreadable or form_field.errors[0]]
            continue
        value = type_of(field).from_form(form_field.data)
        if value is not None:
            answers[field.code] = value
    return answers, errors
