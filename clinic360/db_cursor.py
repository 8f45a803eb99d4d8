"""The psycopg cursor the app's PostgreSQL connections use (``cursor_factory``).

psycopg's ``Cursor.description`` builds a new list of ``Column`` objects, one per column of
the result, every time it is read. SQLAlchemy reads it once for every statement it runs, but
for a statement it has run before it keeps the result's description from the first time
(``compiled._cached_metadata``) and only asks whether there is one. A hot read of a profile or
a page of appointments returns 60 to 100 columns, so those objects cost a tenth of the whole
request. Here ``description`` is a sequence that makes a ``Column`` only when one is read; it
is ``None`` exactly when psycopg's is. Its columns are those of the result it was read for: a
column read after the cursor moved on to another result raises instead of describing that one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import psycopg
from psycopg import Column
from psycopg.pq import ExecStatus

_TUPLES = frozenset({ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK})


class LazyDescription(Sequence[Column]):
    """The columns of a cursor's current result, each made when it is first read."""

    __slots__ = ("_columns", "_cursor", "_result")

    def __init__(self, cursor: psycopg.Cursor[Any], result: Any) -> None:
        self._cursor = cursor
        self._result = result
        self._columns: list[Column | None] = [None] * result.nfields

    def __len__(self) -> int:
        return len(self._columns)

    @overload
    def __getitem__(self, index: int) -> Column: ...

    @overload
    def __getitem__(self, index: slice) -> list[Column]: ...

    def __getitem__(self, index: int | slice) -> Column | list[Column]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        column = self._columns[index]
        if column is None:
            if self._cursor.pgresult is not self._result:
                raise RuntimeError("A description read after its cursor moved to another result.")
            position = range(len(self._columns))[index]
            column = self._columns[index] = Column(self._cursor, position)
        return column

    def __repr__(self) -> str:
        return repr(list(self))


class Cursor(psycopg.Cursor):  # type: ignore[type-arg]
    @property
    def description(self) -> LazyDescription | None:  # type: ignore[override]
        result = self.pgresult
        if result and (result.nfields or result.status in _TUPLES):
            return LazyDescription(self, result)
        return None
