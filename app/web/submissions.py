"""The submission page for every role: answers, actions, comments, history; its files and
its printout. Saving answers is in answers.py."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core.errors import Conflict, NotFound, ValidationFailed
from app.core.i18n import _
from app.exports.options import ExportOptions
from app.exports.report import build_export
from app.extensions import csrf, db
from app.jobs.notifications import request_delivery
from app.submissions.comments import resolve_comment as resolve
from app.submissions.history import answer_versions, answers_at
from app.submissions.models import Attachment
from app.submissions.page_loads import page_loads
from app.submissions.scoping import get_submission
from app.submissions.services import (
    ACTION_CONFLICT_MESSAGE,
    ChangedMeanwhile,
    apply_action,
    explain_conflict,
)
from app.web.answer_changes import answer_changes
from app.web.language import current_language
from app.web.layout import questionnaire_layout
from app.web.session_end import answer_if_signed_out
from app.web.submission_page import render_submission
from app.web.wtforms import ActionForm, EmptyForm

#: the name of a comment box beside an answer, before the answer's path
QUESTION_COMMENT = "question_comment-"

bp = Blueprint("submissions", __name__, url_prefix="/submissions")


def expected_version(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def conflict_page(submission_id: int, conflict: Conflict, **forms):
    """The page again, as it is saved now, with the input kept and whose change won;
    ``forms`` are the posted forms (and the section they were posted from) to show again."""
    db.session.rollback()
    submission = get_submission(current_user, submission_id)
    message = explain_conflict(current_user, submission, conflict)
    return render_submission(submission, status=409, message=message, **forms)


@bp.route("/<int:submission_id>")
@login_required
def show(submission_id: int):
    """A submission: its form when the user may edit it, its answers otherwise."""
    return render_submission(get_submission(current_user, submission_id, *page_loads()))


@bp.route("/<int:submission_id>/actions", methods=["POST"])
@csrf.exempt  # checked by ActionForm itself, so a comment survives an expired token
def act(submission_id: int):
    """Take a workflow action (start review, return, approve, reopen...)."""
    if (answer := answer_if_signed_out()) is not None:
        return answer
    submission = get_submission(current_user, submission_id)
    form = ActionForm()
    action = request.form.get("action", "")
    if not form.validate():
        return render_submission(
            submission,
            action_form=form,
            status=400,
            message=_("The form could not be accepted; check it and try again."),
        )
    expected = expected_version(form.loaded_version.data)
    question_comments = posted_question_comments()
    try:
        if expected is None:  # a page that does not say its version
            raise ChangedMeanwhile(ACTION_CONFLICT_MESSAGE, None, action=True)
        apply_action(
            current_user,
            submission,
            action,
            comment=form.comment.data or "",
            question_comments=question_comments,
            expected_version=expected,
        )
    except ValidationFailed as failed:
        db.session.rollback()
        if "comment" in failed.errors:
            form.comment.errors = [str(m) for m in failed.errors["comment"]]
        submission = get_submission(current_user, submission_id)
        return render_submission(
            submission,
            action_form=form,
            status=422,
            message=failed,
            question_comments=question_comments,
        )
    except Conflict as conflict:
        return conflict_page(
            submission_id, conflict, action_form=form, question_comments=question_comments
        )
    db.session.commit()
    request_delivery()
    flash_done(submission, action)
    return redirect(url_for("submissions.show", submission_id=submission.id))


def posted_question_comments() -> dict[str, str]:
    """The comments typed beside single answers: answer path -> text."""
    return {
        name.removeprefix(QUESTION_COMMENT): text
        for name, text in request.form.items()
        if name.startswith(QUESTION_COMMENT) and text.strip()
    }


@bp.route("/<int:submission_id>/comments/<int:comment_id>/resolve", methods=["POST"])
@login_required
def resolve_comment(submission_id: int, comment_id: int):
    """Mark a comment on a question resolved; it stays in the history."""
    submission = get_submission(current_user, submission_id)
    if not EmptyForm().validate():
        flash(str(_("The form's security token had expired; press the button again.")), "error")
        return redirect(url_for("submissions.show", submission_id=submission.id))
    try:
        resolve(current_user, submission, comment_id)
    except Conflict as conflict:
        return conflict_page(submission_id, conflict)
    db.session.commit()
    flash(str(_("The comment is resolved; it stays in the history.")), "success")
    return redirect(url_for("submissions.show", submission_id=submission.id))


def flash_done(submission, action: str | None) -> None:
    lang = current_language()
    if action:
        label = submission.workflow.actions[action].label.get(lang)
        state = submission.workflow.state_label(submission.state, lang)
        flash(
            str(
                _("%(action)s: done. The submission is now “%(state)s”.", action=label, state=state)
            ),
            "success",
        )
    else:
        flash_once(str(_("Your answers were saved.")), "success")


def flash_once(message: str, category: str) -> None:
    """Flash, unless the same message waits already: a form saved again before any page
    showed the first message (a redirect not followed, a script posting the form) would
    otherwise pile the same line up in the session cookie, read and written on every
    request."""
    # Flask keeps the messages waiting to be shown in the session under "_flashes".
    if (category, message) not in session.get("_flashes", ()):
        flash(message, category)


@bp.route("/<int:submission_id>/attachments/<int:attachment_id>")
@login_required
def attachment(submission_id: int, attachment_id: int):
    """A file attached to the answers, for whoever may see the submission."""
    submission = get_submission(current_user, submission_id)
    found = db.session.scalar(
        select(Attachment).where(
            Attachment.id == attachment_id, Attachment.submission_id == submission.id
        )
    )
    if found is None:
        abort(404)
    response = send_file(
        io.BytesIO(found.content),
        mimetype=found.media_type,
        as_attachment=True,
        download_name=found.file_name,
    )
    # Never rendered as a page of this site, whatever it holds.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:submission_id>/history")
@login_required
def history(submission_id: int):
    """Every event and every version of the answers, and any two versions compared."""
    submission = get_submission(current_user, submission_id)
    versions = answer_versions(submission)
    numbers = [version.number for version in versions]
    older = request.args.get("from", type=int)
    newer = request.args.get("to", type=int)
    if newer not in numbers:
        newer = numbers[-1] if numbers else None
    if older not in numbers:
        older = numbers[-2] if len(numbers) > 1 else newer
    changes = None
    if older is not None and newer is not None and older != newer:
        older, newer = sorted((older, newer))
        before, after = answers_at(submission, older), answers_at(submission, newer)
        changes = answer_changes(
            before.questionnaire_version.definition,
            before.answers or {},
            after.questionnaire_version.definition,
            after.answers or {},
            current_language(),
        )
    return render_template(
        "submissions/history.html",
        submission=submission,
        definition=submission.definition,
        workflow=submission.workflow,
        versions=versions,
        older=older,
        newer=newer,
        changes=changes,
    )


@bp.route("/<int:submission_id>/print")
@login_required
def print_view(submission_id: int):
    """The questionnaire with its answers, laid out for paper."""
    submission = get_submission(current_user, submission_id)
    layout = questionnaire_layout(
        submission.definition, submission.answers or {}, lang=current_language()
    )
    return render_template(
        "submissions/print.html",
        definition=submission.definition,
        submission=submission,
        layout=layout,
        blank=False,
    )


@bp.route("/questionnaire/<code>/print")
@login_required
def blank_print(code: str):
    """A questionnaire with nothing filled in, laid out for paper."""
    from app.questionnaires.models import QuestionnaireVersion

    try:
        definition = QuestionnaireVersion.latest(code).definition
    except NotFound:  # its message is for the operator's command line, not for this page
        raise NotFound(_("No such questionnaire.")) from None
    layout = questionnaire_layout(definition, {}, lang=current_language())
    return render_template(
        "submissions/print.html", definition=definition, submission=None, layout=layout, blank=True
    )


@bp.route("/<int:submission_id>/workbook.xlsx")
@login_required
def workbook(submission_id: int):
    """This submission's answers as a workbook."""
    submission = get_submission(current_user, submission_id)
    options = ExportOptions(
        consultation_id=submission.consultation_id,
        lang=current_language(),
        submission_ids=(submission.id,),
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "submission.xlsx"
        build_export(options, current_user, path)
        data = path.read_bytes()
    name = f"{submission.questionnaire_code}-{submission.commission.iso2}-{submission.id}.xlsx"
    return send_file(
        io.BytesIO(data),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name,
    )
