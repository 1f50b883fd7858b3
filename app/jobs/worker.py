"""The RQ worker ``shura worker`` runs, and the loop that keeps it working through Redis outages.

RQ's own loop retries a lost connection only while it waits for a job; a connection lost
while a job runs (or while it registers or signs off) ends ``Worker.work()``. The loop here
starts a fresh worker (a new name, registered again: a Redis that came back empty has
forgotten the old one) after a growing wait, for as long as the command runs, and stops only
when asked (SIGTERM, Ctrl+C) or, with ``--burst``, when the queues are empty (a burst run
that loses Redis ends with the error instead: it is a one-off run, from cron or a test).

An outage short enough for RQ's retries (or redis-py's) to ride through ends nothing, yet
Redis may have come back empty (it keeps nothing on disk): the worker then notices at its
next heartbeat that Redis no longer knows it and registers again in place.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Callable

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeout
from rq import Worker, worker_registration
from rq.logutils import setup_loghandlers

from app.extensions import db

log = logging.getLogger("shura.worker")

#: seconds before the first attempt to connect again, doubled after each failed attempt...
FIRST_WAIT = 1.0
#: ...up to this
LONGEST_WAIT = 30.0
#: a lost connection: Redis stopped, restarted, unreachable, or too slow to answer
REDIS_LOST = (RedisConnectionError, RedisTimeout)


class ShuraWorker(Worker):
    """Forks a work horse per job; the horse must not share the parent's DB connections.

    ``on_register`` runs each time the worker registers in Redis, at its start and again
    after Redis forgot it (``shura worker`` books the next reminders run there: a Redis that
    restarted empty has lost the booking too).
    """

    #: set when the worker was asked to stop (its work loop then ends on purpose)
    stop_asked = False

    def __init__(self, *args, on_register: Callable[[], object] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_register = on_register

    def register_birth(self):
        if self.on_register is not None:
            self.on_register()
        super().register_birth()

    def heartbeat(self, timeout=None, pipeline=None):
        super().heartbeat(timeout, pipeline)
        # A heartbeat sent on its own (while listening, after each job; not the ones queued in
        # a job's pipelines) also asks whether Redis still knows this worker. The heartbeat
        # itself cannot tell: on a Redis that restarted empty it creates a bare key.
        if pipeline is None and not self.is_horse and not self.registered():
            self.register_again()

    def registered(self) -> bool:
        return bool(self.connection.sismember(self.redis_workers_keys, self.key))

    def register_again(self) -> None:
        """Register in a Redis that forgot this worker, as at its start, keeping its name.

        Done in place rather than by starting a new worker: a heartbeat may come with a job
        just taken off the queue, which ending the worker would lose.
        """
        log.warning(
            "Worker %s: Redis answers again but no longer knows this worker (it restarted "
            "empty): registering again.",
            self.name,
        )
        if self.on_register is not None:
            self.on_register()
        with self.connection.pipeline() as pipeline:
            pipeline.hset(self.key, mapping=self.serialize())
            worker_registration.register(self, pipeline)
            pipeline.expire(self.key, self.worker_ttl + 60)
            pipeline.execute()
        # The outage may have ended the scheduler's process: RQ's maintenance starts it
        # again (and takes its lock in the new Redis) instead of up to ten minutes later.
        self.run_maintenance_tasks()

    def main_work_horse(self, *args, **kwargs):
        db.engine.dispose(close=False)
        return super().main_work_horse(*args, **kwargs)

    def request_stop(self, signum, frame):
        self.stop_asked = True
        return super().request_stop(signum, frame)


class StopAsked(Exception):
    """SIGTERM or SIGINT arrived while no worker was running (waiting for Redis)."""


def _stop_now(signum, frame):
    raise StopAsked


def _stop_on_signals() -> None:
    signal.signal(signal.SIGTERM, _stop_now)
    signal.signal(signal.SIGINT, _stop_now)


def keep_working(
    make_worker: Callable[[], ShuraWorker],
    *,
    burst: bool = False,
    sleep: Callable[[float], object] = time.sleep,
) -> None:
    """Run workers made by ``make_worker`` one after another until one stops on purpose.

    A worker that ends because Redis was lost is followed by a new one after FIRST_WAIT
    seconds, doubled while Redis stays away, up to LONGEST_WAIT. The job a lost worker was
    running goes on in its work horse (the export's heartbeat in the database says whether
    it is alive); its exit is collected later.
    """
    setup_loghandlers("INFO", name=log.name)
    wait = FIRST_WAIT
    horses: list[int] = []
    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        # Until a worker installs RQ's own handlers, and again once it has ended, a stop
        # request ends this loop.
        _stop_on_signals()
        while True:
            _collect(horses)
            worker = None
            try:
                worker = make_worker()
                worker.work(burst=burst, with_scheduler=True)
            except REDIS_LOST as error:
                if burst:
                    raise  # a one-off run (cron, a test) reports the outage and ends
                lost = f"Redis cannot be reached ({type(error).__name__}: {error})"
            else:
                if burst or worker.stop_asked:
                    return
                lost = "The worker's loop ended without being asked to (see above)"
            finally:
                _stop_on_signals()
            if worker is not None and worker.stop_asked:
                return  # asked to stop, and Redis went away while it stopped
            if worker is not None and worker.birth_date is not None:
                wait = FIRST_WAIT  # it had connected: this is a new outage
            if worker is not None and worker.horse_pid:
                horses.append(worker.horse_pid)
            log.error(
                "%s: connecting again in %g s; the worker goes on until it is stopped.",
                lost,
                wait,
            )
            sleep(wait)
            wait = min(wait * 2, LONGEST_WAIT)
    except StopAsked:
        log.info("Stop asked: the worker ends.")
    finally:
        signal.signal(signal.SIGTERM, handlers[0] or signal.SIG_DFL)
        signal.signal(signal.SIGINT, handlers[1] or signal.SIG_DFL)


def _collect(horses: list[int]) -> None:
    """Collect the exit of work horses whose worker was lost (no zombies are left)."""
    for pid in list(horses):
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            horses.remove(pid)
            log.info("The work horse %s of a lost worker has ended.", pid)
