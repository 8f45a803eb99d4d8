"""Periodic upkeep, run by every dispatcher loop (the worker's, and the inline one of a web
process without Redis) at most once a minute each: the expiry of unanswered appointment
requests, and the removal of idle throttle counters from the database."""

from __future__ import annotations

import logging
import time
from datetime import datetime

from clinic360 import throttle
from clinic360.blueprints.appointments import service as appointments
from clinic360.extensions import db

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 60.0
_last_run: float | None = None


def expire_requests(now: datetime) -> int:
    """Withdraw the requests due to expire at `now` and commit; how many."""
    expired = appointments.expire_pending(now)
    db.session.commit()
    if expired:
        log.info("expired %d unanswered appointment requests", len(expired))
    return len(expired)


def run_due(now: datetime) -> None:
    """The upkeep, unless this process ran it less than INTERVAL_SECONDS ago."""
    global _last_run
    clock = time.monotonic()
    if _last_run is not None and clock - _last_run < INTERVAL_SECONDS:
        return
    _last_run = clock
    expire_requests(now)
    throttle.prune(now)
