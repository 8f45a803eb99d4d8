"""Settled payments and refunds written straight into the shared billing tables, entered in
the ledger and invoiced through the billing feature's own functions (for the ledger, invoice
and report tests; the payment flows themselves are tested through the API elsewhere)."""

from __future__ import annotations

import itertools
import secrets
from datetime import UTC, datetime, timedelta

from flask import Flask

from clinic360.blueprints.billing import invoices, ledger
from clinic360.extensions import db
from clinic360.models import Appointment, ChargeStatus, Payment, Refund, RefundStatus

_slots = itertools.count()
BASE = datetime(2031, 1, 1, tzinfo=UTC)


def paid_visit(
    app: Flask,
    doctor_id: int,
    patient_id: int,
    amount: int = 8000,
    currency: str = "USD",
    at: datetime | None = None,
    method: str = "cash",
    invoice: bool = True,
    checkout_id: str | None = None,
) -> int:
    """A visit paid `amount` at `at`: payment, ledger charge (and fee), invoice. Its payment id."""
    at = at or datetime.now(UTC)
    with app.app_context():
        start = BASE + timedelta(hours=next(_slots))
        appointment = Appointment(
            doctor_id=doctor_id,
            patient_id=patient_id,
            start_at=start,
            end_at=start + timedelta(minutes=30),
            status="confirmed",
            consultation_type="video",
            price_amount=amount,
            price_currency=currency,
            payment_status="paid",
            paid_at=at,
        )
        db.session.add(appointment)
        db.session.flush()
        card = method == "card"
        payment = Payment(
            appointment_id=appointment.id,
            doctor_id=doctor_id,
            patient_id=patient_id,
            provider="stripe" if card else "cash",
            method=method,
            status=ChargeStatus.PAID,
            amount=amount,
            currency=currency,
            created_at=at,
            paid_at=at,
            checkout_id=checkout_id or (f"cs_test_{secrets.token_hex(8)}" if card else None),
            provider_payment_id=f"pi_test_{secrets.token_hex(8)}" if card else None,
        )
        db.session.add(payment)
        db.session.flush()
        ledger.record_charge(payment, at)
        ledger.record_fee(payment, at)
        if invoice:
            invoices.issue_invoice(payment, at)
        db.session.commit()
        return payment.id


def refunded(
    app: Flask,
    payment_id: int,
    amount: int,
    at: datetime | None = None,
    provider_refund_id: str | None = None,
) -> int:
    """A refund of `amount` on the payment that went through at `at`: ledger entry and credit
    note. Its id."""
    at = at or datetime.now(UTC)
    with app.app_context():
        payment = db.session.get(Payment, payment_id)
        refund = Refund(
            payment_id=payment.id,
            appointment_id=payment.appointment_id,
            amount=amount,
            currency=payment.currency,
            reason="manual",
            status=RefundStatus.SUCCEEDED,
            idempotency_key=f"c360-refund-test-{secrets.token_hex(8)}",
            created_at=at,
            settled_at=at,
            provider_refund_id=provider_refund_id,
        )
        payment.refunded_amount += amount
        db.session.add(refund)
        db.session.flush()
        ledger.record_refund(refund, at)
        invoices.issue_credit_note(refund, at)
        db.session.commit()
        return refund.id
