"""What the app's PostgreSQL connections do differently from psycopg's and SQLAlchemy's
defaults, each for a cost every request paid.

**Cursors that describe their columns only when asked.** SQLAlchemy reads a cursor's
``description`` after every statement, but for a compiled Core or ORM statement it ran before
(every page's queries are compiled once and cached) it only checks that the description is not None:
the columns' names and types it keeps from the first run. psycopg builds a ``Column``
object per column on every read, with a look-up of its type; for the questionnaire page's
joined query (some 85 columns) that was about a twentieth of the page. Here the
description is a sequence that builds psycopg's own columns the first time something
looks inside it (SQLAlchemy on a statement's first run, and on every run of a plain
``text()``, whose columns it does not keep; anything else that reads it).

**A pooled connection checked without a round trip.** A connection taken from the pool
may have been closed by the server since (a restart, an administrator).
SQLAlchemy's pre-ping asks the server (``SELECT 1``) at every checkout: a round trip, one
in five of a page's. A server that closes a connection says so on its socket (its last
message, then the end of the stream), and nothing else arrives on a connection idle in
the pool; so the socket is looked at first (``poll``, no wait), and the server is asked
only when something did arrive, or when the connection sat idle longer than
``ASK_AFTER_IDLE`` seconds: a connection dropped on the way without a word (a firewall's
or NAT's idle timeout, a failover to another host) shows nothing on its socket, and
only a round trip finds it out. Under load connections come back within milliseconds and
are never asked. A connection found closed is replaced and the pool's other connections
of that moment with it, as after a failed pre-ping.
"""

from __future__ import annotations

import select
import time
from collections.abc import Sequence

import psycopg
from psycopg import pq
from sqlalchemy import event, exc
from sqlalchemy.pool import Pool


class ColumnsOnDemand(Sequence):
    """``cursor.description`` for the result the cursor holds now, built on first look."""

    __slots__ = ("_columns", "_count", "_cursor", "_result")

    def __init__(self, cursor: psycopg.Cursor, result, count: int):
        self._cursor, self._result, self._count, self._columns = cursor, result, count, None

    def _described(self) -> list:
        if self._columns is None:
            if self._cursor.pgresult is not self._result:
                # psycopg's list describes the result it was read from, for ever; this one
                # reads it late, so it must still be that result.
                raise RuntimeError("a description read after its cursor moved to another result")
            self._columns = psycopg.Cursor.description.fget(self._cursor)
        return self._columns

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self._described()[index]

    def __iter__(self):
        return iter(self._described())

    def __repr__(self) -> str:
        return repr(self._described())


class DescribedOnDemand(psycopg.Cursor):
    """A psycopg cursor whose ``description`` is a ``ColumnsOnDemand``."""

    @property
    def description(self):
        result = self.pgresult
        if result is None or not result.nfields:
            return super().description  # None, or no columns: nothing to build
        return ColumnsOnDemand(self, result, result.nfields)


@event.listens_for(Pool, "connect")
def _describe_on_demand(dbapi_connection, connection_record) -> None:
    if isinstance(dbapi_connection, psycopg.Connection):
        dbapi_connection.cursor_factory = DescribedOnDemand


#: a connection idle in the pool longer than this is asked at checkout whatever its socket
#: shows (seconds)
ASK_AFTER_IDLE = 30
#: in a pooled connection's ``info``: when it went back to the pool (monotonic seconds)
_RETURNED = "shura.returned_at"


@event.listens_for(Pool, "checkin")
def _note_return(dbapi_connection, connection_record) -> None:
    if connection_record is not None:
        connection_record.info[_RETURNED] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _replace_if_closed(dbapi_connection, connection_record, connection_proxy) -> None:
    if not isinstance(dbapi_connection, psycopg.Connection):
        return
    returned = connection_record.info.get(_RETURNED)
    idle = None if returned is None else time.monotonic() - returned
    if not still_open(dbapi_connection, ask=idle is not None and idle > ASK_AFTER_IDLE):
        # The pool connects anew and retires the connections opened before this one.
        raise exc.InvalidatePoolError("the server closed this connection")


def still_open(connection: psycopg.Connection, *, ask: bool = False) -> bool:
    """Whether an idle connection is still open, the server asked only when in doubt
    (something arrived on its socket) or when ``ask`` says so."""
    if connection.closed or connection.pgconn.status != pq.ConnStatus.OK:
        return False
    if connection.info.transaction_status != pq.TransactionStatus.IDLE:
        return True  # not idle: nothing to judge by here; its next statement will tell
    if not ask:
        poller = select.poll()  # not select(): a worker may hold descriptors over 1024
        poller.register(connection.fileno(), select.POLLIN)
        if not poller.poll(0):
            return True  # nothing arrived while it sat idle: the server has not hung up
    return answers(connection)


def answers(connection: psycopg.Connection) -> bool:
    """Whether the server answers on this connection (outside any transaction, as
    SQLAlchemy's pre-ping asks)."""
    autocommit = connection.autocommit
    try:
        connection.autocommit = True
        connection.execute("SELECT 1")
    except psycopg.OperationalError:
        return False
    finally:
        if not connection.closed:
            connection.autocommit = autocommit
    return True
