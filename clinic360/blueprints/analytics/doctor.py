"""A doctor's own figures over a range of dates in their schedule's zone (UTC without one):
totals and by week (weeks start on Monday). The doctor's visits are all their appointments,
at any clinic or none; a patient is new when their first non-cancelled visit with the doctor
falls in the range (in a week: in that week). Six queries whatever the range."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, select

from clinic360.blueprints.analytics import figures as f
from clinic360.blueprints.analytics.calendar import LocalDates, Period, as_date, const, week_start
from clinic360.extensions import db
from clinic360.models import User

A = f.A


def doctor_analytics(doctor: User, timezone: str, start: date, end: date) -> dict[str, Any]:
    dialect = db.session.get_bind().dialect.name
    period = Period(start, end, timezone)
    lo, hi = period.lo, period.hi
    local = LocalDates(dialect, period)
    sql_lo, sql_hi = period.bounds()
    doctor_id = const(doctor.id)
    visits = and_(A.doctor_id == doctor_id, A.start_at >= sql_lo, A.start_at < sql_hi)

    week = local.week(A.start_at).label("week")
    weekly = {
        as_date(row.week): f.count_row(row)
        for row in db.session.execute(
            select(week, *f.counts()).where(visits).group_by(week).order_by(week)
        )
    }
    total = db.session.execute(select(*f.counts(), f.booked_minutes(dialect)).where(visits)).one()
    patients = f.new_and_returning(
        visits, lambda t: t.doctor_id == doctor_id, sql_lo, by_doctor=False
    )
    weekly_patients = _weekly_patients(visits, doctor_id, local, sql_lo, sql_hi)
    revenue = f.revenue_rows(visits)
    info = f.doctors_with_schedules([doctor.id], lo, hi)[doctor.id]

    default = current_app.config["DEFAULT_CURRENCY"]
    currency = f.main_currency(revenue, [info.currency], default)
    amounts = f.by_currency(revenue)
    zero = {"appointments": 0, "completed": 0, "no_shows": 0, "cancelled": 0}
    by_week = []
    monday = week_start(start)
    while monday <= end:
        count = weekly.get(monday, zero)
        new, returning = weekly_patients.get(monday, (0, 0))
        by_week.append(
            {
                "week_start": monday,
                "appointments": count["appointments"],
                "completed": count["completed"],
                "no_shows": count["no_shows"],
                "new_patients": new,
                "returning_patients": returning,
            }
        )
        monday += timedelta(days=7)
    return {
        "doctor_id": doctor.id,
        "start": start,
        "end": end,
        "timezone": timezone,
        "currency": currency,
        "rating": info.rating,
        "rating_count": info.rating_count,
        "totals": f.figures(
            f.count_row(total),
            total.booked,
            info.offered(lo, hi),
            patients.get(None, (0, 0)),
            amounts.get(currency, 0),
            currency,
        ),
        "revenue_by_currency": [
            {"amount": amount, "currency": c} for c, amount in sorted(amounts.items())
        ],
        "by_week": by_week,
    }


def _weekly_patients(
    visits: Any, doctor_id: Any, local: LocalDates, lo: Any, hi: Any
) -> dict[date, tuple[int, int]]:
    """{week: (new, returning)}: the patients seen (non-cancelled) in each week, new when
    their first visit with the doctor is in that week."""
    week = local.week(A.start_at)
    seen = (
        select(week.label("week"), A.patient_id)
        .where(visits, f.NOT_CANCELLED)
        .distinct()
        .cte("seen_weeks")
    )
    firsts = (
        select(A.patient_id, func.min(A.start_at).label("first_at"))
        .where(
            A.doctor_id == doctor_id,
            f.NOT_CANCELLED,
            A.start_at < hi,
            A.patient_id.in_(select(seen.c.patient_id)),
        )
        .group_by(A.patient_id)
        .cte("first_visits")
    )
    first_week = local.week(firsts.c.first_at)
    new = and_(firsts.c.first_at >= lo, first_week == seen.c.week)
    stmt = (
        select(seen.c.week, func.count().filter(new), func.count())
        .select_from(seen.join(firsts, firsts.c.patient_id == seen.c.patient_id))
        .group_by(seen.c.week)
    )
    return {as_date(w): (int(n), int(all_) - int(n)) for w, n, all_ in db.session.execute(stmt)}
