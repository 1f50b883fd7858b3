"""``shura worker`` keeps working through Redis outages: the loop that starts a new RQ worker
after a lost connection, with a growing wait, until it is asked to stop; and a worker that a
restarted Redis forgot without it noticing the outage registers again."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from rq import Queue, Worker

from app.jobs import worker as worker_module
from app.jobs.worker import FIRST_WAIT, LONGEST_WAIT, ShuraWorker, StopAsked, keep_working
from tests.conftest import PROJECT
from tests.faults.services import PrivateRedis, free_port, wait_for


class Script:
    """Workers that play a given story: each ``work()`` takes the next line of it."""

    def __init__(self, *story):
        self.story, self.made = list(story), []

    def make(self):
        script = self

        class Played:
            stop_asked = False
            birth_date = None
            horse_pid = 0

            def work(self, burst, with_scheduler):
                assert with_scheduler
                line = script.story.pop(0)
                if line == "lost-after-working":
                    self.birth_date = "registered"
                    raise RedisConnectionError("Connection closed by server.")
                if line == "unreachable":
                    raise RedisConnectionError("Error 111 connecting to 127.0.0.1. Refused.")
                if line == "stopped":
                    self.stop_asked = True
                return line != "loop-ended"

        played = Played()
        self.made.append(played)
        return played


def test_lost_connections_start_a_new_worker_after_a_growing_wait(caplog):
    script = Script(
        "unreachable", "unreachable", "lost-after-working", "unreachable", "loop-ended", "stopped"
    )
    waits = []
    with caplog.at_level(logging.INFO, logger="shura.worker"):
        keep_working(script.make, sleep=waits.append)
    # Doubling while Redis stays away; back to the first wait once a worker had connected.
    assert waits == [FIRST_WAIT, 2 * FIRST_WAIT, FIRST_WAIT, 2 * FIRST_WAIT, 4 * FIRST_WAIT]
    assert len(script.made) == 6
    messages = [record.getMessage() for record in caplog.records]
    assert sum("Redis cannot be reached" in message for message in messages) == 4
    assert sum("ended without being asked to" in message for message in messages) == 1
    assert "connecting again in 1 s" in messages[0]


def test_the_wait_stops_growing():
    script = Script(*["unreachable"] * 8, "stopped")
    waits = []
    keep_working(script.make, sleep=waits.append)
    assert max(waits) == LONGEST_WAIT and waits[-1] == LONGEST_WAIT


def test_burst_ends_when_the_queues_are_empty():
    script = Script("done")
    keep_working(script.make, burst=True, sleep=pytest.fail)
    assert len(script.made) == 1


def test_a_burst_run_that_loses_redis_ends_with_the_error():
    script = Script("unreachable")
    with pytest.raises(RedisConnectionError):
        keep_working(script.make, burst=True, sleep=pytest.fail)


def test_a_stop_asked_while_waiting_for_redis_ends_the_loop():
    script = Script("unreachable", "unreachable")

    def sleep(seconds):
        raise StopAsked  # what SIGTERM does while no worker runs

    keep_working(script.make, sleep=sleep)
    assert len(script.made) == 1


def test_a_real_worker_retries_a_redis_that_does_not_answer(monkeypatch):
    """RQ's own worker, pointed at a port where nothing listens: it cannot start, and the
    loop tries again instead of ending the command."""
    connection = Redis(port=free_port(), socket_connect_timeout=1)
    attempts, waits = [], []

    def make():
        attempts.append(1)
        return ShuraWorker([Queue("exports", connection=connection)], connection=connection)

    def sleep(seconds):
        waits.append(seconds)
        if len(waits) == 3:
            raise StopAsked

    monkeypatch.setattr(worker_module, "FIRST_WAIT", 0.5)
    keep_working(make, sleep=sleep)
    assert len(attempts) == 3 and waits == [0.5, 1.0, 2.0]


def test_worker_burst_says_when_redis_cannot_be_reached(app):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 1
    assert "Redis cannot be reached: Error 111 connecting to 127.0.0.1" in result.output


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


def test_a_worker_that_redis_forgot_registers_again(private_redis, caplog):
    """Redis restarted empty within an outage that the worker's retries rode through: no
    error ended the worker, but Redis no longer knows it (monitoring sees no worker) and the
    next reminders run it booked is gone. Its next heartbeat notices and registers it again,
    under its own name, and books again."""
    connection = Redis.from_url(private_redis.url)
    booked = []
    worker = ShuraWorker(
        [Queue("exports", connection=connection), Queue("notifications", connection=connection)],
        connection=connection,
        on_register=lambda: booked.append(worker.name),
    )
    worker.register_birth()
    assert booked == [worker.name]
    worker.heartbeat()
    assert booked == [worker.name]  # Redis knows it: nothing more

    private_redis.stop()
    private_redis.start()
    assert Worker.all(connection=connection) == []
    with caplog.at_level(logging.WARNING, logger="shura.worker"):
        worker.heartbeat()
    assert booked == [worker.name, worker.name]
    [again] = Worker.all(connection=connection)
    assert again.name == worker.name
    assert again.queue_names() == ["exports", "notifications"]
    assert again.birth_date is not None and again.last_heartbeat is not None
    assert [w.name for w in Worker.all(queue=Queue("exports", connection=connection))] == [
        worker.name
    ]
    assert "no longer knows this worker" in caplog.text
    worker.heartbeat()
    assert len(booked) == 2  # once registered again, heartbeats go on as before


def test_a_heartbeat_in_a_pipeline_or_in_the_work_horse_does_not_register(private_redis):
    """A job's pipelined heartbeat cannot ask anything before it runs, and the work horse (a
    fork of the worker) must not register itself under its parent's name."""
    connection = Redis.from_url(private_redis.url)
    booked = []
    worker = ShuraWorker(
        [Queue("exports", connection=connection)],
        connection=connection,
        on_register=lambda: booked.append(1),
    )
    with connection.pipeline() as pipeline:
        worker.heartbeat(pipeline=pipeline)
        pipeline.execute()
    worker._is_horse = True
    worker.heartbeat()
    assert booked == [] and Worker.all(connection=connection) == []


IDLE_WORKER = """
import sys
from redis import Redis
from rq import Queue
from app.jobs.worker import ShuraWorker

connection = Redis.from_url(sys.argv[1])
ShuraWorker(
    [Queue("exports", connection=connection)],
    connection=connection,
    on_register=lambda: print("booked", flush=True),
).work()
"""


def test_an_idle_worker_registers_again_soon_after_redis_restarts(private_redis, tmp_path):
    """A real RQ work loop waiting for jobs (its blocking read has minutes to go): Redis
    restarts empty, the read fails, RQ's own retry connects again without a new worker, and
    the heartbeat that precedes the next read registers it again and books again."""
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", IDLE_WORKER, private_redis.url],
            cwd=PROJECT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        connection = Redis.from_url(private_redis.url)
        wait_for(lambda: Worker.all(connection=connection), "the worker did not register")
        [first] = Worker.all(connection=connection)
        private_redis.stop()
        private_redis.start()
        assert Worker.all(connection=connection) == []
        # Within the wait: far less than the 405 s its blocking read had to go.
        wait_for(lambda: Worker.all(connection=connection), "the worker did not register again")
        [again] = Worker.all(connection=connection)
        assert again.name == first.name and process.poll() is None
        assert log.read_text().count("booked") == 2, log.read_text()
    finally:
        process.kill()
        process.wait(timeout=10)
