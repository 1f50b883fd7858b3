"""Building workbooks in the background, mirrored by ExportJob rows."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from flask import current_app
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import update

from app.core.i18n import _
from app.core.time import utcnow
from app.exports.integrated import write_integrated_workbook
from app.extensions import db, redis_connection
from app.jobs.context import with_app_context
from app.jobs.models import FAILED, FINISHED, QUEUED, RUNNING, ExportJob
from app.jobs.queue import EXPORTS, enqueue
from app.submissions.reporting import workbook_source

log = logging.getLogger(__name__)


def export_dir() -> Path:
    folder = Path(current_app.config["EXPORT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def request_export(actor, consultation, lang: str) -> ExportJob:
    """Record an export request and put it on the exports queue.

    Commits itself: the worker must find the row when it picks the job up.
    """
    job = ExportJob(requested_by=actor, consultation=consultation, lang=lang, status=QUEUED)
    db.session.add(job)
    db.session.commit()  # the worker must see the row before it picks up the job
    job_id = job.id
    try:
        rq_id = enqueue(EXPORTS, "app.jobs.exports.build_export", job_id)
    except Exception as error:
        # Inline, build_export has already recorded the failure on the row; a queue that
        # cannot be reached has not, so say so there.
        db.session.rollback()
        log.exception("export %s could not run", job_id)
        job = db.session.get(ExportJob, job_id)
        if not job.done:
            job.status, job.finished_at = FAILED, utcnow()
            job.message = str(_("The job queue could not be reached: %(error)s", error=error))
            db.session.commit()
        return job
    job = db.session.get(ExportJob, job_id)
    if rq_id:
        job.rq_job_id = rq_id
        db.session.commit()
    return job


GONE = (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)


def notice_lost_exports(jobs: list[ExportJob]) -> None:
    """Mark as failed the unfinished exports whose worker died or that overran their time.

    A worker killed mid-job (out of memory, a restart) never runs our failure handling;
    RQ notices and fails the job, or it expires, so its status tells us. The caller commits.
    """
    connection = redis_connection()
    allowed = timedelta(seconds=current_app.config["JOB_TIMEOUT"] + 60)
    for job in jobs:
        if job.done:
            continue
        reason = None
        if job.rq_job_id and connection is not None:
            try:
                status = Job.fetch(job.rq_job_id, connection=connection).get_status()
            except NoSuchJobError:
                status = None
            except RedisError:
                continue  # cannot tell now; ask again on the next page load
            if status is None or status in GONE:
                reason = _("The workbook was not built: the worker stopped before it was finished.")
        if reason is None and job.status == RUNNING and utcnow() - job.started_at > allowed:
            reason = _("The workbook was not built: it took longer than the time allowed.")
        if reason:
            # Only if still unfinished: the worker may have just finished after all.
            db.session.execute(
                update(ExportJob)
                .where(ExportJob.id == job.id, ExportJob.status.in_((QUEUED, RUNNING)))
                .values(
                    status=FAILED,
                    finished_at=utcnow(),
                    message=f"{reason} {_('Prepare it again.')}",
                )
            )
            db.session.refresh(job)


@with_app_context
def build_export(export_job_id: int) -> None:
    """Build the integrated workbook for an ExportJob and record the outcome."""
    job = db.session.get(ExportJob, export_job_id)
    if job is None or job.done:
        return
    job.status, job.started_at, job.progress = RUNNING, utcnow(), 0
    db.session.commit()
    file_name = f"shura-{job.consultation.slug}-{job.lang}-{job.id}.xlsx"
    target = export_dir() / file_name
    partial = target.with_suffix(".partial")

    def progress(done: int, total: int) -> None:
        # Its own short transaction: the rows are still being read through the session's
        # cursor, which a commit there would close (PostgreSQL server-side cursors).
        with db.engine.begin() as connection:
            connection.execute(
                update(ExportJob)
                .where(ExportJob.id == export_job_id)
                .values(progress=min(99, int(done * 100 / total)))
            )

    try:
        source = workbook_source(job.consultation, job.lang)
        rows = write_integrated_workbook(partial, source, progress)
        partial.replace(target)  # readers never see a half-written file
    except Exception as error:
        db.session.rollback()
        log.exception("export %s failed", export_job_id)
        partial.unlink(missing_ok=True)
        job = db.session.get(ExportJob, export_job_id)
        job.status, job.finished_at = FAILED, utcnow()
        reason = f"{type(error).__name__}: {error}"
        job.message = str(_("The workbook could not be built: %(error)s", error=reason))
        db.session.commit()
        raise
    job.status, job.finished_at, job.progress = FINISHED, utcnow(), 100
    job.file_name, job.file_size, job.row_count = file_name, target.stat().st_size, rows
    db.session.commit()
