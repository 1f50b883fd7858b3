"""Exports as jobs on their own queue, mirrored by ExportJob rows any web process can read.

A request that matches a finished export of the same data (same fingerprint: options,
scope, answers, states, definitions) gets that export back instead of a new job. A running
export writes a heartbeat every few seconds from a thread of its own, so an export whose
work horse was killed is noticed (``notice_lost_exports``) within two minutes, whatever
RQ's own cleanup does; a queued export whose job a restarted Redis forgot is queued
again. Cancelling sets a flag the running export reads at its next progress report;
finished files are deleted when they expire, and the partial files of exports that will
not finish (a killed work horse's) on the same run.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale, gettext
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import select, text, update

from app.core.errors import Forbidden
from app.core.i18n import _
from app.core.time import utcnow
from app.exports.options import ExportOptions
from app.exports.report import build_export as write_export
from app.exports.report import planned_rows
from app.exports.rows import ExportSource
from app.exports.validation import check_options
from app.extensions import db, redis_connection
from app.jobs.context import with_app_context
from app.jobs.models import CANCELED, FAILED, FINISHED, QUEUED, RUNNING, ExportJob
from app.jobs.queue import EXPORTS, enqueue
from app.users.roles import REVIEWER, SECRETARIAT

log = logging.getLogger(__name__)

#: seconds between heartbeats of a running export (the silence that means its worker
#: died is EXPORT_HEARTBEAT_LOST, 90 seconds unless configured)
HEARTBEAT_EVERY = 10
#: a finished file is handed out again only if it lasts at least this long after
#: (a client given a file link must have time to use it)
REUSE_MARGIN = timedelta(minutes=10)
#: the time limit an export gets per submission, beyond a base (see time_limit)
SECONDS_PER_ROW = 0.05


class ExportCanceled(Exception):
    """Raised inside a running export whose cancellation was asked for."""


MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def media_type(path: Path) -> str:
    return MEDIA_TYPES.get(path.suffix.lstrip("."), "application/octet-stream")


def stored(message) -> str:
    """A message for a job's row, kept in English whoever's request wrote it: each reader
    reads it back in their language through ``job_message``."""
    with force_locale("en"):
        return str(message)


def job_message(job: ExportJob) -> str | None:
    """The job's message in the reader's language: a fixed message is translated; one
    that quotes an error keeps the error's own words."""
    return gettext(job.message) if job.message else job.message


