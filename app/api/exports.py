"""Exports through the API: ask for the integrated report, follow it, download it.

The same options as the exports page and ``shura export-workbook``, through the same
services (``app.jobs.exports``): an unchanged request gets the existing file back, the job
runs on the exports queue, and only the secretariat (and reviewers, where a consultation
allows it, for their commissions) may ask.
"""

from __future__ import annotations

from flask import send_file, url_for
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from werkzeug.exceptions import Conflict, Forbidden, Gone, NotFound

from app.api.blueprints import api_blueprint, refusals
from app.api.schemas import UtcDateTime
from app.consultations.services import get_consultation
from app.core.errors import ValidationFailed
from app.core.i18n import _
from app.core.languages import LANGUAGES
from app.exports.options import HEADER_STYLES, LABELS_AND_CODES, MODES, WORKBOOK, ExportOptions
from app.exports.validation import commission_ids
from app.extensions import db
from app.jobs.exports import (
    EXPIRED,
    MEDIA_TYPES,
    READY,
    WITHDRAWN,
    cancel_export,
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
from app.jobs.models import ExportJob
from app.users.models import Commission
from app.users.roles import REVIEWER, SECRETARIAT

blp = api_blueprint(
    "api_exports",
    "exports",
    "The integrated report as a workbook, a zip of workbooks or a zip of CSV files.",
    SECRETARIAT,
    REVIEWER,
)


class ExportRequestSchema(Schema):
    consultation = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "The consultation's slug."},
    )
    lang = fields.String(load_default="en", validate=validate.OneOf(LANGUAGES))
    mode = fields.String(
        load_default=WORKBOOK,
        validate=validate.OneOf(MODES),
        metadata={
            "description": "workbook; commissions (a zip, one workbook each); sectors (a zip, "
            "one workbook per sector); csv (a zip of CSV files)"
        },
    )
    states = fields.List(
        fields.String(),
        load_default=list,
        metadata={"description": "State codes to include; none: the approved (reported) ones."},
    )
    commissions = fields.List(
        fields.String(),
        load_default=list,
        metadata={"description": "ISO codes of the commissions to include; none: all."},
    )
    regions = fields.List(fields.String(), load_default=list)
    meetings_from = fields.Date(load_default=None, allow_none=True)
    meetings_to = fields.Date(load_default=None, allow_none=True)
    headers = fields.String(
        load_default=LABELS_AND_CODES,
        validate=validate.OneOf(HEADER_STYLES),
        metadata={"description": "labels (with the code beneath) or codes only"},
    )


class ExportLinksSchema(Schema):
    self = fields.String()
    file = fields.String(allow_none=True)
    cancel = fields.String(allow_none=True)
    retry = fields.String(allow_none=True)


class ExportSchema(Schema):
    id = fields.Integer()
    status = fields.String(metadata={"description": "queued, running, finished, failed, canceled"})
    reused = fields.Boolean(
        metadata={"description": "An earlier export of the same, unchanged data."}
    )
    consultation = fields.String(
        attribute="consultation.slug", metadata={"description": "The consultation's slug."}
    )
    options = fields.Method(
        "_options",
        metadata={
            "type": "object",
            "description": "What was asked, in the request's terms (commissions by ISO code).",
        },
    )
    file_state = fields.Function(
        file_state,
        allow_none=True,
        metadata={
            "type": "string",
            "enum": [READY, EXPIRED, WITHDRAWN, None],
            "description": "Of a finished export: ready; expired (ask again); withdrawn (the "
            "secretariat stopped reviewers' workbooks of this consultation).",
        },
    )
    progress = fields.Integer(metadata={"description": "Percent."})
    rows_done = fields.Integer()
    rows_total = fields.Integer()
    message = fields.Function(
        job_message,
        allow_none=True,
        metadata={"type": "string", "description": "Why it failed, in the reader's language."},
    )
    file_name = fields.String(allow_none=True)
    file_size = fields.Integer(allow_none=True)
    created_at = UtcDateTime()
    started_at = UtcDateTime(allow_none=True)
    finished_at = UtcDateTime(allow_none=True)
    expires_at = UtcDateTime(allow_none=True)
    links = fields.Method("_links")

    def _options(self, job: ExportJob) -> dict:
        options = job_options(job).to_json()
        ids = options.pop("commission_ids")
        options["consultation"] = job.consultation.slug
        del options["consultation_id"], options["submission_ids"]
        options["commissions"] = sorted(
            db.session.scalars(select(Commission.iso2).where(Commission.id.in_(ids)))
        )
        return options

    def _links(self, job: ExportJob) -> dict:
        def link(endpoint):
            return url_for(f"api_exports.{endpoint}", job_id=job.id)

        return {
            "self": link("export"),
            "file": link("download") if file_state(job) == READY else None,
            "cancel": None if job.done else link("cancel"),
            "retry": link("retry") if job.done else None,
        }


class ExportListQuerySchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))


def _options(data: dict) -> ExportOptions:
    """The request's options in the services' terms (states, regions and commissions are
    checked against the data by request_export, as for the page and the command line)."""
    consultation = get_consultation(data["consultation"], missing_ok=True)
    if consultation is None:
        raise ValidationFailed(
            str(_("The request has mistakes.")),
            {
                "consultation": [
                    str(_("No consultation is named %(slug)s.", slug=data["consultation"]))
                ]
            },
        )
    return ExportOptions(
        consultation_id=consultation.id,
        lang=data["lang"],
        mode=data["mode"],
        states=tuple(data["states"]),
        commission_ids=commission_ids(data["commissions"], current_user),
        regions=tuple(data["regions"]),
        meetings_from=data["meetings_from"],
        meetings_to=data["meetings_to"],
        headers=data["headers"],
    )


def _job(job_id: int) -> ExportJob:
    job = db.session.scalar(visible_exports(current_user).where(ExportJob.id == job_id))
    if job is None:
        raise NotFound(str(_("No such export.")))
    notice_lost_exports([job])
    db.session.commit()
    return job


def _answer(job: ExportJob):
    """200 for an export that is done, 202 (with where to follow it) while it runs."""
    status = 200 if job.done else 202
    return job, status, {"Location": url_for("api_exports.export", job_id=job.id)}


#: what asking and retrying answer when the export is done at once
done_already = blp.alt_response(
    200,
    schema=ExportSchema,
    description="Done already: an earlier export of the same data, or built at once (without "
    "Redis, jobs run inline).",
)


@blp.get("")
@refusals(blp)
@blp.arguments(ExportListQuerySchema, location="query")
@blp.response(200, ExportSchema(many=True))
def exports(query):
    """The latest exports: the caller's own (the secretariat: everyone's)."""
    jobs = db.session.scalars(
        visible_exports(current_user).order_by(ExportJob.id.desc()).limit(query["limit"])
    ).all()
    notice_lost_exports(jobs)
    db.session.commit()
    return jobs


@blp.post("")
@refusals(blp, 400, 413, 415)
@blp.arguments(ExportRequestSchema)
@blp.response(202, ExportSchema)
@done_already
def ask(data):
    """Ask for an export; the same request on unchanged data returns the existing one."""
    return _answer(request_export(current_user, _options(data)))


@blp.get("/<int:job_id>")
@refusals(blp, 404)
@blp.response(200, ExportSchema)
def export(job_id: int):
    """An export's state and progress (rows written of the total)."""
    return _job(job_id)


@blp.post("/<int:job_id>/cancel")
@refusals(blp, 404, 409)
@blp.response(200, ExportSchema)
def cancel(job_id: int):
    """Stop a queued export at once, a running one at its next progress report."""
    job = _job(job_id)
    if not cancel_export(job):
        raise Conflict(str(_("This export is over already: there is nothing to cancel.")))
    return job


@blp.post("/<int:job_id>/retry")
@refusals(blp, 404, 409)
@blp.response(202, ExportSchema)
@done_already
def retry(job_id: int):
    """Ask again for a failed, cancelled or expired export, with its options."""
    job = _job(job_id)
    if not job.done:
        raise Conflict(str(_("This export is still being prepared.")))
    return _answer(retry_export(current_user, job))


@blp.get("/<int:job_id>/file")
@refusals(blp, 404, 409, 410)
@blp.doc(
    responses={
        "200": {
            "description": "The workbook or zip.",
            "content": {
                kind: {"schema": {"type": "string", "contentMediaType": kind}}
                for kind in MEDIA_TYPES.values()
            },
        }
    }
)
def download(job_id: int):
    """Download a finished export until it expires."""
    job = _job(job_id)
    if not job.finished:
        raise Conflict(str(_("This export has no file yet: its status says why.")))
    if file_state(job) == WITHDRAWN:
        raise Forbidden(
            str(_("The secretariat has stopped reviewers' workbooks of this consultation."))
        )
    path = export_file(job)
    if path is None:
        raise Gone(str(_("This export's file has expired; ask for it again.")))
    return send_file(
        path,
        mimetype=media_type(path),
        as_attachment=True,
        download_name=job.file_name,
    )
