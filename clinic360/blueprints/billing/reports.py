"""Finance from the ledger: totals by month or doctor (SQL aggregation over ledger_entries),
the ledger against the provider (reconciliation), a doctor's earnings and payout statement.
Dates are UTC days; `end` is inclusive."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import case, func, select

from clinic360.blueprints.billing import provider
from clinic360.extensions import db
from clinic360.models import LedgerEntry, LedgerKind, Payment, Refund, User


def window(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00 UTC, the day after end 00:00 UTC)."""
    return (
        datetime.combine(start, time(), tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC),
    )


def _month():
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", LedgerEntry.at), "YYYY-MM")
    return func.strftime("%Y-%m", LedgerEntry.at)


def _sum(kind: LedgerKind):
    return func.coalesce(func.sum(case((LedgerEntry.kind == kind, LedgerEntry.amount), else_=0)), 0)


def _totals():
    return (
        _sum(LedgerKind.CHARGE).label("gross"),
        (-_sum(LedgerKind.REFUND)).label("refunds"),
        (-_sum(LedgerKind.FEE)).label("fees"),
        func.count(case((LedgerEntry.kind == LedgerKind.CHARGE, LedgerEntry.id))).label("count"),
    )


def _row(key: str, gross: int, refunds: int, fees: int, count: int, **extra: Any) -> dict:
    return {
        "key": key,
        "gross": int(gross),
        "refunds": int(refunds),
        "fees": int(fees),
        "net": int(gross) - int(refunds),
        "count": int(count),
        **extra,
    }


def finance_report(start: date, end: date, group_by: str, currency: str) -> dict[str, Any]:
    """`{rows: [{key, gross, refunds, fees, net, count}], currency, totals}` of the ledger
    entries in `currency` between the days, by month ("2026-12") or doctor (the id as key, the
    name as `label`); one query."""
    lo, hi = window(start, end)
    where = (LedgerEntry.at >= lo, LedgerEntry.at < hi, LedgerEntry.currency == currency)
    if group_by == "doctor":
        stmt = (
            select(LedgerEntry.doctor_id, User.full_name, *_totals())
            .join(User, User.id == LedgerEntry.doctor_id)
            .where(*where)
            .group_by(LedgerEntry.doctor_id, User.full_name)
            .order_by(LedgerEntry.doctor_id)
        )
        rows = [
            _row(str(d), g, r, f, c, label=name) for d, name, g, r, f, c in db.session.execute(stmt)
        ]
    else:
        month = _month().label("month")
        stmt = select(month, *_totals()).where(*where).group_by(month).order_by(month)
        rows = [_row(m, g, r, f, c, label=m) for m, g, r, f, c in db.session.execute(stmt)]
    totals = _row(
        "total",
        sum(r["gross"] for r in rows),
        sum(r["refunds"] for r in rows),
        sum(r["fees"] for r in rows),
        sum(r["count"] for r in rows),
        label="Total",
    )
    return {"rows": rows, "currency": currency, "totals": totals, "group_by": group_by}


FINANCE_CSV_HEADER = ("key", "label", "currency", "gross", "refunds", "fees", "net", "count")


def finance_csv_rows(report: dict[str, Any]) -> list[list[Any]]:
    return [
        [r["key"], r["label"], report["currency"]] + [r[k] for k in FINANCE_CSV_HEADER[3:]]
        for r in report["rows"]
    ]


