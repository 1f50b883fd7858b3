"""Saving answers from the page: the buttons, the background autosave, a version move.

A view here parses what was posted, calls one service (drafts.save_draft, apply_action,
move_to_latest_version) and renders or redirects; the rules are in the services.
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import CombinedMultiDict

from app.core.errors import Conflict, ValidationFailed
from app.core.i18n import _, ngettext
from app.extensions import csrf, db
from app.jobs.notifications import request_delivery
from app.questionnaires.wtforms_builder import VERSION_FIELD, answers_from_form
from app.submissions.drafts import ADD, CLEAR, REMOVE, Change, save_draft
from app.submissions.scoping import get_submission
from app.submissions.services import apply_action, explain_conflict, move_to_latest_version
from app.web.helpers import format_datetime
from app.web.language import current_language
from app.web.session_end import answer_if_signed_out
from app.web.submission_page import ALL_SECTIONS, answers_form, render_submission
from app.web.submissions import conflict_page, expected_version, flash_done

bp = Blueprint("answers", __name__, url_prefix="/submissions")

SAVE, GOTO = "save", "goto"
PARTLY_SAVED = _(
    "Your other answers were saved, but not the ones marked below (and nothing was "
    "submitted): correct them and press the button again."
)
TOKEN_EXPIRED = _(
    "Your answers were not saved yet: the page had been open too long. They are all still "
    "below; press the button again."
)
SESSION_ENDED = _(
    "Your session has ended, so this was not saved. Your input is kept in this tab: "
    "sign in again and it comes back."
)


def _answers_in_json() -> bool:
    """A save sent by the page's script (static/form.js), which stays on the page and
    wants the outcome in JSON; a browser without it posts the form and gets a page."""
    return request.accept_mimetypes.best == "application/json"


def _intent() -> tuple[str | None, Change | None, str | None]:
    """(workflow action, change, section to go to) from the button that was pressed."""
    intent = request.form.get("intent", SAVE)
    verb, _sep, argument = intent.partition(":")
    if verb in (ADD, REMOVE, CLEAR) and argument:
        return None, Change(verb, argument), None
    if verb == GOTO and argument:
        return None, None, argument
    if intent == SAVE:
        return None, None, None
    return intent, None, None


def _posted_section(definition):
    """The section the page showed (its fields are the only ones posted), or None: all."""
    code = request.form.get("section") or ""
    if code in ("", ALL_SECTIONS):
        return None
    return definition.section(code)


def _parse(submission, section=None):
    """The posted answers form (files included), validated (parsing and its CSRF token);
    with the ``section`` the page showed, its fields only (no other is posted)."""
    posted = CombinedMultiDict((request.files, request.form))
    form = answers_form(submission, formdata=posted, section=section)
    form.validate()
    return form


def _save_posted(submission, form, section, change=None):
    """(posted answers, outcome) of saving what the page posted (its section only)."""
    sections = [section] if section else None
    posted, parse_errors = answers_from_form(submission.definition, form, sections)
    outcome = save_draft(
        current_user,
        submission,
        posted,
        parse_errors,
        expected_version(form[VERSION_FIELD].data),
        sections=sections,
        change=change,
    )
    return posted, outcome


@bp.route("/<int:submission_id>/answers", methods=["POST"])
@csrf.exempt  # checked by the form itself, so an expired token gives the input back
def save(submission_id: int):
    """Save the answers; with an action button, save and then take that action."""
    action, change, goto = _intent()
    if _answers_in_json() and action is None and change is None and goto is None:
        return _save_in_json(submission_id)
    if (answer := answer_if_signed_out()) is not None:
        return answer
    submission = get_submission(current_user, submission_id)
    definition = submission.definition
    section = _posted_section(definition)
    form = _parse(submission, section)
    if "csrf_token" in form.errors:
        return render_submission(
            submission, form=form, status=400, message=TOKEN_EXPIRED, section=section
        )
    try:
        posted, outcome = _save_posted(submission, form, section, change)
    except Conflict as conflict:
        return conflict_page(submission_id, conflict, form=form, section=section)
    failure, errors = (PARTLY_SAVED, outcome.errors) if outcome.errors else (None, {})
    if action and not errors:
        try:
            apply_action(current_user, submission, action)
        except Conflict as conflict:
            return conflict_page(submission_id, conflict, form=form, section=section)
        except ValidationFailed as failed:
            errors = failed.errors
            failure = _("Your answers were saved, but not submitted: %(reason)s", reason=failed)
    db.session.commit()
    if action and not failure:
        request_delivery()
    if failure:
        form[VERSION_FIELD].data = str(submission.version)  # this save is the new base
        shown = {**(submission.answers or {}), **posted} if outcome.errors else None
        return render_submission(
            submission,
            form=form if outcome.errors else None,
            status=422,
            message=failure,
            errors=errors,
            posted=shown,
            section=section if outcome.errors else _first_section_with(definition, errors),
        )
    if change is None and goto is None:
        flash_done(submission, action)
    target_section = goto or request.form.get("section") or None
    anchor = ""
    if outcome.added:
        anchor = f"#q-{outcome.added}"
    elif change is not None:
        anchor = f"#q-{change.path.rsplit('-', 1)[0] if change.kind == REMOVE else change.path}"
    elif goto:
        anchor = "#main"
    # The route's id, not ``submission.id``: the commit expired the row and reading an
    # attribute would load it again for nothing.
    url = url_for("submissions.show", submission_id=submission_id, section=target_section)
    return redirect(url + anchor)


def _first_section_with(definition, errors: dict):
    """After a refused submit, the page opens on the first section that needs work."""
    for path in errors:
        section = definition.section_of(path)
        if section is not None:
            return section
    return None


@bp.route("/<int:submission_id>/autosave", methods=["POST"])
@csrf.exempt  # checked by the form itself, as for save
def autosave(submission_id: int):
    """Save a draft in the background; answer in JSON (what was saved, what was not)."""
    response, status = _save_in_json(submission_id)
    # The background save reports answers to correct beside a success: it is not refused.
    return response, 200 if status == 422 else status


def _repeat_entries(definition, answers: dict, section) -> dict[str, int]:
    """How many items each repeat the page shows holds in ``answers``."""
    sections = [section] if section else definition.sections
    shown = set().union(*(definition.top_codes(s) for s in sections)) & definition.repeat_codes
    return {code: len(answers.get(code) or []) for code in sorted(shown)}


def _save_in_json(submission_id: int):
    """Save what the page posted and say how it went in JSON, for the page's script: the new
    version and its time, the answers to correct, or why nothing was saved (the page keeps
    the input either way)."""
    if not current_user.is_authenticated:
        return jsonify(session_ended=True, message=str(SESSION_ENDED)), 401
    submission = get_submission(current_user, submission_id)
    definition = submission.definition
    section = _posted_section(definition)
    form = _parse(submission, section)
    if "csrf_token" in form.errors:
        # A fresh token (readable by this origin's script only) lets the next press work.
        return jsonify(message=str(TOKEN_EXPIRED), csrf_token=generate_csrf()), 400
    shown_before = _repeat_entries(definition, submission.answers, section)
    try:
        _posted, outcome = _save_posted(submission, form, section)
    except Conflict as conflict:
        db.session.rollback()
        submission = get_submission(current_user, submission_id)
        message = explain_conflict(current_user, submission, conflict)
        # The version that won: saving again from the page replaces it, as the message says.
        return jsonify(conflict=True, message=message, version=submission.version), 409
    # A count of items answered here (repeat_count) makes or drops items on save: the page
    # must be drawn again to show them.
    reshaped = _repeat_entries(definition, submission.answers, section) != shown_before
    # Read before the commit, which expires the row: the flush has set both already, and
    # reading them after would load the submission again.
    version, saved_at = submission.version, format_datetime(submission.updated_at)
    db.session.commit()
    lang = current_language()
    answer = jsonify(
        saved=outcome.changed,
        reload=reshaped,
        version=version,
        saved_at=saved_at,
        message=str(
            _("Saved at %(time)s.", time=saved_at)
            if not outcome.errors
            else ngettext(
                "Saved, except %(num)d answer to correct.",
                "Saved, except %(num)d answers to correct.",
                len(outcome.errors),
            )
        ),
        errors={
            path: {"label": definition.describe_path(path, lang), "messages": [str(m) for m in m_]}
            for path, m_ in outcome.errors.items()
        },
    )
    return answer, 422 if outcome.errors else 200


@bp.route("/<int:submission_id>/upgrade", methods=["POST"])
@csrf.exempt  # checked by the form itself, as for save
def upgrade(submission_id: int):
    """Move a draft to the newest version of its questionnaire."""
    if (answer := answer_if_signed_out()) is not None:
        return answer
    submission = get_submission(current_user, submission_id)
    old_definition = submission.definition
    form = _parse(submission)
    if "csrf_token" in form.errors:
        return render_submission(submission, status=400, message=TOKEN_EXPIRED)
    try:
        move = move_to_latest_version(
            current_user, submission, expected_version(request.form.get(VERSION_FIELD))
        )
    except Conflict as conflict:
        return conflict_page(submission_id, conflict)
    db.session.commit()
    lang = current_language()
    if move.dropped:
        labels = "; ".join(old_definition.describe_path(path, lang) for path in move.dropped)
        flash(
            str(
                ngettext(
                    "The draft now uses the new version. %(num)d answer was dropped, as the "
                    "new version no longer asks or accepts it: %(labels)s.",
                    "The draft now uses the new version. %(num)d answers were dropped, as the "
                    "new version no longer asks or accepts them: %(labels)s.",
                    len(move.dropped),
                    labels=labels,
                )
            ),
            "success",
        )
    else:
        flash(str(_("The draft now uses the new version; every answer was kept.")), "success")
    return redirect(url_for("submissions.show", submission_id=submission.id))
