"""Each doctor's next free times, kept in `doctor_availability` so that a page of result cards
reads them instead of working out slots per card.

A row holds the first three slots the slots endpoint would offer from the doctor's today to
the end of their horizon, and `stale_at`, the first moment that answer may change on its own:
when the first slot's notice runs out, when time brings a new slot inside the horizon (only
matters with fewer than three slots), and at most REFRESH_CAP after it was worked out.
Changes to a doctor's appointments, schedule or exceptions mark the row stale in the same
transaction (staleness.py: a flush hook, and `mark_stale` for bulk Core updates). A reader that
finds rows missing or stale works them all out again in one batch: a bounded number of
queries whatever the number of doctors. Nothing here commits.

Parallel writers: a stale mark is distinct from every earlier one (staleness.py), and a
refresh writes a row only if it still holds what the refresh read at its start. A refresh
that read the row before a booking committed therefore never overwrites the booking's stale
mark with times worked out without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import false, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload

from clinic360.blueprints.schedule.slots import (
    DateException,
    Rule,
    ScheduleSpec,
    Slot,
    compute_slots,
)
from clinic360.extensions import db
from clinic360.models import (
    ACTIVE_STATUSES,
    Appointment,
    DoctorSchedule,
    ScheduleException,
    User,
)
from clinic360.models.search import DoctorAvailability
from clinic360.read_only import autocommit

FIRST_SLOTS = 3
# A row is worked out again at least this often, as a safety net (a missed change, a day
# boundary that moves a slot's alignment); everything else that changes the answer is exact.
REFRESH_CAP = timedelta(hours=6)
# Days looked at before the whole horizon, widening: a busy doctor has three free slots within
# two days (refreshing them reads two days of bookings, not two weeks), most within two weeks.
ROUNDS = (2, 14, 62)
# How far past the horizon to look for the next slot that time will bring inside it.
ENTERING_DAYS = 2

# Storing the rows may give up on PostgreSQL: deadlock_detected, lock_not_available.
GAVE_UP = frozenset({"40P01", "55P03"})

TABLE = DoctorAvailability.__table__
COLUMNS = (TABLE.c.next_start, TABLE.c.next_slots, TABLE.c.computed_at, TABLE.c.stale_at)


@dataclass(frozen=True)
class NextTimes:
    next_start: datetime | None
    slots: list[Slot] = field(default_factory=list)


NONE = NextTimes(None, [])


class StoredTimes(NamedTuple):
    """A doctor's stored row, as a caller that read it with its own query passes it in."""

    doctor_id: int
    next_start: datetime | None
    next_slots: list[dict[str, str]] | None
    computed_at: datetime
    stale_at: datetime


# What a caller selects (outer-joined to the doctor) to pass the stored row in.
STORED_COLUMNS = (TABLE.c.doctor_id.label("stored_doctor_id"), *COLUMNS)


def stored_times(row: Sequence[Any]) -> StoredTimes | None:
    """The stored row from the values of STORED_COLUMNS; None when the doctor has none."""
    return None if row[0] is None else StoredTimes(*row)


def fresh_availability(
    doctor_ids: Iterable[int],
    now: datetime,
    stored: Mapping[int, StoredTimes | None] | None = None,
) -> dict[int, NextTimes]:
    """Each doctor's first free slots at `now` (up to three): stored rows that are still fresh,
    the others worked out again and stored. Unknown ids answer no slots. `stored`: the rows
    of every one of `doctor_ids` (None for a missing one) as the caller already read them in
    its own query (STORED_COLUMNS), which spares reading them here."""
    ids = sorted(set(doctor_ids))
    if not ids:
        return {}
    if stored is None:
        rows: Sequence[Any] = db.session.execute(
            select(TABLE.c.doctor_id, *COLUMNS).where(TABLE.c.doctor_id.in_(ids))
        ).all()
    else:
        rows = [row for row in (stored.get(doctor_id) for doctor_id in ids) if row is not None]
    found: dict[int, NextTimes] = {}
    read: dict[int, tuple[datetime, datetime]] = {}
    for row in rows:
        read[row.doctor_id] = (row.stale_at, row.computed_at)
        if row.stale_at > now:
            found[row.doctor_id] = _from_json(row.next_start, row.next_slots)
    stale = [doctor_id for doctor_id in ids if doctor_id not in found]
    if stale:
        worked_out = compute_next_times(stale, now)
        _store(worked_out, read, now)
        found.update((doctor_id, times) for doctor_id, (times, _) in worked_out.items())
    return {doctor_id: found.get(doctor_id, NONE) for doctor_id in ids}