def _charges(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    stmt = select(LedgerEntry.payment_id, LedgerEntry.amount).where(
        LedgerEntry.kind == LedgerKind.CHARGE, LedgerEntry.payment_id.in_(ids)
    )
    return dict(db.session.execute(stmt).all())


def _refund_entries(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    stmt = select(LedgerEntry.refund_id, LedgerEntry.amount).where(LedgerEntry.refund_id.in_(ids))
    return {rid: -amount for rid, amount in db.session.execute(stmt).all()}


def _issue(ours: int | None, theirs: int | None) -> str | None:
    if ours == theirs:
        return None
    if ours is None:
        return "missing_in_ledger"
    if theirs is None:
        return "missing_at_provider"
    return "amount_differs"


def reconciliation(start: date, end: date) -> dict[str, Any]:
    """Card payments and refunds created between the days, the ledger against the provider's
    listing: a row for each one where they disagree (`missing_in_ledger`,
    `missing_at_provider`, `amount_differs`), and the totals of both sides."""
    lo, hi = window(start, end)
    payments = db.session.scalars(
        select(Payment).where(
            Payment.provider != "cash", Payment.created_at >= lo, Payment.created_at < hi
        )
    ).all()
    refunds = db.session.scalars(
        select(Refund)
        .join(Payment, Payment.id == Refund.payment_id)
        .where(Payment.provider != "cash", Refund.created_at >= lo, Refund.created_at < hi)
    ).all()
    charged = _charges([p.id for p in payments])
    refunded = _refund_entries([r.id for r in refunds])
    enabled = current_app.config.get("PAYMENTS_PROVIDER") == "stripe"
    sessions = {s["id"]: s for s in provider.list_checkouts(lo, hi)} if enabled else {}
    their_refunds = {r["id"]: r for r in provider.list_refunds(lo, hi)} if enabled else {}

    rows: list[dict[str, Any]] = []
    ours_total = theirs_total = 0
    for p in payments:
        session = sessions.pop(p.checkout_id, None) if p.checkout_id else None
        theirs = (
            session.get("amount_total")
            if session and session.get("payment_status") == "paid"
            else None
        )
        ours = charged.get(p.id)
        ours_total += ours or 0
        theirs_total += theirs or 0
        issue = _issue(ours, theirs)
        if issue:
            rows.append(_recon("payment", p.id, p.checkout_id, p.currency, ours, theirs, issue))
    for s in sessions.values():
        if s.get("payment_status") == "paid":
            theirs_total += s.get("amount_total") or 0
            rows.append(
                _recon(
                    "payment", None, s["id"], (s.get("currency") or "").upper(),
                    None, s.get("amount_total"), "missing_in_ledger",
                )
            )  # fmt: skip
    refunds_ours = refunds_theirs = 0
    for r in refunds:
        item = their_refunds.pop(r.provider_refund_id, None) if r.provider_refund_id else None
        theirs = item.get("amount") if item and item.get("status") == "succeeded" else None
        ours = refunded.get(r.id)
        refunds_ours += ours or 0
        refunds_theirs += theirs or 0
        issue = _issue(ours, theirs)
        if issue:
            rows.append(
                _recon("refund", r.id, r.provider_refund_id, r.currency, ours, theirs, issue)
            )
    for item in their_refunds.values():
        if item.get("status") == "succeeded":
            refunds_theirs += item.get("amount") or 0
            rows.append(
                _recon(
                    "refund", None, item["id"], (item.get("currency") or "").upper(),
                    None, item.get("amount"), "missing_in_ledger",
                )
            )  # fmt: skip
    return {
        "rows": rows,
        "totals": {
            "charges_ledger": ours_total,
            "charges_provider": theirs_total,
            "refunds_ledger": refunds_ours,
            "refunds_provider": refunds_theirs,
            "mismatches": len(rows),
        },
    }


def _recon(kind, local_id, provider_id, currency, ours, theirs, issue) -> dict[str, Any]:
    return {
        "type": kind,
        "id": local_id,
        "provider_id": provider_id,
        "currency": currency,
        "ledger_amount": ours,
        "provider_amount": theirs,
        "issue": issue,
    }


def doctor_currency(doctor: User) -> str:
    profile = doctor.doctor_profile
    return (profile.currency if profile and profile.currency else None) or current_app.config[
        "DEFAULT_CURRENCY"
    ]


def earnings(doctor: User, start: date, end: date) -> dict[str, Any]:
    """A doctor's totals in their currency between the days, and by month; net is after
    refunds and the platform's fees."""
    currency = doctor_currency(doctor)
    lo, hi = window(start, end)
    month = _month().label("month")
    stmt = (
        select(month, *_totals())
        .where(
            LedgerEntry.doctor_id == doctor.id,
            LedgerEntry.currency == currency,
            LedgerEntry.at >= lo,
            LedgerEntry.at < hi,
        )
        .group_by(month)
        .order_by(month)
    )
    months = []
    for m, g, r, f, c in db.session.execute(stmt):
        months.append(
            {"month": m, "gross": g, "refunds": r, "fees": f, "net": g - r - f, "count": c}
        )
    total = {k: sum(int(m[k]) for m in months) for k in ("gross", "refunds", "fees", "count")}
    return {
        "currency": currency,
        **total,
        "net": total["gross"] - total["refunds"] - total["fees"],
        "months": months,
    }


STATEMENT_HEADER = ("date", "kind", "appointment", "payment", "refund", "currency", "amount")


def statement_lines(doctor: User, year: int, month: int) -> list[list[Any]]:
    """The doctor's ledger entries of a month, oldest first, as payout statement lines."""
    start = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    lo, hi = window(start, following - timedelta(days=1))
    stmt = (
        select(LedgerEntry)
        .where(LedgerEntry.doctor_id == doctor.id, LedgerEntry.at >= lo, LedgerEntry.at < hi)
        .order_by(LedgerEntry.at, LedgerEntry.id)
    )
    return [
        [
            e.at.astimezone(UTC).isoformat(),
            e.kind,
            e.appointment_id,
            e.payment_id,
            e.refund_id or "",
            e.currency,
            e.amount,
        ]
        for e in db.session.scalars(stmt)
    ]
