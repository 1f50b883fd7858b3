"""Putting work on a queue: RQ when Redis is configured, inline otherwise.

Jobs are addressed by dotted path and take ids, never objects or a "current user", so the
worker loads fresh rows and the same function runs inline, in a worker or from the CLI.
"""

from __future__ import annotations

import importlib

from flask import current_app

from app.extensions import job_queue

EXPORTS = "exports"
#: reminders and e-mail delivery
NOTIFICATIONS = "notifications"
QUEUES = (EXPORTS, NOTIFICATIONS)


def enqueue(
    queue_name: str,
    function_path: str,
    *args,
    timeout: int | None = None,
    job_id: str | None = None,
) -> str | None:
    """Run ``function_path(*args)`` in the background; return the RQ job id (``job_id``
    when given).

    Without REDIS_URL the function runs now, in this process, and None is returned.
    """
    queue = job_queue(queue_name)
    if queue is None:
        module, name = function_path.rsplit(".", 1)
        getattr(importlib.import_module(module), name)(*args)
        return None
    job = queue.enqueue(
        function_path,
        *args,
        job_id=job_id,
        job_timeout=timeout or current_app.config["JOB_TIMEOUT"],
        result_ttl=86400,
        failure_ttl=7 * 86400,
    )
    return job.id
