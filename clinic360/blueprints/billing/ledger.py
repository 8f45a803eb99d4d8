"""The append-only ledger: a charge for each settled payment, the platform's fee on it and an
entry for each refund that went through. Each function is idempotent: it looks for the entry
first (the unique indexes are the last word) and returns the one already there."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import LedgerEntry, LedgerKind, Payment, Refund
from clinic360.money import share


def _existing(payment_id: int, kind: LedgerKind) -> LedgerEntry | None:
    return db.session.scalar(
        select(LedgerEntry).where(LedgerEntry.payment_id == payment_id, LedgerEntry.kind == kind)
    )


def _entry(payment: Payment, kind: LedgerKind, amount: int, now: datetime, **extra) -> LedgerEntry:
    entry = LedgerEntry(
        at=now,
        kind=kind,
        amount=amount,
        currency=payment.currency,
        appointment_id=payment.appointment_id,
        doctor_id=payment.doctor_id,
        payment_id=payment.id,
        provider=payment.provider,
        **extra,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def record_charge(payment: Payment, now: datetime) -> LedgerEntry:
    """The money taken for a settled payment (positive), once per payment."""
    found = _existing(payment.id, LedgerKind.CHARGE)
    if found is not None:
        return found
    return _entry(
        payment,
        LedgerKind.CHARGE,
        payment.amount,
        now,
        provider_ref=payment.provider_payment_id,
        description=f"Payment {payment.id} ({payment.method})",
    )


def record_fee(payment: Payment, now: datetime) -> LedgerEntry | None:
    """The platform's fee on a settled payment (negative), PLATFORM_FEE_BPS of the charge;
    None when the rate gives nothing. Once per payment."""
    found = _existing(payment.id, LedgerKind.FEE)
    if found is not None:
        return found
    fee = share(payment.amount, int(current_app.config.get("PLATFORM_FEE_BPS") or 0))
    if fee <= 0:
        return None
    return _entry(
        payment,
        LedgerKind.FEE,
        -fee,
        now,
        description=f"Platform fee on payment {payment.id}",
    )


def record_refund(refund: Refund, now: datetime) -> LedgerEntry:
    """Money given back (negative), once per refund."""
    found = db.session.scalar(select(LedgerEntry).where(LedgerEntry.refund_id == refund.id))
    if found is not None:
        return found
    payment = refund.payment
    entry = LedgerEntry(
        at=now,
        kind=LedgerKind.REFUND,
        amount=-refund.amount,
        currency=refund.currency,
        appointment_id=refund.appointment_id,
        doctor_id=payment.doctor_id,
        payment_id=payment.id,
        refund_id=refund.id,
        provider=payment.provider,
        provider_ref=refund.provider_refund_id,
        description=f"Refund {refund.id} ({refund.reason})",
    )
    db.session.add(entry)
    db.session.flush()
    return entry