def export_dir() -> Path:
    folder = Path(current_app.config["EXPORT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def may_export(actor, consultation) -> bool:
    """The secretariat; reviewers too (for their commissions) if the consultation allows."""
    if actor.role == SECRETARIAT:
        return True
    return actor.role == REVIEWER and bool(consultation.reviewers_may_export)


def visible_exports(actor):
    """The export jobs an actor may follow and download: their own (the secretariat: all)."""
    statement = select(ExportJob)
    if actor.role != SECRETARIAT:
        statement = statement.where(ExportJob.requested_by_id == actor.id)
    return statement


def request_export(actor, options: ExportOptions) -> ExportJob:
    """The export ``options`` ask for: an earlier one of the same data, or a new job.
    OptionError when the options name a state, region or commission that does not exist.

    Commits itself: the worker must find the row when it picks the job up.
    """
    source = ExportSource(options, actor)
    if not may_export(actor, source.consultation):
        raise Forbidden(_("You may not prepare workbooks of this consultation."))
    check_options(options, actor)
    fingerprint = source.fingerprint()
    if db.engine.dialect.name == "postgresql":
        # Two identical requests at once (a double click, a client retrying after a
        # timeout) take turns here until the first has committed its job; the second then
        # finds it. Released at that commit (or the rollback).
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
            {"key": f"export:{actor.id}:{fingerprint}"},
        )
    earlier = db.session.scalar(
        visible_exports(actor)
        .where(
            ExportJob.fingerprint == fingerprint,
            ExportJob.status.in_((QUEUED, RUNNING, FINISHED)),
            ExportJob.cancel_requested.is_(False),
            ExportJob.requested_by_id == actor.id,
        )
        .order_by(ExportJob.id.desc())
        .limit(1)
    )
    if earlier is not None:
        notice_lost_exports([earlier])
        lasting = earlier.expires_at is None or earlier.expires_at - utcnow() > REUSE_MARGIN
        if not earlier.done or (earlier.finished and export_file(earlier) and lasting):
            earlier.reused = True
            return earlier
    job = ExportJob(
        requested_by=actor,
        consultation=source.consultation,
        lang=options.lang,
        options=options.to_json(),
        fingerprint=fingerprint,
        status=QUEUED,
        rows_total=planned_rows(source),
    )
    db.session.add(job)
    db.session.commit()  # the worker must see the row before it picks up the job
    job_id = job.id
    try:
        rq_id = enqueue(
            EXPORTS, "app.jobs.exports.build_export", job_id, timeout=time_limit(job.rows_total)
        )
    except Exception as error:
        # Inline, build_export has already recorded the failure on the row; a queue that
        # cannot be reached has not, so say so there.
        db.session.rollback()
        log.exception("export %s could not run", job_id)
        job = db.session.get(ExportJob, job_id)
        if not job.done:
            job.status, job.finished_at = FAILED, utcnow()
            job.message = stored(_("The job queue could not be reached: %(error)s", error=error))
            db.session.commit()
        return job
    job = db.session.get(ExportJob, job_id)
    if rq_id:
        job.rq_job_id = rq_id
        db.session.commit()
    return job


def time_limit(rows: int) -> int:
    """Seconds an export of ``rows`` submissions may take: the configured limit, or more
    for big exports (well above what the benchmark measures, so only a stuck one stops)."""
    return max(current_app.config["JOB_TIMEOUT"], int(300 + rows * SECONDS_PER_ROW))


def cancel_export(job: ExportJob) -> bool:
    """Stop a queued export at once; ask a running one to stop at its next report.
    False if it was over already (finished, failed or cancelled): nothing to stop."""
    if job.done:
        return False
    if job.status == QUEUED:
        connection = redis_connection()
        if job.rq_job_id and connection is not None:
            try:
                Job.fetch(job.rq_job_id, connection=connection).cancel()
            except (NoSuchJobError, RedisError):
                pass  # the row below is what the worker checks
        job.status, job.finished_at = CANCELED, utcnow()
    job.cancel_requested = True
    db.session.commit()
    return True


def retry_export(actor, job: ExportJob) -> ExportJob:
    return request_export(actor, job_options(job))


def job_options(job: ExportJob) -> ExportOptions:
    if job.options:
        return ExportOptions.from_json(job.options)
    return ExportOptions(consultation_id=job.consultation_id, lang=job.lang)


def _file_of(job: ExportJob) -> Path | None:
    if not job.file_name:
        return None
    path = export_dir() / Path(job.file_name).name
    return path if path.is_file() else None


#: what became of a finished export's file
READY, EXPIRED, WITHDRAWN = "ready", "expired", "withdrawn"


def file_state(job: ExportJob) -> str | None:
    """READY; EXPIRED (past its time, or gone); WITHDRAWN (its requester may no longer
    export this consultation: a reviewer the secretariat stopped); None while unfinished."""
    if not job.finished:
        return None
    if not may_export(job.requested_by, job.consultation):
        return WITHDRAWN
    if (job.expires_at and job.expires_at <= utcnow()) or _file_of(job) is None:
        return EXPIRED
    return READY


def export_file(job: ExportJob) -> Path | None:
    """The finished file while it is READY (see file_state)."""
    return _file_of(job) if file_state(job) == READY else None


GONE = (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)


def notice_lost_exports(jobs: list[ExportJob]) -> None:
    """Settle the unfinished exports whose worker died or whose queued job the queue lost.

    The export's row is the truth, not the queue's memory of it:
    - a running export is alive while its heartbeat is: a work horse killed mid-job (out of
      memory, a restart) never runs our failure handling, its heartbeat stops, and after
      EXPORT_HEARTBEAT_LOST seconds of silence it is failed (with a retry on the page). One
      the queue says it stopped (its time limit) is failed as soon as its heartbeat lags.
      A running export the queue has forgotten (Redis restarted, empty) but whose heartbeat
      goes on is left to finish: its work horse outlives the connection it was started by.
    - a queued export whose job the queue no longer has (Redis restarted, empty) is queued
      again; one the queue failed or cancelled before it ran is failed.
    The caller commits.
    """
    connection = redis_connection()
    now = utcnow()
    silence = timedelta(seconds=current_app.config["EXPORT_HEARTBEAT_LOST"])
    for job in jobs:
        if job.done:
            continue
        if job.status == RUNNING:
            beat = job.heartbeat_at or job.started_at or job.created_at
            if now - beat > silence:
                _fail_lost(job, now)
                continue
        if not job.rq_job_id or connection is None:
            continue
        try:
            status = Job.fetch(job.rq_job_id, connection=connection).get_status()
        except NoSuchJobError:
            status = None
        except RedisError:
            continue  # cannot tell now; ask again on the next page load
        if job.status == RUNNING:
            lagging = job.heartbeat_at is None or now - job.heartbeat_at > 2 * _beat_every()
            if status in GONE and lagging:
                _fail_lost(job, now)
        elif status is None:
            _queue_again(job)
        elif status in GONE:
            _fail_lost(job, now)


def _beat_every() -> timedelta:
    return timedelta(seconds=min(HEARTBEAT_EVERY, current_app.config["EXPORT_HEARTBEAT_LOST"] / 3))


def _fail_lost(job: ExportJob, now) -> None:
    reason = _("The workbook was not built: the worker stopped before it was finished.")
    # Only if still unfinished: the worker may have just finished after all.
    db.session.execute(
        update(ExportJob)
        .where(ExportJob.id == job.id, ExportJob.status.in_((QUEUED, RUNNING)))
        .values(status=FAILED, finished_at=now, message=stored(reason))
    )
    db.session.refresh(job)


def _queue_again(job: ExportJob) -> None:
    """Put a queued export whose job the queue lost back on the queue, once: of several
    processes noticing at once, the one that moves the row to a new job id enqueues it."""
    lost, new_id = job.rq_job_id, str(uuid.uuid4())
    moved = db.session.execute(
        update(ExportJob)
        .where(ExportJob.id == job.id, ExportJob.status == QUEUED, ExportJob.rq_job_id == lost)
        .values(rq_job_id=new_id)
    ).rowcount
    if moved:
        log.warning(
            "export %s: the queue lost its job %s; queued again as %s", job.id, lost, new_id
        )
        try:
            enqueue(
                EXPORTS,
                "app.jobs.exports.build_export",
                job.id,
                timeout=time_limit(job.rows_total),
                job_id=new_id,
            )
        except RedisError:
            log.exception("export %s: could not be queued again; tried on the next look", job.id)
    db.session.refresh(job)


def expire_exports() -> int:
    """Delete the files of finished exports past their expiry, and the half-written files
    of exports that will not finish (``sweep_partial_files``); return how many finished
    exports expired. The caller commits."""
    expired = db.session.scalars(
        select(ExportJob).where(
            ExportJob.status == FINISHED,
            ExportJob.file_name.is_not(None),
            ExportJob.expires_at <= utcnow(),
        )
    ).all()
    for job in expired:
        path = _file_of(job)
        if path is not None:
            path.unlink(missing_ok=True)
        job.file_name = None
    sweep_partial_files()
    return len(expired)


def sweep_partial_files() -> int:
    """Delete the ``.partial`` files no export is writing any more; return how many.

    A work horse killed mid-export (out of memory, a restart) leaves its partial file
    behind: its own clean-up never runs. A partial file goes when its export is over (or
    unknown) and the file has not changed for the heartbeat's silence (a worker marked
    lost may still be letting go of it), or when it has not changed for longer than its
    export's time limit, whatever the export's row says (the queue stops a job by then).
    """
    folder = export_dir()
    partials = {path: _job_id_of(path) for path in folder.glob("*.partial")}
    if not partials:
        return 0
    jobs = {
        job.id: job
        for job in db.session.scalars(
            select(ExportJob).where(ExportJob.id.in_(sorted({i for i in partials.values() if i})))
        )
    }
    silence = current_app.config["EXPORT_HEARTBEAT_LOST"]
    now = time.time()
    removed = 0
    for path, job_id in partials.items():
        try:
            unchanged_for = now - path.stat().st_mtime
        except FileNotFoundError:
            continue  # its export has just finished or cleared it
        job = jobs.get(job_id)
        limit = time_limit(job.rows_total if job else 0)
        # A job marked lost may still have a worker, whose heartbeat goes on: its file stays.
        beating = job is not None and job.heartbeat_at is not None
        beating = beating and (utcnow() - job.heartbeat_at).total_seconds() < silence
        running = job is not None and (not job.done or beating)
        if unchanged_for > limit or (not running and unchanged_for > silence):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _job_id_of(path: Path) -> int | None:
    """The export job a file belongs to: its name ends with the job's id (build_export)."""
    last = path.stem.rsplit("-", 1)[-1]
    return int(last) if last.isdigit() else None


class Heartbeat:
    """Writes the job's heartbeat from a thread while the export runs; reads the cancel
    flag on the way, so a cancellation is seen even while a long query runs."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.every = _beat_every().total_seconds()
        self.engine = db.engine
        self.stop = threading.Event()
        self.canceled = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"export-{job_id}", daemon=True)

    def __enter__(self):
        self.beat()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)

    def _run(self):
        while not self.stop.wait(self.every):
            try:
                self.beat()
            except Exception:  # a database hiccup: the next beat tries again
                log.exception("export %s: heartbeat failed", self.job_id)

    def beat(self, **values) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(ExportJob)
                .where(ExportJob.id == self.job_id)
                .values(heartbeat_at=utcnow(), **values)
            )
            asked = connection.scalar(
                select(ExportJob.cancel_requested).where(ExportJob.id == self.job_id)
            )
        if asked:
            self.canceled.set()


@with_app_context
def build_export(export_job_id: int) -> None:
    """Build the export an ExportJob asks for and record the outcome."""
    # Claimed in one statement: an export queued twice (the queue lost its job and it was
    # queued again while a worker had it after all) is built once.
    now = utcnow()
    claimed = db.session.execute(
        update(ExportJob)
        .where(ExportJob.id == export_job_id, ExportJob.status == QUEUED)
        .values(status=RUNNING, started_at=now, progress=0, heartbeat_at=now)
    ).rowcount
    db.session.commit()
    if not claimed:
        return
    job = db.session.get(ExportJob, export_job_id)
    options = job_options(job)
    # Ends with the job's id: sweep_partial_files reads it back from a partial file's name.
    file_name = (
        f"shura-{job.consultation.slug}-{job.lang}-{options.mode}-{job.id}.{options.extension}"
    )
    target = export_dir() / file_name
    partial = target.with_suffix(".partial")
    actor = job.requested_by
    if not may_export(actor, job.consultation):
        job.status, job.finished_at = FAILED, utcnow()
        job.message = stored(_("You may not prepare workbooks of this consultation."))
        db.session.commit()
        return

    try:
        with Heartbeat(export_job_id) as heartbeat:

            def progress(done: int, total: int) -> None:
                # Its own short transaction: the rows are still being read through the
                # session's cursor, which a commit there would close.
                try:
                    heartbeat.beat(
                        progress=min(99, int(done * 100 / max(total, 1))),
                        rows_done=done,
                        rows_total=total,
                    )
                except Exception:  # a database hiccup must not fail a long export
                    log.exception("export %s: progress not recorded", export_job_id)
                if heartbeat.canceled.is_set():
                    raise ExportCanceled

            result = write_export(options, actor, partial, progress)
            if heartbeat.canceled.is_set():
                raise ExportCanceled
        partial.replace(target)  # readers never see a half-written file
    except ExportCanceled:
        db.session.rollback()
        partial.unlink(missing_ok=True)
        job = db.session.get(ExportJob, export_job_id)
        job.status, job.finished_at = CANCELED, utcnow()
        db.session.commit()
        return
    except Exception as error:
        db.session.rollback()
        log.exception("export %s failed", export_job_id)
        partial.unlink(missing_ok=True)
        job = db.session.get(ExportJob, export_job_id)
        job.status, job.finished_at = FAILED, utcnow()
        reason = f"{type(error).__name__}: {error}"
        job.message = stored(_("The workbook could not be built: %(error)s", error=reason))
        db.session.commit()
        raise
    job = db.session.get(ExportJob, export_job_id)
    now = utcnow()
    job.status, job.finished_at, job.progress = FINISHED, now, 100
    job.rows_done = job.rows_total = result.rows_read
    job.file_name, job.file_size, job.row_count = file_name, target.stat().st_size, result.rows
    job.expires_at = now + timedelta(hours=current_app.config["EXPORT_KEEP_HOURS"])
    db.session.commit()
