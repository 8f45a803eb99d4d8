"""Work that must happen only once a transaction has been kept: asking a payment provider to
refund, say. A service defers it while it changes the database; the request's commit point
(clinic360.api) runs it after a successful commit and drops it on a rollback. Jobs that defer
work call `run_after_commit` after their own commit.

A deferred callable runs in a fresh transaction of the same session and commits its own work;
an exception is logged and rolled back (the periodic upkeep retries what it left undone), never
turned into an error for an answer that has already been committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from clinic360.extensions import db

log = logging.getLogger(__name__)
_KEY = "clinic360.after_commit"


def after_commit(callback: Callable[..., Any], *args: Any) -> None:
    """Run `callback(*args)` once the current transaction has committed."""
    db.session.info.setdefault(_KEY, []).append((callback, args))


def discard() -> None:
    """Forget deferred work (the transaction rolled back)."""
    db.session.info.pop(_KEY, None)


def run_after_commit() -> None:
    """Run the deferred work, in order, each in its own transaction."""
    while pending := db.session.info.pop(_KEY, None):
        for callback, args in pending:
            try:
                callback(*args)
                db.session.commit()
            except Exception:
                db.session.rollback()
                log.exception("deferred %s failed; the upkeep retries it", callback.__qualname__)
