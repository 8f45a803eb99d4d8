"""Schemas of payments, refunds and the checkout."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate
from marshmallow.utils import missing

from clinic360.api import CamelSchema, computed
from clinic360.schemas import MoneySchema, payments_online
from clinic360.validation import Trimmed, UtcDateTime


class _Own(fields.Nested):
    """A payment's or refund's own amount and currency as Money."""

    def get_value(self, obj: Any, attr: str, accessor: Any = None, default: Any = missing):
        return obj


class _Price(fields.Nested):
    """The appointment's price as Money, or null when it has none."""

    def get_value(self, obj: Any, attr: str, accessor: Any = None, default: Any = missing):
        appointment = obj["appointment"]
        if appointment.price_amount is None or appointment.price_currency is None:
            return None
        return {"amount": appointment.price_amount, "currency": appointment.price_currency}


class WebhookAnswerSchema(CamelSchema):
    """`applied` is false for an event received before (a replay changes nothing)."""

    received = fields.Boolean(required=True)
    applied = fields.Boolean(required=True)


class CheckoutSchema(CamelSchema):
    checkout_url = fields.String(required=True)


class PaymentItemSchema(CamelSchema):
    id = fields.Integer(required=True)
    provider = fields.String(required=True)
    method = fields.String(required=True)
    status = fields.String(required=True)  # open, paid, duplicate, expired, failed
    amount = _Own(MoneySchema, required=True)
    refunded_amount = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    paid_at = UtcDateTime(required=True, allow_none=True)


class RefundSchema(CamelSchema):
    id = fields.Integer(required=True)
    amount = _Own(MoneySchema, required=True)
    reason = fields.String(required=True)
    status = fields.String(required=True)  # pending, succeeded, failed
    note = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)
    settled_at = UtcDateTime(required=True, allow_none=True)


class InvoiceRefSchema(CamelSchema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    number = fields.String(required=True, attribute="display_number")
    pdf_url = computed(lambda invoice: f"/api/invoices/{invoice.id}.pdf", "string", required=True)


class PaymentDetailSchema(CamelSchema):
    """An appointment's payment: its state, price, each attempt, refunds and documents."""

    status = computed(lambda d: d["appointment"].payment_status, "string", required=True)
    price = _Price(MoneySchema, required=True, allow_none=True)
    paid_at = computed(
        lambda d: _iso(d["appointment"].paid_at), "string", required=True, allow_none=True
    )
    refunded_amount = computed(lambda d: d["appointment"].refunded_amount, "integer", required=True)
    due = computed(lambda d: d["appointment"].payment_due, "string", required=True, allow_none=True)
    online = computed(lambda _: payments_online(), "boolean", required=True)
    payments = fields.List(fields.Nested(PaymentItemSchema), required=True)
    refunds = fields.List(fields.Nested(RefundSchema), required=True)
    invoices = fields.List(fields.Nested(InvoiceRefSchema), required=True)


def _iso(value: Any) -> str | None:
    return UtcDateTime()._serialize(value, None, None)


class RefundRequestSchema(CamelSchema):
    amount = fields.Integer(
        load_default=None, strict=True, validate=validate.Range(min=1, max=10**11)
    )
    note = Trimmed(load_default=None, validate=validate.Length(max=500))
