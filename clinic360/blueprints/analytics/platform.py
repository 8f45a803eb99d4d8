"""The platform's figures for admins, over UTC dates, by week (Monday) or month (its first):
appointments, new patients and new doctors (accounts created, users.created_at by role), and
revenue. Four queries whatever the range."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, select

from clinic360.blueprints.analytics import figures as f
from clinic360.blueprints.analytics.calendar import (
    LocalDates,
    Period,
    as_date,
    const,
    month_start,
    week_start,
)
from clinic360.extensions import db
from clinic360.models import Role, User

A = f.A


def _periods(start: date, end: date, group_by: str) -> list[date]:
    first = month_start(start) if group_by == "month" else week_start(start)
    out = []
    while first <= end:
        out.append(first)
        if group_by == "month":
            months = first.year * 12 + first.month  # the month after, counted from 1
            first = date(months // 12, months % 12 + 1, 1)
        else:
            first += timedelta(days=7)
    return out


def platform_analytics(start: date, end: date, group_by: str) -> dict[str, Any]:
    dialect = db.session.get_bind().dialect.name
    period = Period(start, end, "UTC")
    lo, hi = period.bounds()
    local = LocalDates(dialect, period)
    bucket = local.month if group_by == "month" else local.week
    visits = and_(A.start_at >= lo, A.start_at < hi)

    visit_period = bucket(A.start_at).label("period")
    counted = {
        as_date(row.period): f.count_row(row)
        for row in db.session.execute(
            select(visit_period, *f.counts()).where(visits).group_by(visit_period)
        )
    }
    user_period = bucket(User.created_at).label("period")
    patient = User.role == const(Role.PATIENT.value)
    doctor = User.role == const(Role.DOCTOR.value)
    joined = {
        as_date(p): (int(n_patients), int(n_doctors))
        for p, n_patients, n_doctors in db.session.execute(
            select(user_period, func.count().filter(patient), func.count().filter(doctor))
            .where(User.created_at >= lo, User.created_at < hi, patient | doctor)
            .group_by(user_period)
        )
    }
    patients_total, doctors_total = db.session.execute(
        select(func.count().filter(patient), func.count().filter(doctor)).where(
            User.created_at < hi
        )
    ).one()
    revenue = f.revenue_rows(visits, bucket(A.start_at))
    currency = f.main_currency(revenue, [], current_app.config["DEFAULT_CURRENCY"])
    period_revenue: dict[date, int] = {}
    for p, row_currency, net, _charges in revenue:
        if row_currency == currency:
            period_revenue[as_date(p)] = int(net or 0)

    zero = {"appointments": 0, "completed": 0, "no_shows": 0, "cancelled": 0}
    rows = []
    for first in _periods(start, end, group_by):
        count = counted.get(first, zero)
        new_patients, new_doctors = joined.get(first, (0, 0))
        rows.append(
            {
                "period": first,
                **count,
                "new_patients": new_patients,
                "new_doctors": new_doctors,
                "revenue": {"amount": period_revenue.get(first, 0), "currency": currency},
            }
        )
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("appointments", "completed", "no_shows", "cancelled")
    }
    totals["no_show_rate"] = f.rate(totals["no_shows"], totals["completed"] + totals["no_shows"])
    amounts = f.by_currency(revenue)
    return {
        "start": start,
        "end": end,
        "timezone": "UTC",
        "group_by": group_by,
        "currency": currency,
        "by_month" if group_by == "month" else "by_week": rows,
        "totals": {
            **totals,
            "new_patients": sum(row["new_patients"] for row in rows),
            "new_doctors": sum(row["new_doctors"] for row in rows),
            "patients": int(patients_total),
            "doctors": int(doctors_total),
            "revenue": {"amount": amounts.get(currency, 0), "currency": currency},
        },
        "revenue_by_currency": [
            {"amount": amount, "currency": c} for c, amount in sorted(amounts.items())
        ],
    }
