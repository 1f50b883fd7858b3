"""PostgreSQL cursors that describe their result's columns only when asked.

SQLAlchemy reads a cursor's ``description`` after every statement, but for a statement it
ran before (every page's queries are compiled once and cached) it only checks that the
description is not None: the columns' names and types it keeps from the first run.
psycopg builds a ``Column`` object per column on every read, with a look-up of its type;
for the questionnaire page's joined query (some 85 columns) that was about a twentieth of
the page. Here the description is a sequence that builds psycopg's own columns the first
time something looks inside it (SQLAlchemy on a statement's first run, anything else that
reads ``cursor.description``).
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg


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
