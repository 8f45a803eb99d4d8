"""Paying for an appointment, refunds and the provider's webhooks."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user

from clinic360.blueprints.billing import bp, service
from clinic360.blueprints.billing.schemas import (
    CheckoutSchema,
    PaymentDetailSchema,
    RefundRequestSchema,
    RefundSchema,
    WebhookAnswerSchema,
)
from clinic360.clock import now_utc
from clinic360.extensions import csrf
from clinic360.http import roles_required
from clinic360.models import Role

IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "One key per refund decision (a dialog): a repeat returns the same refund.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[!-~]+$"},
}
everyone = roles_required(Role.PATIENT, Role.DOCTOR, Role.ADMIN)
staff = roles_required(Role.DOCTOR, Role.ADMIN)


@bp.post("/appointments/<int:appointment_id>/payment")
@bp.response(201, CheckoutSchema)
@bp.errors(404, 409, 503)
@roles_required(Role.PATIENT)
def start_checkout(appointment_id: int):
    """Pay for your appointment: the provider's checkout address (the open one is reused).
    409 payment_not_required, already_paid, pay_at_clinic (no online provider);
    503 provider_unavailable"""
    return {"checkout_url": service.start_checkout(current_user, appointment_id, now_utc())}


@bp.post("/appointments/<int:appointment_id>/payment/cash")
@bp.response(200, PaymentDetailSchema)
@bp.errors(404, 409)
@staff
def record_cash(appointment_id: int):
    """Record cash taken for the appointment (its doctor, an admin)"""
    return service.detail(service.record_cash(current_user, appointment_id, now_utc()))


@bp.get("/appointments/<int:appointment_id>/payment")
@bp.response(200, PaymentDetailSchema)
@bp.errors(404)
@everyone
def payment_detail(appointment_id: int):
    """The appointment's payment, refunds and invoices (its patient, its doctor, admins)"""
    return service.detail(service.appointment_for(current_user, appointment_id))


@bp.post("/appointments/<int:appointment_id>/payment/refresh")
@bp.response(200, PaymentDetailSchema)
@bp.errors(404)
@everyone
def refresh_payment(appointment_id: int):
    """Ask the provider about open checkouts and pending refunds, then the payment"""
    return service.refresh(current_user, appointment_id, now_utc())


@bp.post("/appointments/<int:appointment_id>/refunds")
@bp.arguments(RefundRequestSchema)
@bp.response(201, RefundSchema)
@bp.errors(404, 409)
@bp.doc(parameters=[IDEMPOTENCY_KEY])
@staff
def refund(data: dict[str, Any], appointment_id: int):
    """Refund the appointment's payment (its doctor, an admin): `amount` in minor units
    (default: all that is left). An `Idempotency-Key` header makes a repeat return the refund
    it made. 409 nothing_to_refund, idempotency_conflict (same key, other amount); 422 more
    than is left, or a bad key"""
    appointment = service.appointment_for(current_user, appointment_id, staff=True)
    return service.manual_refund(
        current_user,
        appointment,
        data["amount"],
        data["note"],
        now_utc(),
        client_key=request.headers.get("Idempotency-Key"),
    )


@bp.post("/payments/webhooks/stripe")
@bp.response(200, WebhookAnswerSchema)
@bp.errors(400)
@csrf.exempt
def stripe_webhook():
    """The provider's events, signed (Stripe-Signature); a replayed event changes nothing"""
    applied = service.receive(
        request.get_data(cache=False), request.headers.get("Stripe-Signature"), now_utc()
    )
    return {"received": True, "applied": applied}
