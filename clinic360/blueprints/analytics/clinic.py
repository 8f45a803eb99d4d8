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
from sqlalchemy import and_, select, union

from clinic360.blueprints.analytics import figures as f
from clinic360.blueprints.analytics.calendar import LocalDates, Period, as_date, days
from clinic360.extensions import db
from clinic360.models import Clinic, ClinicDoctor

A = f.A


def clinic_analytics(clinic: Clinic, start: date, end: date) -> dict[str, Any]:
    """The answer of GET /api/clinic/analytics (see figures.py for the definitions)."""
    dialect = db.session.get_bind().dialect.name
    period = Period(start, end, clinic.timezone)
    lo, hi = period.lo, period.hi
    local = LocalDates(dialect, period)
    visits = and_(A.clinic_id == clinic.id, A.start_at >= lo, A.start_at < hi)

    day = local.day(A.start_at).label("day")
    daily = {
        as_date(row.day): f.count_row(row)
        for row in db.session.execute(
            select(day, *f.counts()).where(visits).group_by(day).order_by(day)
        )
    }
    per_doctor = {
        row.doctor_id: (f.count_row(row), row.booked)
        for row in db.session.execute(
            select(A.doctor_id, *f.counts(), f.booked_minutes(dialect))
            .where(visits)
            .group_by(A.doctor_id)
        )
    }
    patients = f.new_and_returning(visits, A.clinic_id == clinic.id, lo, hi, by_doctor=True)
    revenue = f.revenue_rows(visits, A.doctor_id)
    doctor_ids = union(
        select(ClinicDoctor.doctor_id).where(ClinicDoctor.clinic_id == clinic.id),
        select(A.doctor_id).where(visits),
    )
    doctors = f.doctors_with_schedules(doctor_ids, lo, hi)

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
    zero = {"appointments": 0, "completed": 0, "no_shows": 0, "cancelled": 0}
    return {
        "clinic_id": clinic.id,
        "start": start,
        "end": end,
        "timezone": clinic.timezone,
        "currency": currency,
        "totals": totals,
        "revenue_by_currency": _money(f.by_currency(revenue)),
        "by_day": [{"date": d, **daily.get(d, zero)} for d in days(start, end)],
        "by_doctor": rows,
    }


def _sum_counts(rows: Any) -> dict[str, int]:
    total = {"appointments": 0, "completed": 0, "no_shows": 0, "cancelled": 0}
    for row in rows:
        for key in total:
            total[key] += row[key]
    return total


def _money(amounts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"amount": amount, "currency": c} for c, amount in sorted(amounts.items())]
