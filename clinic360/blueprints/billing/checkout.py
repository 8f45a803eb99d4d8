"""Paying for an appointment: a provider checkout for its patient (the open one is reused), cash
recorded by its doctor or an admin, and who may see or act on an appointment's payment.
Nothing here commits.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from clinic360 import deferred
from clinic360.blueprints.billing import provider
from clinic360.blueprints.billing.settlement import (
    lock_appointment,
    paid_payment,
    settle,
    update_state,
)
from clinic360.errors import ApiError, Conflict, NotFound
from clinic360.extensions import db
from clinic360.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentStatus,
    ChargeStatus,
    Payment,
    PaymentDue,
    PaymentMethod,
    PaymentStatus,
    Role,
    User,
)

log = logging.getLogger(__name__)
# Stripe keeps a Checkout Session open between 30 minutes and 24 hours.
MIN_OPEN = timedelta(minutes=30)
MAX_OPEN = timedelta(hours=24)


class PaymentNotRequired(Conflict):
    code = "payment_not_required"
    message = "This appointment has nothing to pay."


class AlreadyPaid(Conflict):
    code = "already_paid"
    message = "This appointment is already paid."


class PayAtClinic(Conflict):
    code = "pay_at_clinic"
    message = "This appointment is paid at the clinic."


class ProviderUnavailable(ApiError):
    status = 503
    code = "provider_unavailable"
    message = "The payment provider cannot be reached just now. Please try again shortly."


# A visit paid after it took place stays payable once it is over (or missed).
AFTER_VISIT_PAYABLE = (*ACTIVE_STATUSES, AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW)


def appointment_for(user: User, appointment_id: int, *, staff: bool = False) -> Appointment:
    """The appointment if this user is its patient or doctor, or an admin; else 404. `staff`:
    only its doctor or an admin."""
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None:
        raise NotFound("No such appointment.")
    if user.role == Role.ADMIN or user.id == appointment.doctor_id:
        return appointment
    if user.id == appointment.patient_id and not staff:
        return appointment
    raise NotFound("No such appointment.")


def payment_deadline(appointment: Appointment) -> datetime | None:
    """When an unpaid request that must be paid before confirmation expires."""
    if appointment.payment_due != PaymentDue.BEFORE_CONFIRM:
        return None
    window = timedelta(minutes=current_app.config["PAYMENT_WINDOW_MINUTES"])
    return appointment.created_at + window


def _ensure_payable(appointment: Appointment) -> None:
    payable = (
        AFTER_VISIT_PAYABLE
        if appointment.payment_due == PaymentDue.AFTER_VISIT
        else ACTIVE_STATUSES
    )
    if not appointment.price_amount or appointment.status not in payable:
        raise PaymentNotRequired()
    if appointment.payment_status not in (PaymentStatus.UNPAID, PaymentStatus.PENDING):
        raise AlreadyPaid()


def start_checkout(user: User, appointment_id: int, now: datetime) -> str:
    """The checkout address for the appointment's patient: the open one, or a new one."""
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None or appointment.patient_id != user.id:
        raise NotFound("No such appointment.")
    appointment = lock_appointment(appointment_id)
    _ensure_payable(appointment)
    if current_app.config["PAYMENTS_PROVIDER"] != "stripe":
        raise PayAtClinic()
    reusable = db.session.scalars(
        select(Payment)
        .where(
            Payment.appointment_id == appointment.id,
            Payment.status == ChargeStatus.OPEN,
            Payment.provider == "stripe",
            Payment.expires_at > now + timedelta(minutes=1),
        )
        .order_by(Payment.id.desc())
    ).first()
    if reusable is not None and reusable.checkout_url:
        return reusable.checkout_url
    expires_at = _session_end(appointment, now)
    payment = Payment(
        appointment_id=appointment.id,
        doctor_id=appointment.doctor_id,
        patient_id=appointment.patient_id,
        provider="stripe",
        method=PaymentMethod.CARD,
        status=ChargeStatus.OPEN,
        amount=appointment.price_amount,
        currency=appointment.price_currency,
        created_at=now,
        expires_at=expires_at,
    )
    db.session.add(payment)
    db.session.flush()
    try:
        session = provider.create_checkout(
            _session_params(appointment, payment, user), f"c360-checkout-{payment.id}"
        )
    except provider.ProviderError as error:
        log.warning("checkout for payment %s not created: %s", payment.id, type(error).__name__)
        raise ProviderUnavailable() from None
    payment.checkout_id = session["id"]
    payment.checkout_url = session["url"]
    appointment.payment_status = PaymentStatus.PENDING
    return payment.checkout_url


def _session_end(appointment: Appointment, now: datetime) -> datetime:
    deadline = payment_deadline(appointment) or now + MAX_OPEN
    return min(max(deadline, now + MIN_OPEN), now + MAX_OPEN)


def _session_params(appointment: Appointment, payment: Payment, user: User) -> dict:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    name = f"Consultation with {appointment.doctor.full_name}"
    params = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": payment.currency.lower(),
                    "unit_amount": payment.amount,
                    "product_data": {"name": name},
                },
                "quantity": 1,
            }
        ],
        "metadata": {"appointment_id": str(appointment.id), "payment_id": str(payment.id)},
        "client_reference_id": str(appointment.id),
        "success_url": (
            f"{base}/payments/return?appointment={appointment.id}"
            "&session_id={CHECKOUT_SESSION_ID}"
        ),
        "cancel_url": f"{base}/appointments/{appointment.id}?payment=cancelled",
        "expires_at": int(payment.expires_at.timestamp()),
    }
    if user.email:
        params["customer_email"] = user.email
    return params


def record_cash(user: User, appointment_id: int, now: datetime) -> Appointment:
    """Cash taken at the desk, recorded by the appointment's doctor or an admin."""
    appointment = appointment_for(user, appointment_id, staff=True)
    appointment = lock_appointment(appointment.id)
    _ensure_payable(appointment)
    if paid_payment(appointment.id) is not None:
        raise AlreadyPaid()
    payment = Payment(
        appointment_id=appointment.id,
        doctor_id=appointment.doctor_id,
        patient_id=appointment.patient_id,
        provider="cash",
        method=PaymentMethod.CASH,
        status=ChargeStatus.OPEN,
        amount=appointment.price_amount,
        currency=appointment.price_currency,
        created_at=now,
        recorded_by_id=user.id,
    )
    db.session.add(payment)
    db.session.flush()
    settle(payment.id, now)
    return appointment


def close_open(appointment_id: int, now: datetime) -> None:
    """The visit is cancelled: its open checkouts end here and at the provider, and an unpaid
    visit owes nothing any more."""
    open_payments = db.session.scalars(
        select(Payment).where(
            Payment.appointment_id == appointment_id, Payment.status == ChargeStatus.OPEN
        )
    ).all()
    for payment in open_payments:
        payment.status = ChargeStatus.EXPIRED
        if payment.checkout_id:
            deferred.after_commit(_expire_at_provider, payment.checkout_id)
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is not None:
        update_state(appointment, now)


def _expire_at_provider(checkout_id: str) -> None:
    # Paid meanwhile or already over: the webhook or the upkeep settles it.
    with contextlib.suppress(provider.ProviderError):
        provider.expire_checkout(checkout_id)
