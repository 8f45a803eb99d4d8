"""The price of a visit, fixed when it is booked: the doctor's fee at that moment (later fee
changes leave booked visits as they were), and when it is due to be paid."""

from __future__ import annotations

from flask import current_app

from clinic360.models import Appointment, DoctorProfile, PaymentDue, PaymentStatus


def due_for(profile: DoctorProfile | None) -> str:
    """When this doctor's priced visits are paid. Without an online provider they are paid at
    the clinic, after the visit, whatever the practice prefers."""
    if current_app.config["PAYMENTS_PROVIDER"] == "none":
        return PaymentDue.AFTER_VISIT
    if profile is not None and profile.payment_due:
        return profile.payment_due
    return current_app.config["PAYMENT_DUE"]


def price_booking(appointment: Appointment, profile: DoctorProfile | None) -> None:
    """Copy the doctor's fee onto a new appointment, with its payment state."""
    amount = profile.fee_amount if profile is not None else None
    if not amount:
        appointment.price_amount = 0 if amount == 0 else None
        appointment.price_currency = profile.currency if profile is not None else None
        appointment.payment_status = PaymentStatus.NOT_REQUIRED
        appointment.payment_due = None
        return
    appointment.price_amount = amount
    appointment.price_currency = profile.currency
    appointment.payment_status = PaymentStatus.UNPAID
    appointment.payment_due = due_for(profile)
