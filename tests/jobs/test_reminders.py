"""Reminders and e-mails: who gets what and when, each once, through the outbox; run by a real
RQ worker and its scheduler against Redis, and by racing workers on the database."""

import datetime as dt
import threading

import pytest
from rq import Queue, SimpleWorker
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select, update

from app.consultations.models import Meeting
from app.extensions import db, redis_connection
from app.jobs.notifications import run_reminders, schedule_reminders
from app.jobs.queue import NOTIFICATIONS
from app.notifications.models import OutboxMessage
from app.submissions.models import SubmissionHistory
from app.users.models import User
from tests.conftest import SETTINGS, need_service
from tests.helpers import VALID_PRE_MEETING, current_version, start_submission_as

TODAY = dt.datetime.now(dt.UTC).date()


def _long(day):
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def outbox(app, kind=None) -> list[tuple[str, str, str]]:
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return [(m.kind, m.to_email, m.subject) for m in db.session.scalars(query)]


def move_meeting(app, meeting_id, day, status="scheduled"):
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.meeting_date, meeting.status = day, status
        meeting.held_on = day if status == "held" else None
        db.session.commit()


def test_commissions_are_reminded_before_the_due_date_and_once_overdue(app, dummy_world):
    # Morocco's meeting in 9 days: its pre-meeting questionnaire is due in 2 (lead time 3).
    move_meeting(app, dummy_world["ma_meeting"], TODAY + dt.timedelta(days=9))
    # Senegal's meeting was today: its pre-meeting questionnaire is overdue, still accepted.
    with app.app_context():
        first = run_reminders(schedule_next=False)
    assert (first["due_soon"], first["overdue"]) == (1, 1)
    assert sorted(outbox(app)) == [
        (
            "due_soon",
            "focal.ma@test.org",
            f"Due on {_long(TODAY + dt.timedelta(days=2))}: Pre-meeting questionnaire",
        ),
        ("overdue", "focal.sn@test.org", "Overdue: Pre-meeting questionnaire"),
    ]
    # Run again, as the scheduler does every hour: nothing new.
    with app.app_context():
        again = run_reminders(schedule_next=False)
    assert (again["due_soon"], again["overdue"]) == (0, 0) and len(outbox(app)) == 2
    # Once submitted, no more reminders; a moved meeting (a new due date) reminds anew.
    move_meeting(app, dummy_world["ma_meeting"], TODAY + dt.timedelta(days=8))
    with app.app_context():
        assert run_reminders(schedule_next=False)["due_soon"] == 1


def test_each_reminder_is_written_in_its_readers_language(app, dummy_world):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "focal.sn@test.org"))
        user.language = "fr"
        db.session.commit()
        run_reminders(schedule_next=False)
        message = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.to_email == "focal.sn@test.org")
        )
    assert message.subject == "En retard : Questionnaire préalable à la réunion"
    assert "Chers collègues" in message.body


def test_reviewers_hear_of_what_waits_too_long_and_of_what_is_sent_to_them(
    app, client, auth, dummy_world
):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    data = {**VALID_PRE_MEETING, "loaded_version": current_version(app, sid), "intent": "submit"}
    assert client.post(f"/submissions/{sid}/answers", data=data).status_code == 302
    # The workflow file says submit notifies the reviewers assigned to Morocco (not the
    # reviewer of Senegal only, not the person who submitted).
    assert outbox(app, "state_change") == [
        ("state_change", "reviewer@test.org", "Pre-meeting questionnaire (Country MA): Submitted")
    ]
    with app.app_context():
        assert run_reminders(schedule_next=False)["review"] == 0  # not late yet
        # Twenty days later (the review deadline is 14):
        db.session.execute(
            update(SubmissionHistory)
            .where(SubmissionHistory.submission_id == sid)
            .values(at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=20))
        )
        db.session.commit()
        assert run_reminders(schedule_next=False)["review"] == 1
        assert run_reminders(schedule_next=False)["review"] == 0
    waiting = outbox(app, "review_waiting")
    assert [(kind, to) for kind, to, _ in waiting] == [("review_waiting", "reviewer@test.org")]
    # The reviewer's queue says it is overdue.
    auth.logout()
    auth.login("reviewer@test.org")
    page = client.get("/review/").get_data(as_text=True)
    assert f'data-submission="{sid}" class="overdue"' in page and "6 days overdue" in page


def test_the_secretariat_reads_the_outbox(app, client, auth, dummy_world):
    with app.app_context():
        run_reminders(schedule_next=False)
    auth.login("secretariat@test.org")
    page = client.get("/secretariat/outbox").get_data(as_text=True)
    assert "No mail server is configured" in page
    assert page.count('data-kind="overdue"') == 2
    auth.logout()
    auth.login("reviewer@test.org")
    assert client.get("/secretariat/outbox").status_code == 403


def test_racing_workers_send_each_reminder_once(postgres_app, dummy_world):
    app = postgres_app
    barrier = threading.Barrier(4)
    results = []

    def run():
        with app.app_context():
            barrier.wait(timeout=10)
            results.append(run_reminders(schedule_next=False)["overdue"])
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(results) == 2  # four runs at once, two reminders due: each queued once
    assert len(outbox(app)) == 2


@pytest.fixture
def redis_app(app):
    url = SETTINGS["TEST_REDIS_URL"]
    need_service("Redis", bool(url), "set REDIS_URL")
    app.config["REDIS_URL"] = url

    def forget_reminder_jobs():
        connection = redis_connection()
        queue = Queue(NOTIFICATIONS, connection=connection)
        queue.empty()
        registry = ScheduledJobRegistry(queue=queue)
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)
        for key in connection.scan_iter("rq:job:shura-reminders-*"):
            connection.delete(key)

    with app.app_context():
        forget_reminder_jobs()
    yield app
    with app.app_context():
        forget_reminder_jobs()


def test_a_real_worker_and_scheduler_run_the_reminders(redis_app, dummy_world):
    app = redis_app
    with app.app_context():
        connection = redis_connection()
        queue = Queue(NOTIFICATIONS, connection=connection)
        # Two workers starting book the same slot: one job.
        an_hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        first = schedule_reminders(now=an_hour_ago - dt.timedelta(hours=1))
        assert schedule_reminders(now=an_hour_ago - dt.timedelta(hours=1)) == first
        registry = ScheduledJobRegistry(queue=queue)
        assert registry.get_job_ids() == [first]
        # Its time has come: a worker's scheduler puts it on the queue and the worker runs it;
        # a second worker finds nothing more to do.
        for _worker in range(2):
            SimpleWorker([queue], connection=connection).work(burst=True, with_scheduler=True)
        job = queue.fetch_job(first)
        assert job.is_finished, job.latest_result()
        assert job.return_value()["overdue"] == 2
        # The run booked the next one.
        assert len(ScheduledJobRegistry(queue=queue).get_job_ids()) == 1
    assert len(outbox(app, "overdue")) == 2
