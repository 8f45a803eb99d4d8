"""Settling a payment: the one function every path that learns "it is paid" goes through (the
webhook, the return page's refresh, the upkeep's reconciliation, cash at the desk).

Under the appointment's row lock: a payment already paid changes nothing; a payment of an
appointment another payment has already settled is a duplicate: charged in the ledger and
invoiced (no fee), then refunded in full; else it is the appointment's paid payment: ledger
charge (and fee), invoice, `payment_received`, a request waiting only for its payment is
confirmed, and the appointment's other open checkouts end (here, and at the provider after the
commit; one paid meanwhile becomes a duplicate). Nothing here commits.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from clinic360 import deferred
from clinic360.blueprints.notifications import service as notifications
from clinic360.blueprints.schedule import service as schedules
from clinic360.extensions import db
from clinic360.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentEvent,
    AppointmentStatus,
    ChargeStatus,
    Payment,
    PaymentDue,
    PaymentStatus,
    RefundStatus,
)
from clinic360.money import display

log = logging.getLogger(__name__)


def lock_appointment(appointment_id: int) -> Appointment:
    """The appointment, locked until commit: every change of its money happens under it."""
    return db.session.scalars(
        select(Appointment)
        .where(Appointment.id == appointment_id)
        .with_for_update(of=Appointment)
        .execution_options(populate_existing=True)
    ).one()


def lock_payment(payment_id: int) -> Payment:
    return db.session.scalars(
        select(Payment)
        .where(Payment.id == payment_id)
        .with_for_update(of=Payment)
        .execution_options(populate_existing=True)
    ).one()


def payments_of(appointment_id: int) -> list[Payment]:
    return list(
        db.session.scalars(
            select(Payment).where(Payment.appointment_id == appointment_id).order_by(Payment.id)
        )
    )


def paid_payment(appointment_id: int) -> Payment | None:
    return db.session.scalars(
        select(Payment).where(
            Payment.appointment_id == appointment_id, Payment.status == ChargeStatus.PAID
        )
    ).first()


def update_state(appointment: Appointment, now: datetime) -> None:
    """The appointment's payment state from its payments and their settled refunds."""
    paid = paid_payment(appointment.id)
    if appointment.payment_status == PaymentStatus.NOT_REQUIRED and paid is None:
        return
    if paid is not None:
        refunded = sum(r.amount for r in paid.refunds if r.status == RefundStatus.SUCCEEDED)
        appointment.refunded_amount = refunded
        appointment.paid_at = paid.paid_at
        if refunded >= paid.amount:
            appointment.payment_status = PaymentStatus.REFUNDED
        elif refunded > 0:
            appointment.payment_status = PaymentStatus.PARTIALLY_REFUNDED
        else:
            appointment.payment_status = PaymentStatus.PAID
        return
    open_ = db.session.scalar(
        select(Payment.id).where(
            Payment.appointment_id == appointment.id,
            Payment.status == ChargeStatus.OPEN,
            (Payment.expires_at.is_(None)) | (Payment.expires_at > now),
        )
    )
    if appointment.status == AppointmentStatus.CANCELLED:
        appointment.payment_status = PaymentStatus.NOT_REQUIRED  # nothing is owed any more
    else:
        appointment.payment_status = PaymentStatus.PENDING if open_ else PaymentStatus.UNPAID


