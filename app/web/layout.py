"""Arranging a questionnaire for a page: one view per item, in order, as the macros need it.

Each item's view carries what its macro renders (its bound WTForms fields, the choices its
filter offers, its errors, whether it is shown and required now) and the expressions the
browser re-evaluates as the user types. Which macro renders it is the type's business
(``kind.macro_for``); nothing here asks what type an item is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from app.questionnaires.logic import Scope, today_utc
from app.questionnaires.types import kind_of
from app.questionnaires.types.choices import OTHER_VALUE


@dataclass
class EntryView:
    """One item of a repeat: "Priority 2"."""

    index: int
    path: str
    children: list
    removable: bool

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass
class ItemView:
    item: object
    path: str
    scope: Scope
    relevant: bool
    required: bool
    fields: dict = field(default_factory=dict)
    offered: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    children: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    #: repeat only: whether the page may add items (no repeat_count, under max_count)
    can_add: bool = False
    fixed_count: bool = False
    #: file only: the address of the attached file, if any
    attachment_url: str | None = None
    lang: str = "en"
    #: every error of the page by path (for a type's companion fields and rows)
    scope_errors: dict = field(default_factory=dict)
    #: repeat only: the views of one blank item (a paper form prints them)
    template_children: list = field(default_factory=list)

    @property
    def kind(self):
        return kind_of(self.item)

    @property
    def macro(self) -> str:
        return self.kind.macro_for(self.item)

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def anchor(self) -> str:
        return f"q-{self.path}"

    @property
    def field(self):
        return self.fields.get(self.item.code)

    @property
    def answers(self) -> dict:
        return self.scope.item

    @property
    def hint_id(self) -> str:
        return f"{self.path}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.path}-error"

    def described_by(self, *extra: str) -> str:
        ids = []
        if self.item.hint:
            ids.append(self.hint_id)
        ids.extend(extra)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def context_json(self) -> str:
        return json.dumps([[code, index] for code, index in self.scope.context])

    @property
    def other_chosen(self) -> bool:
        value = self.answers.get(self.item.code)
        return value == OTHER_VALUE or (isinstance(value, list) and OTHER_VALUE in value)

    def logic(self) -> dict:
        """The expressions the browser re-evaluates for this item, as data-* attributes."""
        attributes = {}
        for key in ("relevant", "constraint", "calculation", "choice_filter"):
            source = getattr(self.item, key, None)
            if isinstance(source, str):
                attributes[f"data-{key.replace('_', '-')}"] = source
        required = getattr(self.item, "required", False)
        if isinstance(required, str):
            attributes["data-required"] = required
        message = getattr(self.item, "constraint_message", None)
        if message is not None:
            attributes["data-constraint-message"] = message.get(self.lang)
        return attributes

    def input_attrs(self, *described_by: str) -> dict:
        """Attributes of the item's input(s): required-ness and errors, for assistive tools."""
        attrs = {}
        if self.required:
            attrs["required"] = True
            attrs["aria-required"] = "true"
        if self.errors:
            attrs["aria-invalid"] = "true"
        ids = self.described_by(*described_by)
        if ids:
            attrs["aria-describedby"] = ids
        return attrs

    def display(self) -> str:
        """The answer as text, for read-only pages."""
        return self.kind.display(self.item, self.answers, self.scope.definition, self.lang)

    @property
    def offered_all(self) -> list:
        """Every choice, offered now or not (a choice filter may offer it as answers change)."""
        return self.kind.all_choices(self.item, self.scope.definition)

    @property
    def is_list(self) -> bool:
        """A repeat: its answers are a list of items."""
        return self.item.code in self.scope.definition.repeat_codes

    @property
    def row_errors(self) -> bool:
        return any(
            self.scope.path(code) in self.scope_errors for code in self.kind.codes(self.item)
        )

    @property
    def accept(self) -> str:
        return ",".join(f".{extension}" for extension in self.kind.accepted(self.item))

    @property
    def answered(self) -> bool:
        return not self.kind.is_blank(self.item, self.answers)


def questionnaire_layout(
    definition,
    answers: dict,
    *,
    form=None,
    errors: dict | None = None,
    lang: str = "en",
    sections=None,
    attachment_url=None,
    today=None,
) -> list[tuple[object, list[ItemView]]]:
    """(section, item views) for the sections to show; ``form`` is None on read-only pages.

    ``answers`` decide what is shown (relevance, choice filters): the saved answers, or what
    the user just posted when the page comes back with errors.
    """
    errors = errors or {}
    top = Scope(definition, answers, answers, today=today or today_utc())
    shown = []
    for section in definition.sections:
        if sections is not None and section not in sections:
            continue
        relevant = top.is_true(section.relevant, otherwise=True)
        views = _views(definition, section.items, top, form, errors, lang, relevant, attachment_url)
        shown.append((section, views, relevant))
    return shown


def _views(definition, items, scope, form, errors, lang, parent_relevant, attachment_url):
    views = []
    for item in items:
        kind = kind_of(item)
        relevant = parent_relevant and scope.is_true(item.relevant, otherwise=True)
        path = scope.path(item.code)
        view = ItemView(
            item,
            path,
            scope,
            relevant,
            required=relevant and kind.answers and scope.required(item),
            errors=list(errors.get(path, [])),
            lang=lang,
            scope_errors=errors,
        )
        if item.code in definition.repeat_codes:
            _fill_repeat(view, definition, scope, form, errors, lang, relevant, attachment_url)
        elif kind.holds_items:
            view.children = _views(
                definition, item.items, scope, form, errors, lang, relevant, attachment_url
            )
        elif kind.answers:
            if form is not None:
                view.fields = {code: form[code] for code in kind.codes(item) if code in form}
            offered = getattr(kind, "offered", None)
            if offered is not None:
                view.offered = offered(item, scope)
            value = scope.item.get(item.code)
            if attachment_url and isinstance(value, dict) and "id" in value:
                view.attachment_url = attachment_url(value["id"])
        views.append(view)
    return views


def _fill_repeat(view, definition, scope, form, errors, lang, relevant, attachment_url):
    item = view.item
    stored = scope.item.get(item.code)
    stored = stored if isinstance(stored, list) else []
    subforms = form[item.code].entries if form is not None else [None] * len(stored)
    view.fixed_count = item.repeat_count is not None
    count = len(subforms)
    view.can_add = not view.fixed_count and count < item.max_count
    for index, subform in enumerate(subforms):
        entry_answers = (
            stored[index] if index < len(stored) and isinstance(stored[index], dict) else {}
        )
        inner = scope.inner(item.code, index, entry_answers)
        children = _views(
            definition,
            item.items,
            inner,
            subform.form if subform is not None else None,
            errors,
            lang,
            relevant,
            attachment_url,
        )
        view.entries.append(
            EntryView(
                index,
                f"{view.path}-{index}",
                children,
                removable=not view.fixed_count and count > item.min_count,
            )
        )
    if not subforms and form is None:
        blank = scope.inner(item.code, 0, {})
        view.template_children = _views(
            definition, item.items, blank, None, errors, lang, relevant, attachment_url
        )