# --- Working the times out -----------------------------------------------------------------


@dataclass
class _Plan:
    schedule: DoctorSchedule
    today: date
    last: date  # the horizon's last local date
    loaded_through: date | None = None
    exceptions: dict[int, DateException] = field(default_factory=dict)
    busy: dict[int, tuple[datetime, datetime]] = field(default_factory=dict)
    slots: list[Slot] = field(default_factory=list)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.schedule.timezone)

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), self.zone)


def compute_next_times(
    doctor_ids: list[int], now: datetime
) -> dict[int, tuple[NextTimes, datetime]]:
    """Next times and stale_at of existing users among `doctor_ids`, exactly as the slots
    endpoint would offer them asked from today to the end of the horizon. At most ten
    queries whatever the number of doctors: schedules with their rules, then per round (two
    days, two weeks, two months, the whole horizon) the exceptions and the busy times of the
    doctors that still have fewer than three slots."""
    pairs = db.session.execute(
        select(User.id, DoctorSchedule)
        .outerjoin(DoctorSchedule, DoctorSchedule.doctor_id == User.id)
        .where(User.id.in_(doctor_ids))
        .options(selectinload(DoctorSchedule.rules))
    ).all()
    result: dict[int, tuple[NextTimes, datetime]] = {}
    plans: list[_Plan] = []
    for user_id, schedule in pairs:
        if schedule is None:
            result[user_id] = (NONE, now + REFRESH_CAP)
            continue
        zone = ZoneInfo(schedule.timezone)
        today = now.astimezone(zone).date()
        last = (now + timedelta(days=schedule.horizon_days)).astimezone(zone).date()
        plans.append(_Plan(schedule, today, last))
    pending = plans
    for days in (*ROUNDS, None):
        if not pending:
            break
        targets = {
            plan.schedule.doctor_id: plan.last
            if days is None
            else min(plan.today + timedelta(days=days - 1), plan.last)
            for plan in pending
        }
        # The last round reads past the horizon, for the next slot time brings inside it.
        reach = {
            plan.schedule.doctor_id: targets[plan.schedule.doctor_id]
            + timedelta(days=ENTERING_DAYS if targets[plan.schedule.doctor_id] == plan.last else 0)
            for plan in pending
        }
        _load(pending, reach)
        still: list[_Plan] = []
        for plan in pending:
            target = targets[plan.schedule.doctor_id]
            spec = spec_for(plan.schedule)
            plan.slots = compute_slots(
                spec,
                list(plan.exceptions.values()),
                plan.busy.values(),
                plan.today,
                target,
                now,
            )
            if len(plan.slots) >= FIRST_SLOTS or target == plan.last:
                result[plan.schedule.doctor_id] = _finish(plan, now)
            else:
                still.append(plan)
        pending = still
    return result


def spec_for(schedule: DoctorSchedule) -> ScheduleSpec:
    """A stored schedule as the slot engine's plain input."""
    return ScheduleSpec(
        timezone=schedule.timezone,
        slot_minutes=schedule.slot_minutes,
        buffer_minutes=schedule.buffer_minutes,
        min_notice_minutes=schedule.min_notice_minutes,
        horizon_days=schedule.horizon_days,
        rules=tuple(Rule(r.day_of_week, r.start_time, r.end_time) for r in schedule.rules),
    )


def _load(plans: list[_Plan], reach: dict[int, date]) -> None:
    """Add to each plan the exceptions and busy times from where it was loaded through up to
    its reach (the day before its first day too, and two days' margin of busy times, as the
    slots endpoint reads them): two queries for all the plans."""
    spans: dict[int, tuple[date, date]] = {}
    for plan in plans:
        start = (
            plan.today - timedelta(days=1)
            if plan.loaded_through is None
            else plan.loaded_through + timedelta(days=1)
        )
        spans[plan.schedule.doctor_id] = (start, reach[plan.schedule.doctor_id])
    ids = list(spans)
    first = min(start for start, _ in spans.values())
    last = max(end for _, end in spans.values())
    by_id = {plan.schedule.doctor_id: plan for plan in plans}
    for row in db.session.scalars(
        select(ScheduleException).where(
            ScheduleException.doctor_id.in_(ids),
            ScheduleException.date >= first,
            ScheduleException.date <= last,
        )
    ):
        by_id[row.doctor_id].exceptions[row.id] = DateException(
            row.date, row.is_available, row.start_time, row.end_time
        )
    windows = []
    for plan in plans:
        start, end = spans[plan.schedule.doctor_id]
        margin = timedelta(days=2, minutes=plan.schedule.buffer_minutes)
        windows.append((plan.midnight(start) - margin, plan.midnight(end) + margin))
    busy = db.session.execute(
        select(
            Appointment.id, Appointment.doctor_id, Appointment.start_at, Appointment.end_at
        ).where(
            Appointment.doctor_id.in_(ids),
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.start_at < max(end for _, end in windows),
            Appointment.end_at > min(start for start, _ in windows),
        )
    )
    for row in busy:
        by_id[row.doctor_id].busy[row.id] = (row.start_at, row.end_at)
    for plan in plans:
        plan.loaded_through = spans[plan.schedule.doctor_id][1]


