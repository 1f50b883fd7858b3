"""Small helpers the templates call: labels, dates and numbers in the current language."""

from __future__ import annotations

import datetime as dt
import functools
import json

from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_decimal
from flask import current_app, g
from flask_babel import get_locale
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from app.core.i18n import long_date
from app.core.languages import NATIVE_NAMES, direction
from app.core.lru import Recent, per_definition
from app.questionnaires.models import QuestionnaireVersion
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


def state_badge(workflow, state: str | None, element_id: str | None = None) -> Markup:
    """A state as a badge in its workflow's colour, labelled in the reader's language."""
    badge = Markup(
        '<span class="state"{id} data-state="{state}" '
        'style="--state-colour: {colour}">{label}</span>'
    )
    return badge.format(
        id=Markup(' id="{}"').format(element_id) if element_id else "",
        state=state or "",
        colour=workflow.colour(state),
        label=workflow.state_label(state, current_language()),
    )


def workflow_state_label(workflow, state: str | None) -> str:
    return workflow.state_label(state, current_language())


def action_label(workflow, action: str) -> str:
    from app.submissions.history import EVENT_LABELS

    known = workflow.actions.get(action)
    if known:
        return known.label.get(current_language())
    return str(EVENT_LABELS.get(action, action))


def requirement_label(name: str) -> str:
    from app.workflows.engine import REQUIREMENT_DESCRIPTIONS

    return str(REQUIREMENT_DESCRIPTIONS.get(name, name))


def format_date(value) -> str:
    """A date as the reader's language writes it (8 mars 2021, ٨ مارس ٢٠٢١...)."""
    if value is None:
        return ""
    return long_date(value, current_language())


def format_datetime(value) -> str:
    """A stored (UTC) time, in the reader's language, saying it is UTC."""
    if value is None:
        return ""
    return _medium_datetime(value, current_language())


@functools.lru_cache(maxsize=8192)
def _medium_datetime(value, lang: str) -> str:
    # A page writes the same few times (its events, the last save) on every view, and
    # Babel takes a tenth of a millisecond for each.
    aware = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
    return babel_format_datetime(aware, "medium", tzinfo=dt.UTC, locale=lang) + " UTC"


def format_number(value) -> str:
    if type(value) is int:  # 0 and -0.0 are one key to a cache, two texts to Babel
        return _whole_number(value, current_language())
    return format_decimal(value, locale=current_language())


@functools.lru_cache(maxsize=4096)
def _whole_number(value: int, lang: str) -> str:
    # Every text answer's counter writes two numbers (its length and its limit).
    return format_decimal(value, locale=lang)


def format_percent(share: float) -> str:
    from babel.numbers import format_percent as babel_format_percent

    return babel_format_percent(share, locale=current_language())


def format_size(size) -> str:
    size = int(size or 0)
    if size >= 1024 * 1024:
        return f"{format_decimal(round(size / 1048576, 1), locale=current_language())} MB"
    return f"{format_decimal(max(1, round(size / 1024)), locale=current_language())} kB"


def main_navigation() -> list[tuple[str, object]]:
    """(endpoint, label) of the main menu for the signed-in user's role."""
    from flask_login import current_user

    from app.core.i18n import _
    from app.users.roles import COMMISSION, REVIEWER, SECRETARIAT

    if not current_user.is_authenticated:
        return []
    if current_user.role == REVIEWER:  # the only menu that asks the database
        return [("review.queue", _("Review")), *_reviewer_exports(_)]
    menus = {
        COMMISSION: [("commission.dashboard", _("My questionnaires"))],
        SECRETARIAT: [
            ("secretariat.overview", _("Overview")),
            ("meetings.index", _("Meetings")),
            ("secretariat.summary", _("Summary")),
            ("exports.index", _("Workbooks")),
            ("people.index", _("People")),
            ("secretariat.outbox", _("Outbox")),
            ("secretariat.workflows", _("Workflows")),
        ],
    }
    return menus.get(current_user.role, [])


def _reviewer_exports(_) -> list:
    """The workbooks page, for reviewers, once a consultation lets them prepare some."""
    from sqlalchemy import exists, select

    from app.consultations.models import Consultation
    from app.extensions import db

    allowed = db.session.scalar(select(exists().where(Consultation.reviewers_may_export)))
    return [("exports.index", _("Workbooks"))] if allowed else []


def comments_on(path: str) -> list:
    """The open comments on an answer of the submission the page shows."""
    return g.get("question_comments", {}).get(path, [])


