"""Building a WTForms form class for a definition at runtime, and moving answers in and out.

Groups add no level: their questions sit in the form like any other. A repeat is a
``FieldList`` of sub-forms, so its fields are named ``<repeat>-<index>-<code>`` (the same
names the validator uses for its errors). Each item's type says which fields it needs.
"""

from __future__ import annotations

from wtforms import FieldList, Form, FormField, HiddenField

from app.core.lru import Recent, per_definition
from app.questionnaires.types import kind_of

#: hidden field carrying the submission version the page was loaded with (optimistic lock)
VERSION_FIELD = "loaded_version"
#: hidden field of every repeat item, so that an item whose fields are all blank (no radio
#: chosen, no box ticked) is still posted and kept
ENTRY_FIELD = "entry_key"

#: built form classes: every questionnaire version in use, with its sections and languages
_form_classes = Recent(256)


def build_form_class(definition, lang: str, base: type = Form, sections=None) -> type:
    """One field per stored answer, named by its code, labelled in ``lang``; with
    ``sections``, only theirs (a page showing one section binds and posts no other)."""
    codes = None if sections is None else tuple(section.code for section in sections)

    def make():
        attrs = {}
        for section in definition.sections:
            if codes is None or section.code in codes:
                attrs.update(_fields(definition, section.items, lang))
        attrs[VERSION_FIELD] = HiddenField()
        return type(f"{definition.code.title()}Form", (base,), attrs)

    return per_definition(_form_classes, definition, (lang, base, codes), make)


def _fields(definition, items, lang: str) -> dict:
    attrs = {}
    for item in items:
        kind = kind_of(item)
        if _is_list(item):
            sub = {ENTRY_FIELD: HiddenField(default="1")}
            sub.update(_fields(definition, item.items, lang))
            entry_class = type(f"{item.code.title()}Item", (Form,), sub)
            attrs[item.code] = FieldList(FormField(entry_class), max_entries=item.max_count)
        elif kind.holds_items:
            attrs.update(_fields(definition, item.items, lang))
        else:
            attrs.update(kind.form_fields(item, definition, lang))
    return attrs


def form_data(definition, answers: dict, sections=None) -> dict:
    """Keyword data to fill a form from stored answers (``sections``: only theirs)."""
    data = {}
    codes = None if sections is None else {section.code for section in sections}
    for section in definition.sections:
        if codes is None or section.code in codes:
            data.update(_data(section.items, answers))
    return data


def _data(items, answers: dict) -> dict:
    data = {}
    for item in items:
        kind = kind_of(item)
        if _is_list(item):
            entries = answers.get(item.code)
            data[item.code] = [
                {ENTRY_FIELD: "1", **_data(item.items, entry)}
                for entry in (entries if isinstance(entries, list) else [])
                if isinstance(entry, dict)
            ]
        elif kind.holds_items:
            data.update(_data(item.items, answers))
        else:
            data.update(kind.form_data(item, answers))
    return data


def answers_from_form(definition, form, sections=None) -> tuple[dict, dict]:
    """Stored answers from a submitted form, and the parse errors of fields that had some.

    A field WTForms could not parse (``abc`` in a number) is left out of the answers; the form
    keeps what was typed so the page can show it back with the error. ``sections`` limits the
    reading to those sections (a page showing one section posts only its fields).
    """
    answers: dict = {}
    errors: dict[str, list] = {}
    for section in definition.sections:
        if sections is None or section in sections:
            _read(section.items, form, answers, errors)
    return answers, errors


def _read(items, form, answers: dict, errors: dict) -> None:
    for item in items:
        kind = kind_of(item)
        if _is_list(item):
            entries = []
            for entry in form[item.code].entries:
                entry_answers: dict = {}
                _read(item.items, entry.form, entry_answers, errors)
                entries.append(entry_answers)
            answers[item.code] = entries
        elif kind.holds_items:
            _read(item.items, form, answers, errors)
        else:
            found, wrong = kind.read_form(item, form)
            answers.update(found)
            for code, messages in wrong.items():
                errors[form[code].name] = messages


def _is_list(item) -> bool:
    """A container that stores its items as a list (a repeat), not one that only groups."""
    kind = kind_of(item)
    return kind.holds_items and bool(kind.codes(item))
