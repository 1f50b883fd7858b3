"""Exports when their worker or Redis goes away: a real ``shura worker`` and a real Redis,
killed and restarted while the secretariat's workbook is being built (the page followed over
HTTP, as the secretariat's browser follows it)."""

from __future__ import annotations

import re
import time

import openpyxl
from redis import Redis
from rq import Worker

from tests.faults.client import Browser
from tests.faults.conftest import (
    EXPORT_SUBMISSIONS,
    HEARTBEAT_LOST,
    export_job,
    kill_group,
    request_export,
    wait_until,
)

LOST = "the worker stopped before it was finished"
#: a dead worker's export is failed within two minutes (the heartbeat's default: 90 s)
TWO_MINUTES = 120


def row_of(page: str, job_id: int) -> tuple[str, str]:
    """(status, row's HTML) of an export job on the exports page."""
    for row in page.split("<tr data-status=")[1:]:
        if f"/exports/{job_id}/" in row.split("</tr>")[0]:
            return re.match(r'"(\w+)"', row).group(1), row.split("</tr>")[0]
    raise AssertionError(f"export {job_id} is not on the page")


def follow(browser: Browser, job_id: int, timeout: float) -> tuple[str, str]:
    """Reload the exports page (as its script does) until the job is over; (status, row)."""
    seen = {}

    def over():
        seen["row"] = row_of(browser.get("/exports/jobs").text, job_id)
        return seen["row"][0] in ("finished", "failed", "canceled")

    wait_until(over, f"export {job_id} was still shown as {seen.get('row', ('?',))[0]}", timeout)
    return seen["row"]


def running_with_rows(site, job_id: int) -> bool:
    job = export_job(site, job_id)
    assert job["status"] in ("queued", "running"), job
    return job["status"] == "running" and job["rows_done"] > 0


def read_back(browser: Browser, job_id: int, folder) -> int:
    """Download the workbook and read it back; its questionnaire sheet's row count."""
    answer = browser.get(f"/exports/{job_id}/download")
    assert answer.status == 200, answer.status
    path = folder / f"export-{job_id}.xlsx"
    path.write_bytes(answer.body)
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return workbook["Pre-meeting"].max_row
    finally:
        workbook.close()


def retry(browser: Browser, job_id: int) -> int:
    """Press "Prepare again" on a failed export; the new job's id."""
    page = browser.get("/exports").text
    assert f"/exports/{job_id}/retry" in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = browser.post(f"/exports/{job_id}/retry", {"csrf_token": token})
    assert answer.status == 302, answer.status
    return int(re.search(r"/exports/(\d+)/", browser.get("/exports/jobs").text).group(1))


def test_a_worker_killed_mid_export_fails_it_within_two_minutes(live, tmp_path):
    """The user sees "Building… N%", then, within the heartbeat's silence (here 6 s; 90 s
    by default, well inside two minutes, not RQ's cleanup time), "Failed: the worker stopped
    before it was finished" with "Prepare again"; one press, a worker, and the workbook is
    there, whole."""
    secretariat = Browser(live.url)
    secretariat.login("secretariat@example.org")
    worker = live.start_worker()
    job_id = request_export(secretariat, live)
    wait_until(lambda: running_with_rows(live, job_id), "the export never got going", 120)
    assert row_of(secretariat.get("/exports/jobs").text, job_id)[0] == "running"
    kill_group(worker)  # the worker, its work horse and its scheduler: SIGKILL, together
    killed_at = time.monotonic()
    status, row = follow(secretariat, job_id, TWO_MINUTES)
    noticed = time.monotonic() - killed_at
    assert status == "failed" and LOST in row, row
    # By the heartbeat's silence (its last beat came up to a third of it before the kill).
    assert HEARTBEAT_LOST / 2 <= noticed < TWO_MINUTES
    assert export_job(live, job_id)["file_name"] is None
    assert not list(live.exports.glob(f"*-{job_id}.xlsx"))

    again = retry(secretariat, job_id)
    live.start_worker()
    status, row = follow(secretariat, again, 300)
    assert status == "finished", row
    assert read_back(secretariat, again, tmp_path) == EXPORT_SUBMISSIONS + 2  # two header rows
    assert export_job(live, job_id)["status"] == "failed"


def test_redis_restarted_during_an_export(live, tmp_path):
    """Redis is killed while the workbook is being built and comes back empty: the user
    sees the export end (ready, or failed with "Prepare again": never "Waiting" or
    "Building" for ever), the worker keeps running, registers again in the new Redis (a new
    worker if the outage ended the old one's loop; the same one if retries rode through it
    and a heartbeat found Redis had forgotten it, as happens when no command of the worker's
    fell in the outage), books the next reminders run again, and the next export is built."""
    secretariat = Browser(live.url)
    secretariat.login("secretariat@example.org")
    worker = live.start_worker()
    job_id = request_export(secretariat, live)
    wait_until(lambda: running_with_rows(live, job_id), "the export never got going", 120)
    live.redis.stop()
    time.sleep(3)
    assert worker.poll() is None, live.worker_log()
    live.redis.start()

    status, row = follow(secretariat, job_id, TWO_MINUTES)
    if status == "finished":
        assert read_back(secretariat, job_id, tmp_path) == EXPORT_SUBMISSIONS + 2
    else:
        assert status == "failed" and f"/exports/{job_id}/retry" in row, row

    # The worker connected again and registered itself in the new (empty) Redis.
    wait_until(
        lambda: Worker.all(connection=Redis.from_url(live.redis.url)),
        "no worker registered again in the restarted Redis",
        60,
    )
    assert worker.poll() is None, live.worker_log()
    log = live.worker_log()
    started_again = "connecting again" in log and log.count("started with PID") >= 2
    assert started_again or "registering again" in log, log
    assert Redis.from_url(live.redis.url).keys("rq:job:shura-reminders-*"), log

    later = request_export(secretariat, live)
    status, row = follow(secretariat, later, 300)
    assert status == "finished", row
    assert read_back(secretariat, later, tmp_path) == EXPORT_SUBMISSIONS + 2


def test_an_export_queued_in_a_redis_that_lost_it_is_queued_again(live, tmp_path):
    """No worker runs; an export waits in the queue; Redis restarts empty (it keeps nothing
    on disk). The user does not see "Waiting for a worker…" for ever: the export's row is
    the truth, the page puts it on the queue again, and a worker builds it."""
    secretariat = Browser(live.url)
    secretariat.login("secretariat@example.org")
    job_id = request_export(secretariat, live)
    assert row_of(secretariat.get("/exports/jobs").text, job_id)[0] == "queued"
    lost = live.scalar("SELECT rq_job_id FROM export_jobs WHERE id = %s", job_id)
    live.redis.stop()
    live.redis.start()
    assert not Redis.from_url(live.redis.url).keys("rq:job:*")

    page = secretariat.get("/exports/jobs").text  # the page notices; the job is queued again
    assert row_of(page, job_id)[0] == "queued"
    assert live.scalar("SELECT rq_job_id FROM export_jobs WHERE id = %s", job_id) != lost
    assert Redis.from_url(live.redis.url).keys("rq:job:*")
    live.start_worker()
    status, row = follow(secretariat, job_id, 300)
    assert status == "finished", row
    assert read_back(secretariat, job_id, tmp_path) == EXPORT_SUBMISSIONS + 2
