"""Exports: asking for the integrated report, following its progress, downloading it.

The secretariat sees every export; a reviewer, where a consultation allows it, prepares
workbooks of the commissions assigned to them and sees only their own exports.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.consultations.models import Consultation
from app.core.errors import Forbidden
from app.core.i18n import _
from app.exports.options import ExportOptions, OptionError
from app.exports.validation import consultation_states
from app.extensions import db
from app.jobs.exports import (
    READY,
    WITHDRAWN,
    cancel_export,
    expire_exports,
    export_file,
    file_state,
    job_message,
    job_options,
    media_type,
    notice_lost_exports,
    request_export,
    retry_export,
    visible_exports,
)
from app.jobs.models import CANCELED, FAILED, FINISHED, ExportJob
from app.submissions.scoping import commissions_for
from app.users.models import Commission
from app.users.regions import REGION_LABELS
from app.users.roles import REVIEWER, SECRETARIAT
from app.web.access import restrict_to
from app.web.language import current_language
from app.web.wtforms import EmptyForm, ExportForm

bp = Blueprint("exports", __name__, url_prefix="/exports")
restrict_to(bp, SECRETARIAT, REVIEWER)

#: the option an OptionError names -> the form field that shows it
FORM_FIELDS = {"consultation_id": "consultation", "commission_ids": "commissions"}


def _consultations():
    statement = select(Consultation).order_by(Consultation.created_at.desc())
    if current_user.role != SECRETARIAT:
        statement = statement.where(Consultation.reviewers_may_export.is_(True))
    return db.session.scalars(statement).all()


def _export_form(consultations) -> ExportForm:
    lang = current_language()
    form = ExportForm(lang=lang)
    form.consultation.choices = [SelectChoice(c.id, c.title(lang)) for c in consultations]
    # Only states the offered consultations' workflows have: another would be refused.
    states: dict[str, str] = {}
    for consultation in consultations:
        for state, label in consultation_states(consultation, lang).items():
            states.setdefault(state, label)
    form.states.choices = [SelectChoice(code, label) for code, label in states.items()]
    form.regions.choices = [
        SelectChoice(code, labels.get(lang, code)) for code, labels in REGION_LABELS.items()
    ]
    commissions = db.session.scalars(commissions_for(current_user)).all()
    form.commissions.choices = sorted(
        (SelectChoice(c.id, f"{c.name(lang)} ({c.iso2})") for c in commissions),
        key=lambda choice: choice.label,
    )
    return form


def _options(form: ExportForm) -> ExportOptions:
    return ExportOptions(
        consultation_id=form.consultation.data,
        lang=form.lang.data,
        mode=form.mode.data,
        states=tuple(form.states.data or ()),
        regions=tuple(form.regions.data or ()),
        commission_ids=tuple(form.commissions.data or ()),
        meetings_from=form.meetings_from.data,
        meetings_to=form.meetings_to.data,
        headers=form.headers.data,
    )


def _said(job: ExportJob) -> None:
    if job.reused and job.finished:
        flash(
            str(_("Nothing changed since this workbook was prepared: here it is again.")), "success"
        )
    elif job.reused:
        flash(str(_("The same workbook is already being prepared.")), "success")
    elif job.status == FAILED:
        flash(job_message(job) or str(_("The workbook could not be built.")), "error")
    elif job.status == FINISHED:
        flash(str(_("The workbook is ready: download it below.")), "success")
    else:
        flash(str(_("The workbook is being prepared; it appears below when ready.")), "success")


@bp.route("", methods=["GET", "POST"])
def index():
    """Ask for an export and follow the recent ones."""
    consultations = _consultations()
    form = _export_form(consultations)
    if request.method == "POST" and not consultations:
        abort(403)
    if form.validate_on_submit():
        try:
            job = request_export(current_user, _options(form))
        except OptionError as error:
            getattr(form, FORM_FIELDS.get(error.field, error.field)).errors = [str(error)]
        except Forbidden:
            abort(403)
        else:
            _said(job)
            return redirect(url_for("exports.index"))
    return render_template(
        "exports/index.html",
        form=form,
        consultations=consultations,
        all_consultations=db.session.scalars(select(Consultation)).all()
        if current_user.role == SECRETARIAT
        else [],
        **_recent_jobs(),
    )


@bp.route("/jobs")
def jobs():
    """The list of recent workbooks alone, which the page fetches to follow them."""
    response = make_response(render_template("exports/_jobs.html", **_recent_jobs()))
    response.headers["Cache-Control"] = "no-store"
    return response


def _recent_jobs() -> dict:
    """The reader's recent exports and what their list shows of them; the lost ones are
    marked failed and the expired files cleared on the way (and committed)."""
    jobs = db.session.scalars(
        visible_exports(current_user).order_by(ExportJob.id.desc()).limit(20)
    ).all()
    notice_lost_exports(jobs)
    expire_exports()
    db.session.commit()
    return {
        "jobs": jobs,
        "files": {job.id: file_state(job) for job in jobs},
        "summaries": {job.id: _summary(job) for job in jobs},
        "messages": {job.id: job_message(job) for job in jobs},
        "ready": READY,
        "withdrawn": WITHDRAWN,
        "pending": any(not job.done for job in jobs),
        "button_form": EmptyForm(),
        "canceled": CANCELED,
    }


#: mode -> what the request form calls it
MODE_LABELS = {choice.value: choice.label for choice in ExportForm.mode.kwargs["choices"]}


def _summary(job: ExportJob) -> str:
    """What was asked: the mode, and the filters (as codes) if any."""
    options = job_options(job)
    filters = [", ".join(options.states), ", ".join(options.regions)]
    if options.commission_ids:
        isos = db.session.scalars(
            commissions_for(current_user)
            .with_only_columns(Commission.iso2)
            .where(Commission.id.in_(options.commission_ids))
        )
        filters.append(", ".join(sorted(isos)))
    if options.meetings_from or options.meetings_to:
        filters.append(f"{options.meetings_from or '…'} – {options.meetings_to or '…'}")
    said = str(MODE_LABELS.get(options.mode, options.mode))
    filters = [text for text in filters if text]
    if filters:
        said += " · " + str(_("Filtered: %(filters)s", filters="; ".join(filters)))
    return said


def _job(job_id: int) -> ExportJob:
    job = db.session.scalar(visible_exports(current_user).where(ExportJob.id == job_id))
    if job is None:
        abort(404)
    return job


@bp.route("/<int:job_id>/cancel", methods=["POST"])
def cancel(job_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    job = _job(job_id)
    if cancel_export(job):
        flash(str(_("The workbook will not be prepared: it was cancelled.")), "success")
    else:
        flash(str(_("This workbook was already over: there was nothing to cancel.")), "info")
    return redirect(url_for("exports.index"))


@bp.route("/<int:job_id>/retry", methods=["POST"])
def retry(job_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    job = _job(job_id)
    try:
        _said(retry_export(current_user, job))
    except Forbidden:
        abort(403)
    except OptionError as error:  # what it named has gone, or is no longer the reader's
        flash(str(error), "error")
    return redirect(url_for("exports.index"))


@bp.route("/<int:job_id>/download")
def download(job_id: int):
    """Download a finished export while it has not expired."""
    job = _job(job_id)
    path = export_file(job)
    if path is None:
        abort(404)
    return send_file(
        path,
        mimetype=media_type(path),
        as_attachment=True,
        download_name=job.file_name,
    )


@bp.route("/reviewers", methods=["POST"])
def reviewers():
    """The secretariat lets reviewers of a consultation prepare workbooks, or stops them."""
    if current_user.role != SECRETARIAT:
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    consultation = db.get_or_404(Consultation, request.form.get("consultation", type=int))
    consultation.reviewers_may_export = request.form.get("allow") == "1"
    db.session.commit()
    if consultation.reviewers_may_export:
        message = _("Reviewers may now prepare workbooks of the commissions assigned to them.")
    else:
        message = _("Reviewers may no longer prepare workbooks.")
    flash(str(message), "success")
    return redirect(url_for("exports.index"))
