"""The provider's webhooks: a verified event is stored by its id first (a replay, even a
parallel one, finds it there and changes nothing), then applied in the same transaction.
A checkout session is ours only by its id (or, before we stored that id, by the payment id in
its metadata together with the appointment as client reference), and it pays only when its
amount and currency are the payment's. Nothing here commits."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from clinic360.blueprints.billing import provider, refunds
from clinic360.blueprints.billing.settlement import (
    lock_appointment,
    lock_payment,
    settle,
    update_state,
)
from clinic360.extensions import db
from clinic360.models import (
    ChargeStatus,
    Payment,
    ProviderEvent,
    Refund,
    RefundReason,
    RefundStatus,
)

log = logging.getLogger(__name__)


def receive(payload: bytes, signature: str | None, now: datetime) -> bool:
    """Verify and apply one delivery; False when it had been applied before."""
    event = provider.verify_event(payload, signature)
    if not _store_event(event, now):
        return False
    handler = HANDLERS.get(event["type"])
    if handler is not None:
        handler(event["data"]["object"], now)
    return True


def _store_event(event: dict[str, Any], now: datetime) -> bool:
    """Insert the event's row in the request's transaction; False when it was there already
    (a parallel delivery waits on the row and then finds it). No savepoint: on SQLite the
    driver's savepoint release would commit early."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(ProviderEvent.__table__)
        .values(id=event["id"], provider="stripe", type=event["type"][:64], received_at=now)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(ProviderEvent.__table__.c.id)
    )
    return db.session.execute(stmt).first() is not None


def payment_of_session(session: dict[str, Any]) -> Payment | None:
    """Our payment of a checkout session: by the session's id; by the metadata's payment id
    only while that payment has no session id yet and the client reference is its appointment."""
    session_id = session.get("id")
    if session_id:
        payment = db.session.scalars(
            select(Payment).where(Payment.checkout_id == str(session_id))
        ).first()
        if payment is not None:
            return payment
    local_id = (session.get("metadata") or {}).get("payment_id")
    if not (local_id and str(local_id).isdigit()):
        return None
    payment = db.session.get(Payment, int(local_id))
    if payment is None or payment.checkout_id:
        return None
    if str(session.get("client_reference_id") or "") != str(payment.appointment_id):
        return None
    return payment


def _charged_as_expected(session: dict[str, Any], payment: Payment) -> bool:
    amount, currency = session.get("amount_total"), session.get("currency")
    return (
        isinstance(amount, int)
        and not isinstance(amount, bool)
        and amount == payment.amount
        and isinstance(currency, str)
        and currency.upper() == payment.currency.upper()
    )


def apply_session(session: dict[str, Any], now: datetime) -> Payment | None:
    """Take the provider's word on a checkout session (webhook, refresh or reconciliation)."""
    payment = payment_of_session(session)
    if payment is None:
        log.warning("a checkout session of no known payment")
        return None
    if session.get("payment_status") in ("paid", "no_payment_required"):
        if not _charged_as_expected(session, payment):
            # Not the charge we asked for: never settled; acknowledged so it is not resent.
            log.warning("checkout of payment %s: amount or currency not as asked", payment.id)
            _end(payment, ChargeStatus.FAILED, now)
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
    payment = lock_payment(payment.id)  # FOR UPDATE OF payments (its eager joins are outer)
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


def _apply_refund(obj: dict[str, Any], now: datetime, intent: Any = None) -> None:
    if refunds.apply_provider_refund(obj, now) is None:
        _external_refund(obj, now, intent)


def _external_refund(obj: dict[str, Any], now: datetime, intent: Any = None) -> None:
    """A refund made at the provider (its dashboard) of a payment of ours: recorded as a manual
    refund, its amount reserved (at most what is left), and settled once it has succeeded."""
    refund_id = obj.get("id")
    intent = obj.get("payment_intent") or intent
    intent = intent.get("id") if isinstance(intent, dict) else intent
    if not refund_id or not intent or obj.get("status") not in ("succeeded", "pending"):
        return
    payment = db.session.scalars(
        select(Payment).where(Payment.provider_payment_id == str(intent))
    ).first()
    if payment is None:
        return
    if str(obj.get("currency") or "").upper() != payment.currency.upper():
        log.warning("a refund of payment %s in another currency is ignored", payment.id)
        return
    lock_appointment(payment.appointment_id)
    payment = lock_payment(payment.id)
    key = f"c360-refund-ext-{refund_id}"[:64]
    refund = db.session.scalars(select(Refund).where(Refund.idempotency_key == key)).first()
    if refund is None:
        amount = obj.get("amount")
        amount = min(amount if isinstance(amount, int) else 0, refunds.left_on(payment))
        if amount <= 0:
            log.warning("a refund of payment %s beyond what was paid is ignored", payment.id)
            return
        refund = Refund(
            payment_id=payment.id,
            appointment_id=payment.appointment_id,
            amount=amount,
            currency=payment.currency,
            reason=RefundReason.MANUAL,
            note="Refunded at the payment provider",
            status=RefundStatus.PENDING,
            idempotency_key=key,
            provider_refund_id=str(refund_id),
            created_at=now,
        )
        payment.refunded_amount += amount
        db.session.add(refund)
        db.session.flush()
    if obj.get("status") == "succeeded":
        refunds.settle_refund(refund, now)


def _refund_event(obj: dict[str, Any], now: datetime) -> None:
    if obj.get("object") == "refund":
        _apply_refund(obj, now)
        return
    # charge.refunded: the charge lists its refunds (or not: ask for the pending ones).
    listed = (obj.get("refunds") or {}).get("data") or []
    for item in listed:
        _apply_refund(item, now, obj.get("payment_intent"))
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
