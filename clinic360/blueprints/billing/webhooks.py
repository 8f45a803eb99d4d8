"""The provider's webhooks: a verified event is stored by its id first (a replay, even a
parallel one, finds it there and changes nothing), then applied in the same transaction.
Nothing here commits."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from clinic360.blueprints.billing import provider, refunds
from clinic360.blueprints.billing.settlement import lock_appointment, settle, update_state
from clinic360.extensions import db
from clinic360.models import ChargeStatus, Payment, ProviderEvent, Refund, RefundStatus

log = logging.getLogger(__name__)


def receive(payload: bytes, signature: str | None, now: datetime) -> bool:
    """Verify and apply one delivery; False when it had been applied before."""
    event = provider.verify_event(payload, signature)
    try:
        with db.session.begin_nested():
            db.session.add(
                ProviderEvent(
                    id=event["id"], provider="stripe", type=event["type"][:64], received_at=now
                )
            )
    except IntegrityError:
        return False
    handler = HANDLERS.get(event["type"])
    if handler is not None:
        handler(event["data"]["object"], now)
    return True


def payment_of_session(session: dict[str, Any]) -> Payment | None:
    payment = None
    if session.get("id"):
        payment = db.session.scalars(
            select(Payment).where(Payment.checkout_id == session["id"])
        ).first()
    local_id = (session.get("metadata") or {}).get("payment_id")
    if payment is None and local_id and str(local_id).isdigit():
        payment = db.session.get(Payment, int(local_id))
    return payment


def apply_session(session: dict[str, Any], now: datetime) -> Payment | None:
    """Take the provider's word on a checkout session (webhook, refresh or reconciliation)."""
    payment = payment_of_session(session)
    if payment is None:
        log.warning("a checkout session of no known payment")
        return None
    if session.get("payment_status") in ("paid", "no_payment_required"):
        if session.get("amount_total") not in (None, payment.amount):
            log.error("checkout of payment %s paid a different amount", payment.id)
            return payment
        return settle(payment.id, now, provider_payment_id=_intent_id(session))
    if session.get("status") == "expired":
        _end(payment, ChargeStatus.EXPIRED, now)
    return payment


def _intent_id(session: dict[str, Any]) -> str | None:
    intent = session.get("payment_intent")
    return intent.get("id") if isinstance(intent, dict) else intent


def _end(payment: Payment, status: str, now: datetime) -> None:
    appointment = lock_appointment(payment.appointment_id)
    db.session.refresh(payment, with_for_update=True)
    if payment.status == ChargeStatus.OPEN:
        payment.status = status
        db.session.flush()
        update_state(appointment, now)


def _completed(session: dict[str, Any], now: datetime) -> None:
    apply_session(session, now)


def _failed(session: dict[str, Any], now: datetime) -> None:
    payment = payment_of_session(session)
    if payment is not None:
        _end(payment, ChargeStatus.FAILED, now)


def _refund_event(obj: dict[str, Any], now: datetime) -> None:
    if obj.get("object") == "refund":
        refunds.apply_provider_refund(obj, now)
        return
    # charge.refunded: the charge lists its refunds (or not: ask for the pending ones).
    listed = (obj.get("refunds") or {}).get("data") or []
    for item in listed:
        refunds.apply_provider_refund(item, now)
    if listed:
        return
    intent = obj.get("payment_intent")
    pending = db.session.scalars(
        select(Refund)
        .join(Payment, Payment.id == Refund.payment_id)
        .where(
            Payment.provider_payment_id == intent,
            Refund.status == RefundStatus.PENDING,
            Refund.provider_refund_id.is_not(None),
        )
    ).all()
    for refund in pending:
        refunds.apply_provider_refund(provider.retrieve_refund(refund.provider_refund_id), now)


HANDLERS = {
    "checkout.session.completed": _completed,
    "checkout.session.async_payment_succeeded": _completed,
    "checkout.session.async_payment_failed": _failed,
    "checkout.session.expired": _completed,
    "charge.refunded": _refund_event,
    "refund.updated": _refund_event,
    "refund.created": _refund_event,
}
