"""A clinic's figures over a range of its local dates: totals, by day and by doctor.

A clinic's visits are the appointments with its clinic_id (read through the index on
(clinic_id, start_at)). Its doctors are its ClinicDoctor rows and any other doctor with a
visit of the clinic in the range. A schedule is not kept per clinic: a doctor's offered
minutes are all the hours of their weekly schedule in the range, set against the minutes
booked at this clinic. Seven queries whatever the range and the number of doctors.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import and_, select

from clinic360.blueprints.analytics import figures as f
from clinic360.blueprints.analytics.calendar import LocalDates, Period, as_date, const, days
from clinic360.extensions import db
from clinic360.models import Clinic, ClinicDoctor

A = f.A


def clinic_analytics(clinic: Clinic, zone: str, start: date, end: date) -> dict[str, Any]:
    """The answer of GET /api/clinic/analytics (see figures.py for the definitions), in the
    clinic's time zone `zone`."""
    dialect = db.session.get_bind().dialect.name
    period = Period(start, end, zone)
    lo, hi = period.lo, period.hi
    local = LocalDates(dialect, period)
    sql_lo, sql_hi = period.bounds()
    clinic_id = const(clinic.id)
    visits = and_(A.clinic_id == clinic_id, A.start_at >= sql_lo, A.start_at < sql_hi)

    # One pass over the range's visits, by (local date, doctor): at most days x doctors rows,
    # folded here into the days and the doctors.
    day = local.day(A.start_at).label("day")
    by_day: dict[Any, list[int]] = {}
    by_doctor: dict[int, list[Any]] = {}
    for day_value, doctor_id, *counts, booked in db.session.execute(
        select(day, A.doctor_id, *f.counts(), f.booked_minutes(dialect))
        .where(visits)
        .group_by(day, A.doctor_id)
    ):
        on_day = by_day.setdefault(day_value, [0, 0, 0, 0])
        of_doctor = by_doctor.setdefault(doctor_id, [0, 0, 0, 0, 0.0])
        for i, value in enumerate(counts):
            on_day[i] += value
            of_doctor[i] += value
        of_doctor[4] += float(booked or 0)
    daily = {as_date(d): _counts(values) for d, values in by_day.items()}
    per_doctor = {d: (_counts(values), values[4]) for d, values in by_doctor.items()}
    patients = f.new_and_returning(
        visits, lambda t: t.clinic_id == clinic_id, sql_lo, by_doctor=True
    )
    revenue = f.revenue_rows(visits, A.doctor_id)
    listed = select(ClinicDoctor.doctor_id).where(ClinicDoctor.clinic_id == clinic_id)
    doctors = f.doctors_with_schedules(listed, lo, hi, also=per_doctor.keys())

    default = current_app.config["DEFAULT_CURRENCY"]
    currency = f.main_currency(revenue, (d.currency for d in doctors.values()), default)
    doctor_revenue: dict[int, int] = {}
    for doctor_id, row_currency, net, _charges in revenue:
        if row_currency == currency:
            doctor_revenue[doctor_id] = int(net or 0)

    rows = []
    for doctor in doctors.values():
        count, booked = per_doctor.get(doctor.id, (None, 0))
        rows.append(
            {
                "doctor_id": doctor.id,
                "full_name": doctor.full_name,
                "rating": doctor.rating,
                "rating_count": doctor.rating_count,
                **f.figures(
                    count,
                    booked,
                    doctor.offered(lo, hi),
                    patients.get(doctor.id, (0, 0)),
                    doctor_revenue.get(doctor.id, 0),
                    currency,
                ),
            }
        )
    totals = f.figures(
        _sum_counts(daily.values()),
        sum(booked for _, booked in per_doctor.values()),
        sum(row["offered_minutes"] for row in rows),
        patients.get(None, (0, 0)),
        sum(doctor_revenue.values()),
        currency,
    )
    return {
        "clinic_id": clinic.id,
        "start": start,
        "end": end,
        "timezone": zone,
        "currency": currency,
        "totals": totals,
        "revenue_by_currency": _money(f.by_currency(revenue)),
        "by_day": [{"date": d, **daily.get(d, _zero())} for d in days(start, end)],
        "by_doctor": rows,
    }


COUNTS = ("appointments", "completed", "no_shows", "cancelled")


def _zero() -> dict[str, int]:
    return dict.fromkeys(COUNTS, 0)


def _counts(values: list[Any]) -> dict[str, int]:
    return {key: int(value) for key, value in zip(COUNTS, values, strict=False)}


def _sum_counts(rows: Any) -> dict[str, int]:
    total = _zero()
    for row in rows:
        for key in COUNTS:
            total[key] += row[key]
    return total


def _money(amounts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"amount": amount, "currency": c} for c, amount in sorted(amounts.items())]
