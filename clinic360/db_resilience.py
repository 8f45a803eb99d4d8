"""Pooled database connections without a ping on every checkout.

SQLAlchemy's ``pool_pre_ping`` costs a round trip to the database on each checkout, so once
per request. Instead (SQLAlchemy's documented disconnect handling, optimistic with a cheap
pessimistic part):

- connections are recycled after DB_POOL_RECYCLE_SECONDS (config.py), before a server or a
  firewall drops them for their age;
- a connection that sat in the pool DB_PING_IDLE_SECONDS or longer is pinged when it is
  checked out, since a quiet pool is where dead connections wait (a database restart, an idle
  timeout); a dead one makes the pool replace it and every connection older than it;
- a connection that dies while in use fails its statement; SQLAlchemy then invalidates the
  pool, and :func:`retry_read` runs a request that only reads (GET, HEAD, OPTIONS) once more
  on a fresh connection, so the caller never sees that error. A write is not repeated: it
  answers 503 database_unavailable (clinic360/errors.py), which the caller may retry.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g, request
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

from clinic360.errors import connection_lost
from clinic360.extensions import db
from clinic360.read_only import READ_ONLY, is_read_only_request

log = logging.getLogger(__name__)

T = TypeVar("T")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_IDLE_SINCE = "clinic360_idle_since"


def ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    """Ping connections checked out after `idle_seconds` or more in the pool (not others)."""
    if engine.dialect.name == "sqlite":
        return
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        if dbapi_connection is not None:
            record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            log.warning("A pooled database connection was dead; the pool reconnects")
            raise exc.InvalidatePoolError() from error
        if not alive:
            raise exc.InvalidatePoolError()


def new_request() -> None:
    """Forget the last request's marks (an app context can outlive a request: in tests)."""
    g.pop("_db_retried", None)
    g.pop("commit_sent", None)
    info = db.session.info
    if is_read_only_request():
        info[READ_ONLY] = True
    else:
        info.pop(READ_ONLY, None)


def end_request(error: BaseException | None = None) -> None:
    """The session goes on with transactions after the request (a test's app context)."""
    db.session.info.pop(READ_ONLY, None)


def retry_read(call: Callable[[], T]) -> T:
    """Run `call` (a request's hooks or its view); when a read request's connection turned out
    dead, roll back and run it once more (the pool has been invalidated by then)."""
    try:
        return call()
    except exc.SQLAlchemyError as error:
        if (
            not connection_lost(error)
            or request.method not in SAFE_METHODS
            or g.get("_db_retried")
            or g.get("commit_sent")  # the commit may have gone through: never twice
        ):
            raise
        g._db_retried = True
        log.warning("The database connection was lost; %s repeated once", request.method)
        db.session.rollback()
        g.pop("_login_user", None)  # loaded again on the new connection
        g.pop("auth_session_id", None)
        return call()