def settle(payment_id: int, now: datetime, *, provider_payment_id: str | None = None) -> Payment:
    """Record that this payment has been paid (idempotent, see the module's docstring)."""
    appointment_id = db.session.scalar(
        select(Payment.appointment_id).where(Payment.id == payment_id)
    )
    appointment = lock_appointment(appointment_id)
    payment = lock_payment(payment_id)
    if payment.status in (ChargeStatus.PAID, ChargeStatus.DUPLICATE):
        return payment
    if provider_payment_id and not payment.provider_payment_id:
        payment.provider_payment_id = provider_payment_id
    payment.paid_at = now
    from clinic360.blueprints.billing import refunds

    if paid_payment(appointment.id) is not None:
        # The money was taken: charged and invoiced like any payment, then given back in full,
        # so the ledger nets out and agrees with the provider.
        payment.status = ChargeStatus.DUPLICATE
        db.session.flush()
        _book(payment, now, fee=False)
        refunds.refund_duplicate(payment, now)
        return payment
    payment.status = ChargeStatus.PAID
    db.session.flush()
    _close_siblings(payment)
    _book(payment, now)
    update_state(appointment, now)
    if appointment.status == AppointmentStatus.CANCELLED:
        # Paid after the visit was cancelled (an expired request paid at the last moment).
        refunds.refund_cancelled(appointment, now)
        return payment
    notifications.appointment_event(
        "payment_received", appointment, now, reason=_amount_line(payment)
    )
    _confirm_if_waiting(appointment, now)
    return payment


def _book(payment: Payment, now: datetime, *, fee: bool = True) -> None:
    """The charge (and the platform's fee) in the ledger, and the invoice."""
    from clinic360.blueprints.billing import invoices, ledger

    ledger.record_charge(payment, now)
    if fee:
        ledger.record_fee(payment, now)
    invoices.issue_invoice(payment, now)


def _close_siblings(payment: Payment) -> None:
    """The appointment is paid: its other open checkouts end here, and at the provider once
    this is committed."""
    siblings = db.session.scalars(
        select(Payment)
        .where(
            Payment.appointment_id == payment.appointment_id,
            Payment.id != payment.id,
            Payment.status == ChargeStatus.OPEN,
        )
        .with_for_update(of=Payment)
    ).all()
    for sibling in siblings:
        sibling.status = ChargeStatus.EXPIRED
        if sibling.checkout_id:
            deferred.after_commit(expire_sibling, sibling.checkout_id)
    if siblings:
        db.session.flush()


def expire_sibling(checkout_id: str) -> None:
    """Ask the provider to end a checkout no longer needed (deferred). If it was paid after
    all, it is settled: a duplicate, refunded in full."""
    from clinic360.blueprints.billing import provider, webhooks
    from clinic360.clock import now_utc

    try:
        session = provider.expire_checkout(checkout_id)
    except provider.ProviderError as error:
        log.info("checkout %s not expired: %s", checkout_id, type(error).__name__)
        try:
            session = provider.retrieve_checkout(checkout_id)
        except provider.ProviderError as again:
            log.warning("checkout %s not read: %s", checkout_id, type(again).__name__)
            return
    if session.get("payment_status") == "paid":
        webhooks.apply_session(session, now_utc())


def _amount_line(payment: Payment) -> str:
    return display(payment.amount, payment.currency)


def _confirm_if_waiting(appointment: Appointment, now: datetime) -> None:
    """A request held only for its payment is confirmed once paid, unless the doctor approves
    every request themselves."""
    if appointment.status != AppointmentStatus.PENDING:
        return
    if appointment.payment_due != PaymentDue.BEFORE_CONFIRM:
        return
    schedule = schedules.get_schedule(appointment.doctor_id)
    if schedule is not None and schedule.requires_approval:
        return
    appointment.status = AppointmentStatus.CONFIRMED
    appointment.updated_at = now
    appointment.sequence += 1
    db.session.flush()
    db.session.add(
        AppointmentEvent(
            appointment_id=appointment.id,
            at=now,
            actor_id=None,
            action="confirmed",
            from_status=AppointmentStatus.PENDING,
            to_status=AppointmentStatus.CONFIRMED,
            reason="paid",
        )
    )
    notifications.appointment_event("booking_confirmed", appointment, now)


def blocks_confirmation(appointment: Appointment) -> bool:
    """Whether the doctor must wait for the payment before confirming this request."""
    return (
        appointment.status in ACTIVE_STATUSES
        and appointment.payment_due == PaymentDue.BEFORE_CONFIRM
        and bool(appointment.price_amount)
        and appointment.payment_status in (PaymentStatus.UNPAID, PaymentStatus.PENDING)
    )
