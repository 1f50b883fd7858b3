"""Reminders and e-mail delivery as jobs on the notifications queue.

``shura worker`` runs RQ's scheduler too (one worker at a time holds its lock), and the
reminders job puts its own next run on it, one slot per interval: the job id names the
slot, so workers that schedule the same slot schedule it once. Were a run doubled all the
same, the outbox takes each reminder's key once.
"""

from __future__ import annotations

import datetime as dt
import logging

from flask import current_app

from app.core.links import site_link
from app.core.time import utcnow, utctoday
from app.extensions import db, job_queue
from app.jobs.context import with_app_context
from app.jobs.exports import expire_exports
from app.jobs.queue import NOTIFICATIONS, enqueue
from app.notifications.delivery import deliver_pending
from app.submissions.reminders import send_reminders

log = logging.getLogger(__name__)
REMINDERS_FUNCTION = "app.jobs.notifications.run_reminders"


@with_app_context
def run_reminders(schedule_next: bool = True) -> dict:
    """Queue today's reminders, deliver the outbox, and book the next run."""
    count = send_reminders(
        utctoday(), utcnow(), current_app.config["REMINDER_DAYS_BEFORE"], site_link
    )
    db.session.commit()
    delivered = deliver_pending(current_app.config)
    expire_exports()  # the exports' files past their time, on the same beat
    db.session.commit()
    if schedule_next:
        schedule_reminders()
    log.info("reminders: %s queued, %s delivered", count.total, delivered)
    return {
        "due_soon": count.due_soon,
        "overdue": count.overdue,
        "review": count.review,
        "delivered": delivered,
    }


@with_app_context
def deliver_outbox() -> int:
    """Send what the outbox holds (after a state change, say)."""
    return deliver_pending(current_app.config)


def request_delivery() -> None:
    """Deliver the outbox soon: on the queue, or now when jobs run inline. A failure to
    reach the queue leaves the messages in the outbox for the next reminders run."""
    if not current_app.config.get("MAIL_SERVER"):
        return
    try:
        enqueue(NOTIFICATIONS, "app.jobs.notifications.deliver_outbox")
    except Exception:  # the change is committed; delivery can wait
        log.exception("outbox delivery could not be queued")


def schedule_reminders(now: dt.datetime | None = None) -> str | None:
    """Book the reminders run of the next slot on the scheduler; return its job id."""
    queue = job_queue(NOTIFICATIONS)
    if queue is None:
        return None
    interval = max(60, current_app.config["REMINDER_INTERVAL"])
    now = now or dt.datetime.now(dt.UTC)
    slot = int(now.timestamp() // interval) + 1
    job_id = f"shura-reminders-{slot}"
    if queue.fetch_job(job_id) is not None:
        return job_id
    queue.enqueue_at(
        dt.datetime.fromtimestamp(slot * interval, dt.UTC),
        REMINDERS_FUNCTION,
        job_id=job_id,
        result_ttl=7 * 86400,
        failure_ttl=7 * 86400,
        job_timeout=current_app.config["JOB_TIMEOUT"],
    )
    return job_id
