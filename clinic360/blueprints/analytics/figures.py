"""The statements that the clinic's, the doctor's and the platform's figures share. Each is one
SQL aggregation over the visits of a range (GROUP BY with counts FILTERed by status), so the
number of queries does not grow with the range, the visits or the doctors.

Definitions (the endpoints' docstrings repeat them):
- a visit counts in a range when it starts in it (local dates of the clinic's, the doctor's
  schedule's, or UTC for the platform);
- appointments: every status but cancelled; completed, noShows, cancelled: by status;
  noShowRate = noShows / (completed + noShows), null when both are 0;
- a patient is new in the range when their first non-cancelled visit (at the clinic; with the
  doctor) ever falls in it, returning when they had one before it; patients whose only visits
  in the range were cancelled are neither;
- bookedMinutes: the durations of the non-cancelled visits;
- revenue: the ledger's charges of the range's visits (whatever their status) less the refunds
  of them, whenever the refund came; the platform's fees are not taken off.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, distinct, exists, func, null, select, union_all
from sqlalchemy.orm import aliased

from clinic360.blueprints.analytics.calendar import const, minutes_between
from clinic360.blueprints.analytics.offered import DayException, WeeklyHours, offered_minutes
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AppointmentStatus,
    DoctorProfile,
    DoctorSchedule,
    LedgerEntry,
    LedgerKind,
    ScheduleException,
    ScheduleRule,
    User,
)

A = Appointment
CANCELLED = AppointmentStatus.CANCELLED.value
NOT_CANCELLED = A.status != const(CANCELLED)


def counts() -> tuple[Any, ...]:
    """appointments, completed, no_shows, cancelled of the grouped visits."""
    return (
        func.count().filter(NOT_CANCELLED).label("appointments"),
        func.count()
        .filter(A.status == const(AppointmentStatus.COMPLETED.value))
        .label("completed"),
        func.count().filter(A.status == const(AppointmentStatus.NO_SHOW.value)).label("no_shows"),
        func.count().filter(A.status == const(CANCELLED)).label("cancelled"),
    )


def booked_minutes(dialect: str) -> Any:
    minutes = minutes_between(dialect, A.start_at, A.end_at)
    return func.coalesce(func.sum(minutes).filter(NOT_CANCELLED), 0).label("booked")


def count_row(row: Any) -> dict[str, int]:
    return {
        "appointments": int(row.appointments),
        "completed": int(row.completed),
        "no_shows": int(row.no_shows),
        "cancelled": int(row.cancelled),
    }


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def new_and_returning(
    visits: ColumnElement[bool],
    scope: Callable[[Any], ColumnElement[bool]],
    lo: Any,
    by_doctor: bool,
) -> dict[int | None, tuple[int, int]]:
    """{doctor id: (new, returning)} and under None the patients without regard to doctor.

    `visits` picks the range's visits, `scope(table)` the visits that count as having come
    before (the clinic's, the doctor's). One statement: the (doctor, patient) pairs seen in the
    range, and for each whether the patient had a non-cancelled visit in scope before the range
    (with that doctor; with anyone). Each is one probe of an index on (clinic_id, patient_id,
    doctor_id, start_at) of the non-cancelled visits (ix_appointments_clinic_patient), so the
    work follows the range's patients, not the clinic's whole history."""
    seen = select(A.doctor_id, A.patient_id).where(visits, NOT_CANCELLED).distinct().cte("seen")
    before = aliased(A, name="earlier")

    def came_before(*extra: ColumnElement[bool]) -> Any:
        return exists().where(
            scope(before),
            before.patient_id == seen.c.patient_id,
            *extra,
            before.status != const(CANCELLED),
            before.start_at < lo,
        )

    columns = [seen.c.doctor_id, seen.c.patient_id, came_before().label("came")]
    if by_doctor:
        columns.append(came_before(before.doctor_id == seen.c.doctor_id).label("came_to_doctor"))
    flags = select(*columns).cte("flags")
    patients = select(
        null().label("doctor_id"),
        func.count(distinct(flags.c.patient_id)).filter(~flags.c.came).label("new_count"),
        func.count(distinct(flags.c.patient_id)).filter(flags.c.came).label("returning_count"),
    )
    stmt: Any = patients
    if by_doctor:
        stmt = union_all(
            patients,
            select(
                flags.c.doctor_id,
                func.count().filter(~flags.c.came_to_doctor),
                func.count().filter(flags.c.came_to_doctor),
            ).group_by(flags.c.doctor_id),
        )
    return {row[0]: (int(row[1]), int(row[2])) for row in db.session.execute(stmt)}


def revenue_rows(visits: ColumnElement[bool], *group: Any) -> list[Any]:
    """(group..., currency, net, charges) of the ledger's charges and refunds of the visits."""
    charge = LedgerEntry.kind == const(LedgerKind.CHARGE.value)
    stmt = (
        select(
            *group, LedgerEntry.currency, func.sum(LedgerEntry.amount), func.count().filter(charge)
        )
        .join(A, A.id == LedgerEntry.appointment_id)
        .where(
            visits,
            LedgerEntry.kind.in_([const(LedgerKind.CHARGE.value), const(LedgerKind.REFUND.value)]),
        )
        .group_by(*group, LedgerEntry.currency)
    )
    return list(db.session.execute(stmt))


