"""Views that only read run outside a transaction block on PostgreSQL.

A request in a transaction costs two round trips to the database beyond its queries (BEGIN
before the first, COMMIT after the last), and on a hot read that is as much as the queries
themselves. A view marked :func:`read_only` gets its connections in autocommit mode instead:
each statement is its own transaction, which under READ COMMITTED (PostgreSQL's default and
ours) sees what a transaction's statements would have seen, each from its own snapshot.

What such a view may still write is a single statement that stands on its own (the session's
``last_seen_at``, committed at once in any case; a doctor's next free times stored again when
they went stale, a savepoint elsewhere: :func:`autocommit` tells which); an ORM change in one
is a programming error and raises, since nothing would roll it back. SQLite (the embedded
default) has no round trips to save and keeps its transactions. A session bound to a
connection rather than an engine (the tests' outer transaction) is left as it is.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, request
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.engine import Engine

F = TypeVar("F", bound=Callable[..., Any])

READ_ONLY = "clinic360_read_only"
READ_METHODS = frozenset({"GET", "HEAD"})
_autocommit_engines: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def read_only(view: F) -> F:
    """Mark a view that writes nothing (kept by functools.wraps through the decorators above
    it): its GET and HEAD requests run without a transaction block."""
    view.__read_only__ = True  # type: ignore[attr-defined]
    return view


def is_read_only_request() -> bool:
    if request.method not in READ_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "__read_only__", False)


def autocommit(session: Any) -> bool:
    """Whether each statement of `session` is its own transaction now (so no savepoint)."""
    bind = session.get_bind()
    return (
        isinstance(bind, Engine)
        and bind.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    )


class Session(FlaskSession):
    """Flask-SQLAlchemy's session, whose connections are in autocommit mode while
    ``info[READ_ONLY]`` is set (by the request, for a read-only view)."""

    def get_bind(self, mapper: Any = None, clause: Any = None, bind: Any = None, **kw: Any) -> Any:
        found = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kw)
        if not self.info.get(READ_ONLY) or not isinstance(found, Engine):
            return found
        if found.dialect.name == "sqlite":
            return found
        engine = _autocommit_engines.get(found)
        if engine is None:
            # Shares the pool; the pool puts the isolation level back when a connection
            # returns to it.
            engine = found.execution_options(isolation_level="AUTOCOMMIT")
            _autocommit_engines[found] = engine
        return engine


@event.listens_for(Session, "before_flush")
def _no_changes(session: Session, flush_context: Any, instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("A view marked read_only changed objects of the database session.")
