"""The billing feature's public service: other features, the console, the CLI and jobs import
only this module. Nothing here commits (except `reconcile.upkeep`, for jobs).

- pricing.py: a visit's price and when it is due;
- checkout.py: the patient's checkout, cash at the desk, who may see a payment;
- settlement.py: the one settlement of a payment, the appointment's payment state;
- refunds.py: refunds by policy, for duplicates and by hand;
- webhooks.py / reconcile.py: the provider's word, pushed or asked for;
- provider.py: the provider's SDK (also for the reconciliation report).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from clinic360.blueprints.billing import provider
from clinic360.blueprints.billing.checkout import (
    appointment_for,
    close_open,
    payment_deadline,
    record_cash,
    start_checkout,
)
from clinic360.blueprints.billing.pricing import due_for, price_booking
from clinic360.blueprints.billing.reconcile import refresh_appointment, upkeep
from clinic360.blueprints.billing.refunds import manual_refund, on_cancelled
from clinic360.blueprints.billing.settlement import blocks_confirmation, settle
from clinic360.blueprints.billing.webhooks import receive
from clinic360.extensions import db
from clinic360.models import Appointment, Invoice, Payment, Refund, User

__all__ = [
    "appointment_for",
    "blocks_confirmation",
    "close_open",
    "detail",
    "due_for",
    "manual_refund",
    "on_cancelled",
    "payment_deadline",
    "price_booking",
    "provider",
    "receive",
    "record_cash",
    "refresh",
    "refresh_appointment",
    "settle",
    "start_checkout",
    "upkeep",
]


def detail(appointment: Appointment) -> dict[str, Any]:
    """The appointment's payment with its attempts, refunds and documents (three queries)."""
    rows = {}
    for model in (Payment, Refund, Invoice):
        rows[model] = db.session.scalars(
            select(model)
            .where(model.appointment_id == appointment.id)
            .order_by(model.id)
            .options(lazyload("*"))
        ).all()
    payments, refunds, invoices = rows[Payment], rows[Refund], rows[Invoice]
    return {
        "appointment": appointment,
        "payments": payments,
        "refunds": refunds,
        "invoices": invoices,
    }


def refresh(user: User, appointment_id: int, now: datetime) -> dict[str, Any]:
    appointment = appointment_for(user, appointment_id)
    refresh_appointment(appointment.id, now)
    db.session.refresh(appointment)
    return detail(appointment)