def comment_inputs() -> bool:
    """Whether the page offers a comment box beside each answer (to whoever examines it)."""
    return g.get("comment_inputs", False)


def posted_comment(path: str) -> str:
    return g.get("posted_question_comments", {}).get(path, "")


def may_resolve_comments() -> bool:
    return g.get("may_resolve", False)


def widget(name: str):
    """The macro of questions/_widgets.html that renders an item (its type names it)."""
    module = current_app.jinja_env.get_template("questions/_widgets.html").module
    return getattr(module, name)


def choice_properties(view, value) -> str:
    """A choice's properties as JSON, for a browser-side choice filter (only when one is set)."""
    if not getattr(view.item, "choice_filter", None):
        return ""
    for choice in view.offered_all:
        if choice.value == value:
            return json.dumps({"name": choice.value, **choice.properties}, ensure_ascii=False)
    return json.dumps({"name": value})


def hidden_inputs(form) -> Markup:
    """A form's CSRF token (when the protection is on) and loaded version, written as
    WTForms writes them: its widgets build every attribute through a formatter, a
    measurable share of the questionnaire page."""
    return Markup(
        "".join(
            f'<input id="{escape(field.id)}" name="{escape(field.name)}" type="hidden" '
            f'value="{escape(field._value())}">'
            for field in (form[name] for name in ("csrf_token", "loaded_version") if name in form)
        )
    )


#: the questionnaire page's script data, per definition version and language
_script_data = Recent(256)


def form_script_json(definition) -> Markup:
    """``form_script_data`` as the JSON the page embeds: the same for every page of one
    definition version in one language, so made once."""
    # Keyed by the language the messages are read in too (a forced locale may differ).
    locale = get_locale()
    key = (current_language(), str(locale) if locale else None)
    return per_definition(
        _script_data, definition, key, lambda: htmlsafe_json_dumps(form_script_data(definition))
    )


def form_script_data(definition) -> dict:
    """What static/form.js needs beside the page: the scopes of the answer codes (for
    expressions in repeats) and its messages, in the reader's language."""
    from app.core.i18n import _
    from app.questionnaires.types.base import REQUIRED
    from app.questionnaires.validation import NOT_ACCEPTED

    messages = {
        "counter": _("%(count)s of %(limit)s characters", count="{count}", limit="{limit}"),
        "tooLong": _(
            "%(count)s of %(limit)s characters: %(over)s too many. Shorten it; nothing is cut.",
            count="{count}",
            limit="{limit}",
            over="{over}",
        ),
        "required": REQUIRED,
        "notAccepted": NOT_ACCEPTED,
        "saving": _("Saving…"),
        "offline": _(
            "Not saved: the server cannot be reached. Your input is kept in this tab and "
            "saved when the connection returns."
        ),
        "restored": _(
            "Your input that was not saved yet has been put back in the form. Save to keep it."
        ),
        "fileTooLarge": _(
            "This file is larger than %(size)s MB; attach a smaller one.", size="{size}"
        ),
        "tooLarge": _(
            "Not saved: what this page sends is too large (a very long text, or files). "
            "Your input is still here: shorten it, or attach the files one at a time."
        ),
        "tooMany": _(
            "Not saved: too many requests in a short time. Your input is still here; "
            "wait a minute and press the button again."
        ),
        "savedVersion": _("See the saved version (in a new tab)"),
        "failed": _(
            "Not saved: the server could not save it just now. Your input is still here and "
            "kept in this tab; press the button again in a moment."
        ),
    }
    return {
        "scopes": {code: list(path) for code, path in definition.answer_scopes.items()},
        "messages": {key: str(text) for key, text in messages.items()},
        "lang": current_language(),
    }


def register(app) -> None:
    for function in (
        questionnaire_title,
        state_label,
        workflow_state_label,
        state_badge,
        action_label,
        requirement_label,
        region_label,
        format_date,
        format_datetime,
        format_number,
        format_percent,
        format_size,
        widget,
        comments_on,
        comment_inputs,
        posted_comment,
        may_resolve_comments,
        choice_properties,
        main_navigation,
        form_script_json,
        hidden_inputs,
    ):
        app.add_template_global(function)
    app.add_template_global(current_language, "current_lang")
    app.add_template_global(Markup, "markup")
    app.add_template_global(NATIVE_NAMES, "language_names")
    app.add_template_global(direction, "direction")
