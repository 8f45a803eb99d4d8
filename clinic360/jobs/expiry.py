"""Periodic upkeep, run by every dispatcher loop (the worker's, and the inline one of a web
process without Redis) at most once a minute each: billing first (pending refunds retried, open
checkouts reconciled with the provider), the expiry of unanswered or unpaid appointment
requests, the refresh of doctors' stored next free times that have gone stale (so that search
sorts and filters by them rightly for doctors nobody looked at), and the removal of idle
throttle counters from the database."""

from __future__ import annotations

import logging
import time
from datetime import datetime

from clinic360 import deferred, throttle
from clinic360.blueprints.appointments import service as appointments
from clinic360.blueprints.billing import service as billing
from clinic360.blueprints.schedule import service as schedules
from clinic360.extensions import db

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 60.0
_last_run: float | None = None


def expire_requests(now: datetime) -> int:
    """Withdraw the requests due to expire at `now` and commit; how many."""
    expired = appointments.expire_pending(now)
    db.session.commit()
    deferred.run_after_commit()  # refunds of paid requests, open checkouts ended
    if expired:
        log.info("expired %d unanswered appointment requests", len(expired))
    return len(expired)


def refresh_availability(now: datetime, batches: int = schedules.REFRESH_BATCHES) -> int:
    """Work out again the stalest stored next free times (and create missing ones), a batch
    at a time, committing each; how many rows."""
    done = 0
    for _ in range(batches):
        count = schedules.refresh_due(now)
        db.session.commit()
        done += count
        if count < schedules.REFRESH_BATCH:
            break
    if done:
        log.info("refreshed the next free times of %d doctors", done)
    return done


def run_due(now: datetime) -> None:
    """The upkeep, unless this process ran it less than INTERVAL_SECONDS ago."""
    global _last_run
    clock = time.monotonic()
    if _last_run is not None and clock - _last_run < INTERVAL_SECONDS:
        return
    _last_run = clock
    # The provider's word on open checkouts and pending refunds first: a request paid while
    # its webhook was lost is not withdrawn as unpaid.
    billing.upkeep(now)
    expire_requests(now)
    throttle.prune(now)
    refresh_availability(now)  # last: the longest, and it sees the expiries' marks
