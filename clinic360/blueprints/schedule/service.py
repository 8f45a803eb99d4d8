"""Schedules as stored, turned into the slot engine's plain inputs, and bookable slots."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, cast, literal, null, select, union_all

# Each doctor's next free times, kept for result cards (see availability.py, staleness.py).
from clinic360.blueprints.schedule.availability import STORED_COLUMNS as STORED_COLUMNS
from clinic360.blueprints.schedule.availability import NextTimes as NextTimes
from clinic360.blueprints.schedule.availability import StoredTimes as StoredTimes
from clinic360.blueprints.schedule.availability import fresh_availability as fresh_availability
from clinic360.blueprints.schedule.availability import spec_for
from clinic360.blueprints.schedule.availability import stored_times as stored_times
from clinic360.blueprints.schedule.slots import DateException, Slot, compute_slots
from clinic360.blueprints.schedule.staleness import REFRESH_BATCH as REFRESH_BATCH
from clinic360.blueprints.schedule.staleness import REFRESH_BATCHES as REFRESH_BATCHES
from clinic360.blueprints.schedule.staleness import mark_stale as mark_stale
from clinic360.blueprints.schedule.staleness import refresh_due as refresh_due
from clinic360.errors import Invalid, NotFound
from clinic360.extensions import db
from clinic360.models import (
    ACTIVE_STATUSES,
    Appointment,
    DoctorSchedule,
    ScheduleException,
    ScheduleRule,
)
from clinic360.pagination import fetch_page

MAX_WINDOW_DAYS = 62


def get_schedule(doctor_id: int) -> DoctorSchedule | None:
    return db.session.get(DoctorSchedule, doctor_id)


def default_schedule(doctor_id: int) -> DoctorSchedule:
    return DoctorSchedule(
        doctor_id=doctor_id,
        timezone="UTC",
        slot_minutes=30,
        buffer_minutes=0,
        min_notice_minutes=60,
        horizon_days=30,
        requires_approval=True,
        late_change_hours=24,
        rules=[],
    )


def save_schedule(doctor_id: int, data: dict[str, Any]) -> DoctorSchedule:
    """Replace the doctor's settings and weekly rules."""
    schedule = get_schedule(doctor_id)
    if schedule is None:
        schedule = default_schedule(doctor_id)
        db.session.add(schedule)
    for name in (
        "timezone",
        "slot_minutes",
        "buffer_minutes",
        "min_notice_minutes",
        "horizon_days",
        "requires_approval",
        "late_change_hours",
    ):
        if name in data:
            setattr(schedule, name, data[name])
    if "rules" in data:
        schedule.rules = [
            ScheduleRule(
                day_of_week=r["day_of_week"], start_time=r["start_time"], end_time=r["end_time"]
            )
            for r in data["rules"]
        ]
    return schedule


def add_exception(doctor_id: int, data: dict[str, Any]) -> ScheduleException:
    exception = ScheduleException(doctor_id=doctor_id, **data)
    db.session.add(exception)
    return exception


def exceptions_page(
    doctor_id: int, since: date, page: int, page_size: int
) -> tuple[list[ScheduleException], int]:
    """A doctor's exceptions on `since` and after, by date and time."""
    return fetch_page(
        select(ScheduleException).where(
            ScheduleException.doctor_id == doctor_id, ScheduleException.date >= since
        ),
        page,
        page_size,
        (ScheduleException.date, ScheduleException.start_time, ScheduleException.id),
    )


def delete_exception(doctor_id: int, exception_id: int) -> None:
    exception = db.session.get(ScheduleException, exception_id)
    if exception is None or exception.doctor_id != doctor_id:
        raise NotFound("No such exception.")
    db.session.delete(exception)


def _null(column: Any) -> Any:
    return cast(null(), column.type)


# The active statuses written into the statement's text, not sent as parameters: PostgreSQL
# plans a prepared statement once (a generic plan) only when that plan is as cheap as one made
# for each execution's values, and with the statuses unknown it was not, so each execution was
# planned anew (0.8 ms, more than running it).
_ACTIVE = bindparam("active", sorted(ACTIVE_STATUSES), expanding=True, literal_execute=True)


