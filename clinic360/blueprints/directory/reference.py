"""Reference data kept in memory: the specialties list and the search vocabulary, read from
the database at most once per CACHE_SECONDS per process instead of once per request; and the
directory's totals (how many doctors a search finds), which also follow the doctors.

How a change is seen:
- in the process that makes it: at once. A flush that writes a specialty or a synonym drops
  the cache (one that writes a doctor's profile or a user, the totals), and so does the end
  (commit or rollback) of the transaction it was made in, or the rollback of a savepoint in
  it, so nothing read while it was uncommitted outlives it;
- in other processes (gunicorn workers, other hosts): within CACHE_SECONDS (a total may be
  that much behind the page it is shown with).

Entries are kept per database (the engine's URL), so apps on different databases in one
process never share them; at most MAX_ENTRIES (totals beyond that are dropped).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from clinic360.extensions import db
from clinic360.models import DoctorProfile, SearchSynonym, Specialty, User

CACHE_SECONDS = 30.0
MAX_ENTRIES = 1000
REFERENCE_MODELS = (Specialty, SearchSynonym)
DIRECTORY_MODELS = (DoctorProfile, User)  # what the totals count
TOTALS = "total:"  # the names of the totals' entries begin so
# On a connection whose transaction wrote reference data: drop the cache when it ends.
WROTE = "clinic360.reference_written"

T = TypeVar("T")
_entries: dict[tuple[str, str], tuple[float, Any]] = {}
_lock = threading.Lock()
# Grows with every clear: a value read before a clear is not kept after it.
_generation = 0


def _database() -> str:
    return db.session.get_bind().engine.url.render_as_string(hide_password=True)


def cached(name: str, load: Callable[[], T]) -> T:
    """`load()`'s answer, kept CACHE_SECONDS for this database (see the module's notes)."""
    key = (_database(), name)
    now = time.monotonic()
    entry = _entries.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]
    generation = _generation
    value = load()
    with _lock:
        if generation == _generation:
            if len(_entries) >= MAX_ENTRIES:
                _drop_totals()
            _entries[key] = (now + CACHE_SECONDS, value)
    return value


def clear(*, totals_only: bool = False) -> None:
    global _generation
    with _lock:
        _generation += 1
        if totals_only:
            _drop_totals()
        else:
            _entries.clear()


def _drop_totals() -> None:
    for key in [key for key in _entries if key[1].startswith(TOTALS)]:
        del _entries[key]


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, REFERENCE_MODELS) for obj in changed):
        session.connection().info[WROTE] = "all"
        clear()
    elif any(isinstance(obj, DIRECTORY_MODELS) for obj in changed):
        info = session.connection().info
        info[WROTE] = info.get(WROTE) or TOTALS
        clear(totals_only=True)


def _transaction_ended(connection: Connection) -> None:
    if connection.invalidated:
        # A lost connection: its info cannot be read, and what it wrote is gone either way.
        clear()
        return
    wrote = connection.info.pop(WROTE, None)
    if wrote:
        clear(totals_only=wrote == TOTALS)


def _savepoint_rolled_back(connection: Connection, *_: Any) -> None:
    # What was read inside it may be gone; the transaction goes on (and may still write).
    wrote = connection.info.get(WROTE)
    if wrote:
        clear(totals_only=wrote == TOTALS)


event.listen(Engine, "commit", _transaction_ended)
event.listen(Engine, "rollback", _transaction_ended)
event.listen(Engine, "rollback_savepoint", _savepoint_rolled_back)