def main_currency(rows: Sequence[Any], fees: Iterable[str | None], default: str) -> str:
    """The currency the figures are given in: the one with the most payments among the
    revenue rows, else the most common of the doctors' fee currencies, else the default;
    ties go to the alphabetically first."""
    paid: Counter[str] = Counter()
    for *_, currency, _net, charges in rows:
        paid[currency] += int(charges or 0)
    if not paid:
        paid = Counter(c for c in fees if c)
    if paid:
        return sorted(paid.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return default


def by_currency(rows: Sequence[Any]) -> dict[str, int]:
    """{currency: net} over the revenue rows."""
    totals: dict[str, int] = {}
    for *_, currency, net, _charges in rows:
        totals[currency] = totals.get(currency, 0) + int(net or 0)
    return totals


@dataclass
class DoctorInfo:
    id: int
    full_name: str
    rating: float | None
    rating_count: int
    currency: str | None
    timezone: str | None
    rules: list[WeeklyHours] = field(default_factory=list)
    exceptions: list[DayException] = field(default_factory=list)

    def offered(self, lo: Any, hi: Any) -> int:
        if self.timezone is None:
            return 0
        try:
            return offered_minutes(self.timezone, self.rules, self.exceptions, lo, hi)
        except (ZoneInfoNotFoundError, ValueError):  # a zone this system does not know
            return offered_minutes("UTC", self.rules, self.exceptions, lo, hi)


def doctors_with_schedules(
    ids: Any, lo: Any, hi: Any, also: Iterable[int] = ()
) -> dict[int, DoctorInfo]:
    """The doctors (`ids`: a subquery or list, and `also`) with their profile's rating and
    currency and their schedule, rules and exceptions around [lo, hi): three queries."""
    rows = db.session.execute(
        select(
            User.id,
            User.full_name,
            DoctorProfile.rating,
            DoctorProfile.rating_count,
            DoctorProfile.currency,
            DoctorSchedule.timezone,
        )
        .outerjoin(DoctorProfile, DoctorProfile.user_id == User.id)
        .outerjoin(DoctorSchedule, DoctorSchedule.doctor_id == User.id)
        .where(User.id.in_(ids) | User.id.in_(list(also)))
        .order_by(User.full_name, User.id)
    )
    doctors = {
        r.id: DoctorInfo(
            r.id,
            r.full_name,
            float(r.rating) if r.rating is not None else None,
            r.rating_count or 0,
            r.currency,
            r.timezone,
        )
        for r in rows
    }
    with_schedule = [d.id for d in doctors.values() if d.timezone]
    if not with_schedule:
        return doctors
    rules = select(ScheduleRule).where(ScheduleRule.doctor_id.in_(with_schedule))
    for rule in db.session.scalars(rules):
        doctors[rule.doctor_id].rules.append(
            WeeklyHours(rule.day_of_week, rule.start_time, rule.end_time)
        )
    # Local dates of any zone lie within a day of the UTC dates.
    exceptions = select(ScheduleException).where(
        ScheduleException.doctor_id.in_(with_schedule),
        ScheduleException.date >= lo.date() - timedelta(days=2),
        ScheduleException.date <= hi.date() + timedelta(days=2),
    )
    for e in db.session.scalars(exceptions):
        doctors[e.doctor_id].exceptions.append(
            DayException(e.date, e.is_available, e.start_time, e.end_time)
        )
    return doctors


def figures(
    count: dict[str, int] | None,
    booked: float,
    offered: int,
    patients: tuple[int, int],
    revenue: int,
    currency: str,
) -> dict[str, Any]:
    """Figures of a clinic, a doctor or the platform, as the API gives them."""
    count = count or {"appointments": 0, "completed": 0, "no_shows": 0, "cancelled": 0}
    booked_minutes = round(float(booked or 0))
    return {
        **count,
        "no_show_rate": rate(count["no_shows"], count["completed"] + count["no_shows"]),
        "new_patients": patients[0],
        "returning_patients": patients[1],
        "offered_minutes": offered,
        "booked_minutes": booked_minutes,
        "utilisation": rate(booked_minutes, offered),
        "revenue": {"amount": revenue, "currency": currency},
    }