def _finish(plan: _Plan, now: datetime) -> tuple[NextTimes, datetime]:
    """The plan's first slots, and when they stop being the answer."""
    schedule = plan.schedule
    first = plan.slots[:FIRST_SLOTS]
    moments = [now + REFRESH_CAP]
    if first:
        # The first slot stops being bookable when its notice runs out.
        moments.append(first[0].start - timedelta(minutes=schedule.min_notice_minutes))
    if len(first) < FIRST_SLOTS:
        moments.append(_next_entry(plan, now))
    return NextTimes(first[0].start if first else None, first), min(moments)


def _next_entry(plan: _Plan, now: datetime) -> datetime:
    """When the horizon, moving on with time, reaches the next slot beyond it."""
    horizon = timedelta(days=plan.schedule.horizon_days)
    wider = replace(
        spec_for(plan.schedule), horizon_days=plan.schedule.horizon_days + ENTERING_DAYS
    )
    beyond = compute_slots(
        wider,
        list(plan.exceptions.values()),
        plan.busy.values(),
        plan.today,
        plan.last + timedelta(days=ENTERING_DAYS),
        now,
    )
    latest = now + horizon
    entering = next((slot for slot in beyond if slot.start > latest), None)
    if entering is None:
        return now + timedelta(days=ENTERING_DAYS)
    return entering.start - horizon


# --- Storing -------------------------------------------------------------------------------


def _insert():
    dialect = db.session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _from_json(next_start: datetime | None, slots: list[dict[str, str]] | None) -> NextTimes:
    return NextTimes(
        next_start,
        [
            Slot(
                _aware(datetime.fromisoformat(s["start"])), _aware(datetime.fromisoformat(s["end"]))
            )
            for s in slots or []
        ],
    )


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _store(
    worked_out: dict[int, tuple[NextTimes, datetime]],
    read: dict[int, tuple[datetime, datetime]],
    now: datetime,
) -> None:
    """Write the rows worked out: one statement. A row is replaced only while it still holds
    what was read before working it out (a missing one only inserted), so a stale mark written
    meanwhile by a change stays."""
    if not worked_out:
        return
    values = [
        {
            "doctor_id": doctor_id,
            "next_start": times.next_start,
            "next_slots": [
                {"start": slot.start.isoformat(), "end": slot.end.isoformat()}
                for slot in times.slots
            ],
            "computed_at": now,
            "stale_at": stale_at,
        }
        for doctor_id, (times, stale_at) in sorted(worked_out.items())
    ]
    expected = [
        (doctor_id, *read[doctor_id]) for doctor_id in sorted(worked_out) if doctor_id in read
    ]
    unchanged = (
        tuple_(TABLE.c.doctor_id, TABLE.c.stale_at, TABLE.c.computed_at).in_(expected)
        if expected
        else false()
    )
    stmt = _insert()(TABLE).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[TABLE.c.doctor_id],
        set_={column.name: stmt.excluded[column.name] for column in COLUMNS},
        where=unchanged,
    )
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.execute(stmt)  # SQLite: one writer at a time, no row locks
        return
    # A refresh may wait for a row a change holds until it commits (milliseconds). If it is
    # caught in a deadlock with a transaction that marks several doctors in another order, it
    # is the one that waited first, so the one PostgreSQL stops: the savepoint takes its
    # writes back, the rows stay stale for the next reader, and the times worked out are
    # still answered. A read-only view has no transaction to save (clinic360/read_only.py):
    # the statement is its own, committed or taken back by itself.
    try:
        if autocommit(db.session()):
            db.session.execute(stmt)
        else:
            with db.session.begin_nested():
                db.session.execute(stmt)
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) not in GAVE_UP:
            raise
