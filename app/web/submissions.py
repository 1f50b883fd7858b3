"""The submission page, shared by every role: answers, actions, comments and history."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from app.core.errors import Conflict, ValidationFailed
from app.exports.integrated import write_integrated_workbook
from app.extensions import csrf, db
from app.questionnaires.validation import validate_answers
from app.questionnaires.wtforms_builder import (
    VERSION_FIELD,
    answers_from_form,
    build_form_class,
    form_data,
)
from app.submissions.reporting import workbook_source
from app.submissions.scoping import get_submission
from app.submissions.services import (
    ACTION_CONFLICT_MESSAGE,
    CONFLICT_MESSAGE,
    apply_action,
    latest_comment,
    may_edit,
    save_answers,
)
from app.web.language import current_language
from app.web.layout import questionnaire_layout
from app.web.wtforms import ActionForm
from app.workflows.engine import available_actions

bp = Blueprint("submissions", __name__, url_prefix="/submissions")

SAVE = "save"
PARTLY_SAVED = (
    "Your other answers were saved, but not the ones marked below (and nothing was "
    "submitted): correct them and press the button again."
)


def _answers_form(submission, formdata=None):
    form_class = build_form_class(submission.definition, current_language(), FlaskForm)
    if formdata is not None:
        return form_class(formdata=formdata)
    form = form_class(
        formdata=None, data=form_data(submission.definition, submission.answers or {})
    )
    form[VERSION_FIELD].data = str(submission.version)
    return form


def _render(submission, *, form=None, action_form=None, status=200, message=None):
    """The page for any role; ``form`` and ``action_form`` carry posted input back.

    Posted forms keep the version they were loaded with, so a later save still detects
    another person's change; only after a conflict (409) do they take the current version,
    once the saved state has been shown.
    """
    editable = may_edit(current_user, submission)
    if form is None and editable:
        form = _answers_form(submission)
    elif form is not None and status == 409:
        form[VERSION_FIELD].data = str(submission.version)
    if action_form is None or status == 409:
        action_form = action_form or ActionForm(formdata=None)
        action_form.loaded_version.data = str(submission.version)
    lang = current_language()
    fields = submission.definition.fields_by_code
    error_links = [
        (code, fields[code].label(lang))
        for code, field in (form._fields.items() if form is not None else [])
        if field.errors and code in fields
    ]
    actions = available_actions(submission.workflow, submission.state, current_user.role)
    comment_for = [action.label.get(lang) for _, action in actions if "comment" in action.requires]
    return (
        render_template(
            "submissions/page.html",
            submission=submission,
            definition=submission.definition,
            workflow=submission.workflow,
            editable=editable,
            form=form,
            layout=questionnaire_layout(submission.definition, form) if form else None,
            show_current=status == 409 and form is not None,
            action_form=action_form,
            actions=actions,
            comment_for=comment_for,
            comment=latest_comment(submission),
            message=message,
            error_links=error_links,
        ),
        status,
    )


def _expected_version(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _conflict(submission_id: int, conflict: Conflict, **forms):
    db.session.rollback()
    submission = get_submission(current_user, submission_id)
    return _render(submission, status=409, message=str(conflict), **forms)


@bp.route("/<int:submission_id>")
@login_required
def show(submission_id: int):
    """A submission: its form when the user may edit it, its answers otherwise."""
    return _render(get_submission(current_user, submission_id))


@bp.route("/<int:submission_id>/answers", methods=["POST"])
@csrf.exempt  # checked by the form itself, so an expired token gives the input back
def save(submission_id: int):
    """Save the answers; with an action button, save and then take that action."""
    if not current_user.is_authenticated:
        return _session_ended("submissions.save", submission_id)
    submission = get_submission(current_user, submission_id)
    definition = submission.definition
    intent = request.form.get("intent", SAVE)
    action = None if intent == SAVE else intent
    form = _answers_form(submission, request.form)
    form.validate()
    if "csrf_token" in form.errors:
        return _render(
            submission,
            form=form,
            status=400,
            message="Your answers were not saved yet: the page had been open too long. "
            "They are all still below; press the button again.",
        )
    answers, errors = answers_from_form(definition, form)
    for code, messages in validate_answers(definition, answers, complete=False).items():
        errors.setdefault(code, []).extend(messages)
    if errors:
        # Save what is right; an answer still to correct keeps its saved value meanwhile
        # (when that value is itself still valid).
        saved = submission.answers or {}
        kept = {code: saved[code] for code in errors if code in saved}
        stale = validate_answers(definition, kept, complete=False)
        answers = {code: value for code, value in answers.items() if code not in errors}
        answers.update({code: value for code, value in kept.items() if code not in stale})
    expected = _expected_version(form[VERSION_FIELD].data)
    try:
        if expected is None:
            raise Conflict(CONFLICT_MESSAGE)  # a page that does not say what it was based on
        save_answers(current_user, submission, answers, expected)
    except Conflict as conflict:
        return _conflict(submission_id, conflict, form=form)
    failure = PARTLY_SAVED if errors else None
    if action and not errors:
        try:
            apply_action(current_user, submission, action)
        except Conflict as conflict:
            return _conflict(submission_id, conflict, form=form)
        except ValidationFailed as failed:
            errors = failed.errors
            failure = f"Your answers were saved, but not submitted: {failed}"
    db.session.commit()
    if failure:
        _attach(form, errors)
        form[VERSION_FIELD].data = str(submission.version)  # this save is the new base
        return _render(submission, form=form, status=422, message=failure)
    _flash_done(submission, action)
    return redirect(url_for("submissions.show", submission_id=submission.id))


@bp.route("/<int:submission_id>/actions", methods=["POST"])
@csrf.exempt  # checked by ActionForm itself, so a comment survives an expired token
def act(submission_id: int):
    """Take a workflow action (start review, return, approve, reopen...)."""
    if not current_user.is_authenticated:
        return _session_ended("submissions.act", submission_id)
    submission = get_submission(current_user, submission_id)
    form = ActionForm()
    action = request.form.get("action", "")
    if not form.validate():
        return _render(
            submission,
            action_form=form,
            status=400,
            message="The form could not be accepted; check it and try again.",
        )
    expected = _expected_version(form.loaded_version.data)
    try:
        if expected is None:
            raise Conflict(ACTION_CONFLICT_MESSAGE)  # a page that does not say its version
        apply_action(
            current_user,
            submission,
            action,
            comment=form.comment.data or "",
            expected_version=expected,
        )
    except ValidationFailed as failed:
        db.session.rollback()
        if "comment" in failed.errors:
            form.comment.errors = list(failed.errors["comment"])
        submission = get_submission(current_user, submission_id)
        return _render(submission, action_form=form, status=422, message=str(failed))
    except Conflict as conflict:
        return _conflict(submission_id, conflict, action_form=form)
    db.session.commit()
    _flash_done(submission, action)
    return redirect(url_for("submissions.show", submission_id=submission.id))


def _flash_done(submission, action: str | None) -> None:
    lang = current_language()
    if action:
        label = submission.workflow.actions[action].label.get(lang)
        state = submission.workflow.state_label(submission.state, lang)
        flash(f"{label}: done. The submission is now “{state}”.", "success")
    else:
        flash("Your answers were saved.", "success")


def _session_ended(endpoint: str, submission_id: int):
    """Signed out while filling: give what was typed back, ready to send again.

    The form's token stays valid after signing in again (see auth.login), so one press does.
    """
    fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    target = url_for(endpoint, submission_id=submission_id)
    return render_template("submissions/session_ended.html", target=target, fields=fields), 401


@bp.route("/<int:submission_id>/workbook.xlsx")
@login_required
def workbook(submission_id: int):
    """This submission's answers as a workbook."""
    submission = get_submission(current_user, submission_id)
    lang = current_language()
    source = workbook_source(
        submission.meeting.consultation, lang, submission_ids=[submission.id], actor=current_user
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "submission.xlsx"
        write_integrated_workbook(path, source)
        data = path.read_bytes()
    name = f"{submission.questionnaire_code}-{submission.commission.iso2}-{submission.id}.xlsx"
    return send_file(
        io.BytesIO(data),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name,
    )


def _attach(form, errors: dict[str, list[str]]) -> None:
    for code, messages in errors.items():
        if code in form:
            form[code].errors = list(dict.fromkeys([*form[code].errors, *messages]))
