"""A request that only read ends its transaction with COMMIT, not ROLLBACK.

psycopg forgets every statement it prepared on a connection when that connection rolls
back (a rolled-back DDL may re-create an object the statements named), and Flask-SQLAlchemy
ends every request's session with a rollback. PostgreSQL then planned the pages' statements
afresh on every request: the submission page's main statement spent 0.9 ms planning for
0.1 ms of execution, the signed-in person's another few tenths, on every page. A transaction
that sent nothing but SELECTs changes nothing whichever way it ends; ended with COMMIT, it
lets psycopg prepare the statements a worker repeats (after five runs, its default) and
keep them across requests.

Anything else (a write, a flush, changes still pending, a failed statement) keeps the
rollback. "Only SELECTs" is read from each statement's first word: a SELECT with effects
(``set_config(..., false)``, ``pg_notify``, a function that writes) would be committed, so
none must be sent in a request that means to leave them undone. Only a request's own
transaction ends this way: one already open when the request began (code that runs a
request inside its own application context) is left to its owner.
"""

from __future__ import annotations

from flask import request
from sqlalchemy import event
from sqlalchemy.engine import Engine

#: in a connection's ``info``: whether its transaction has only read so far
ONLY_READ = "shura.only_read"
#: in a request's environ: whether no transaction was open when it began
_OWN = "shura.own_transaction"


@event.listens_for(Engine, "begin")
def _transaction_begins(connection) -> None:
    connection.info[ONLY_READ] = True


@event.listens_for(Engine, "handle_error")
def _statement_failed(context) -> None:
    # PostgreSQL would turn the COMMIT of a failed transaction into a rollback; say so.
    if context.connection is not None:
        context.connection.info[ONLY_READ] = False


@event.listens_for(Engine, "before_cursor_execute")
def _statement_sent(connection, cursor, statement, parameters, context, executemany) -> None:
    # Anything not starting with SELECT counts as a write, which errs on the safe side
    # (a WITH ... INSERT, a LOCK, a SET all keep the rollback).
    if not statement.startswith("SELECT"):
        connection.info[ONLY_READ] = False


def commit_if_only_read(session) -> None:
    """End ``session``'s transaction with COMMIT when it sent only SELECTs and holds no
    change; otherwise leave it for the usual rollback."""
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    try:
        if not session.connection().info.get(ONLY_READ):
            return
        # As the rollback would, leave what was loaded readable (a caller may still look
        # at an object once the session is gone): nothing changed, nothing to expire.
        expire, session.expire_on_commit = session.expire_on_commit, False
        try:
            session.commit()
        finally:
            session.expire_on_commit = expire
    except Exception:  # a failed transaction: the rollback that follows deals with it
        return


def init_app(app, db) -> None:
    """End each request's transaction this way, before Flask-SQLAlchemy's teardown of the
    application context removes the session (requests only: a command or a job commits
    what it means to)."""

    @app.before_request
    def _note_whether_a_transaction_was_open():
        session = db.session() if db.session.registry.has() else None
        request.environ[_OWN] = session is None or not session.in_transaction()

    @app.teardown_request
    def _commit_reads(error):
        if error is None and request.environ.get(_OWN) and db.session.registry.has():
            commit_if_only_read(db.session())