@functools.cache
def _exceptions_and_busy_statement(excluding: bool) -> Any:
    """The UNION ALL of :func:`exceptions_and_busy`, built once (building it cost more than
    running it)."""
    exception, appointment = ScheduleException.__table__.c, Appointment.__table__.c
    doctor = bindparam("doctor_id")
    exceptions = select(
        literal("x").label("kind"),
        exception.date,
        exception.is_available,
        exception.start_time,
        exception.end_time,
        _null(appointment.start_at).label("start_at"),
        _null(appointment.end_at).label("end_at"),
    ).where(
        exception.doctor_id == doctor,
        exception.date >= bindparam("first", type_=exception.date.type),
        exception.date <= bindparam("last", type_=exception.date.type),
    )
    busy = select(
        literal("b"),
        _null(exception.date),
        _null(exception.is_available),
        _null(exception.start_time),
        _null(exception.end_time),
        appointment.start_at,
        appointment.end_at,
    ).where(
        appointment.doctor_id == doctor,
        appointment.status.in_(_ACTIVE),
        appointment.start_at < bindparam("end", type_=appointment.start_at.type),
        appointment.end_at > bindparam("start", type_=appointment.end_at.type),
    )
    if excluding:
        busy = busy.where(appointment.id != bindparam("exclude_id"))
    return union_all(exceptions, busy)


def exceptions_and_busy(
    doctor_id: int,
    first: date,
    last: date,
    start: datetime,
    end: datetime,
    exclude_id: int | None = None,
) -> tuple[list[DateException], list[tuple[datetime, datetime]]]:
    """The doctor's date exceptions of local dates first..last and their active appointments
    meeting start..end (but `exclude_id`), read together: one query (UNION ALL)."""
    values: dict[str, Any] = {
        "doctor_id": doctor_id, "first": first, "last": last, "start": start, "end": end
    }  # fmt: skip
    if exclude_id is not None:
        values["exclude_id"] = exclude_id
    found: list[DateException] = []
    taken: list[tuple[datetime, datetime]] = []
    statement = _exceptions_and_busy_statement(exclude_id is not None)
    for row in db.session.execute(statement, values):
        if row.kind == "x":
            found.append(DateException(row.date, row.is_available, row.start_time, row.end_time))
        else:
            taken.append((row.start_at, row.end_at))
    return found, taken


def check_window(first: date, last: date) -> None:
    if last < first:
        raise Invalid(fields={"to": ["The end of the window comes before its start."]})
    if (last - first).days >= MAX_WINDOW_DAYS:
        raise Invalid(fields={"to": [f"Ask for at most {MAX_WINDOW_DAYS} days at a time."]})


def available_slots(
    schedule: DoctorSchedule,
    first: date,
    last: date,
    now: datetime,
    exclude_id: int | None = None,
) -> list[Slot]:
    """Bookable slots of local dates first..last: one query (exceptions and busy times)
    whatever the window, with the schedule's rules loaded."""
    check_window(first, last)
    zone = ZoneInfo(schedule.timezone)
    margin = timedelta(days=2, minutes=schedule.buffer_minutes)
    window_start = datetime.combine(first, datetime.min.time(), zone) - margin
    window_end = datetime.combine(last, datetime.min.time(), zone) + margin
    exceptions, busy = exceptions_and_busy(
        schedule.doctor_id, first - timedelta(days=1), last, window_start, window_end, exclude_id
    )
    return compute_slots(spec_for(schedule), exceptions, busy, first, last, now)


def find_slot(
    schedule: DoctorSchedule, start: datetime, now: datetime, exclude_id: int | None = None
) -> Slot | None:
    """The free slot starting exactly at `start`, if the engine offers one."""
    local_day = start.astimezone(ZoneInfo(schedule.timezone)).date()
    for slot in available_slots(schedule, local_day, local_day, now, exclude_id):
        if slot.start == start:
            return slot
    return None


def lock_schedule(doctor_id: int) -> DoctorSchedule | None:
    """The doctor's schedule row, locked until commit on PostgreSQL, so that bookings and
    moves of one doctor's time run one after another (SQLite writes one at a time anyway)."""
    return db.session.scalars(
        select(DoctorSchedule)
        .where(DoctorSchedule.doctor_id == doctor_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def today_for(schedule: DoctorSchedule, now: datetime) -> date:
    return now.astimezone(ZoneInfo(schedule.timezone)).date()
