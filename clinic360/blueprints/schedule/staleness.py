"""Doctors' stored next times marked stale when something changes their free time, and
stale ones worked out again periodically.

Marks come from an after_flush hook for ORM changes (appointments: inserted, deleted, or their
status, time or doctor changed; schedules, weekly rules, exceptions: any change), and from
`mark_stale` for changes made with Core statements, which no flush sees. Both write in the
transaction of the change, so the mark commits (or rolls back) with it.

A mark is the moment of the change moved a century back: stale at any `now`, ordered oldest
first like real stale times, and distinct from every earlier mark, so that a refresh that read
the row before the change can tell the row has changed since (see availability._store).
Missing rows are created as marked, for existing users only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import chain
from typing import Any

from sqlalchemy import event, inspect, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from clinic360.blueprints.schedule.availability import fresh_availability
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    DoctorProfile,
    DoctorSchedule,
    ScheduleException,
    ScheduleRule,
    User,
    VerificationStatus,
)
from clinic360.models.search import DoctorAvailability

TABLE = DoctorAvailability.__table__
# The periodic refresh: rows per batch, batches per run.
REFRESH_BATCH = 500
REFRESH_BATCHES = 4
# A stale mark is the moment of the change moved this far back.
STALE_SHIFT = timedelta(days=36525)


def _stale_statement(dialect: str, doctor_ids: Iterable[int], at: datetime) -> Executable:
    """Mark the doctors' rows stale, creating missing ones (for existing users only)."""
    mark = at - STALE_SHIFT
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    ids = sorted(set(doctor_ids))
    source = select(
        User.id, literal(mark, TABLE.c.computed_at.type), literal(mark, TABLE.c.stale_at.type)
    ).where(User.id.in_(ids))
    # In id order, as refreshes write them: two transactions never wait for each other's rows
    # the other way round.
    source = source.order_by(User.id)
    stmt = insert(TABLE).from_select(["doctor_id", "computed_at", "stale_at"], source)
    return stmt.on_conflict_do_update(
        index_elements=[TABLE.c.doctor_id], set_={"stale_at": stmt.excluded.stale_at}
    )


def mark_stale(doctor_ids: Iterable[int]) -> None:
    """Mark the doctors' next times stale in this transaction: for changes made with Core
    statements, which the flush hook does not see."""
    ids = set(doctor_ids)
    if ids:
        dialect = db.session.get_bind().dialect.name
        db.session.execute(_stale_statement(dialect, ids, now_utc()))


_APPOINTMENT_TIME = ("status", "start_at", "end_at", "doctor_id")


def _touched(session: Session, obj: object) -> set[int]:
    if isinstance(obj, Appointment):
        if obj in session.new or obj in session.deleted:
            return {obj.doctor_id}
        state = inspect(obj)
        doctors: set[int] = set()
        for name in _APPOINTMENT_TIME:
            history = state.attrs[name].history
            if history.has_changes():
                doctors.add(obj.doctor_id)
                if name == "doctor_id":
                    doctors.update(history.deleted or ())
        return doctors
    if isinstance(obj, DoctorSchedule | ScheduleRule | ScheduleException) and (
        obj in session.new or obj in session.deleted or session.is_modified(obj)
    ):
        return {obj.doctor_id}
    return set()


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    """Mark stale, in the flush's own transaction, the next times of every doctor whose
    appointments (status or time), schedule, rules or exceptions this flush changed."""
    doctors: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        doctors |= _touched(session, obj)
    doctors.discard(None)  # type: ignore[arg-type]
    if doctors:
        connection = session.connection()
        connection.execute(_stale_statement(connection.dialect.name, doctors, now_utc()))


# --- Periodic refresh ----------------------------------------------------------------------


def _listed():
    return (
        DoctorProfile.verification_status == VerificationStatus.VERIFIED,
        User.is_active.is_(True),
    )


def due_doctors(now: datetime, limit: int = REFRESH_BATCH) -> list[int]:
    """Listed doctors whose row is stale (the stalest first) and listed doctors without a row,
    sharing the batch: each kind gets at least half of `limit` when it has that many, so
    doctors without a row are not kept waiting behind a long stale queue. Two queries."""
    stale = list(
        db.session.scalars(
            select(TABLE.c.doctor_id)
            .join(DoctorProfile, DoctorProfile.user_id == TABLE.c.doctor_id)
            .join(User, User.id == DoctorProfile.user_id)
            .where(TABLE.c.stale_at <= now, *_listed())
            .order_by(TABLE.c.stale_at, TABLE.c.doctor_id)
            .limit(limit)
        )
    )
    missing = list(
        db.session.scalars(
            select(DoctorProfile.user_id)
            .join(User, User.id == DoctorProfile.user_id)
            .outerjoin(TABLE, TABLE.c.doctor_id == DoctorProfile.user_id)
            .where(TABLE.c.doctor_id.is_(None), *_listed())
            .order_by(DoctorProfile.user_id)
            .limit(limit)
        )
    )
    take_missing = min(len(missing), max(limit - len(stale), limit // 2))
    return stale[: limit - take_missing] + missing[:take_missing]


def refresh_due(now: datetime, limit: int = REFRESH_BATCH) -> int:
    """Work out again one batch of due rows (see `due_doctors`); how many. No commit."""
    ids = due_doctors(now, limit)
    if ids:
        fresh_availability(ids, now)
    return len(ids)
