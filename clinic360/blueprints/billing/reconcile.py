"""Asking the provider for the truth when a webhook may have been lost: the return page's
refresh of one appointment, and the upkeep's pass over open checkouts and pending refunds.
Nothing here commits, except `upkeep`, which commits each item on its own."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from clinic360.blueprints.billing import provider, refunds
from clinic360.blueprints.billing.webhooks import _end, apply_session
from clinic360.extensions import db
from clinic360.models import ChargeStatus, Payment, Refund, RefundStatus

log = logging.getLogger(__name__)
# Give the webhook a moment before the upkeep asks; retry a pending refund after this.
SETTLE_GRACE = timedelta(minutes=1)
BATCH = 100


def refresh_payment(payment: Payment, now: datetime) -> None:
    if payment.status != ChargeStatus.OPEN or payment.provider != "stripe":
        return
    if not payment.checkout_id:
        if payment.expires_at is not None and payment.expires_at <= now:
            _end(payment, ChargeStatus.EXPIRED, now)
        return
    try:
        session = provider.retrieve_checkout(payment.checkout_id)
    except provider.ProviderError as error:
        log.warning("checkout of payment %s not read: %s", payment.id, type(error).__name__)
        return
    apply_session(session, now)


def refresh_refund(refund: Refund, now: datetime) -> None:
    if refund.status != RefundStatus.PENDING or refund.payment.provider == "cash":
        return
    if refund.provider_refund_id:
        try:
            refunds.apply_provider_refund(provider.retrieve_refund(refund.provider_refund_id), now)
        except provider.ProviderError as error:
            log.warning("refund %s not read: %s", refund.id, type(error).__name__)
        return
    refunds.send_refund(refund.id)


def refresh_appointment(appointment_id: int, now: datetime) -> None:
    """The provider's word on this appointment's open checkouts and pending refunds."""
    if current_app.config["PAYMENTS_PROVIDER"] != "stripe":
        return
    for payment in db.session.scalars(
        select(Payment).where(
            Payment.appointment_id == appointment_id, Payment.status == ChargeStatus.OPEN
        )
    ).all():
        refresh_payment(payment, now)
    for refund in db.session.scalars(
        select(Refund).where(
            Refund.appointment_id == appointment_id, Refund.status == RefundStatus.PENDING
        )
    ).all():
        refresh_refund(refund, now)


def upkeep(now: datetime) -> int:
    """Retry pending refunds and reconcile open checkouts older than a minute; commits each.
    How many were looked at."""
    if current_app.config["PAYMENTS_PROVIDER"] != "stripe":
        return 0
    before = now - SETTLE_GRACE
    refund_ids = db.session.scalars(
        select(Refund.id)
        .where(Refund.status == RefundStatus.PENDING, Refund.created_at <= before)
        .order_by(Refund.id)
        .limit(BATCH)
    ).all()
    payment_ids = db.session.scalars(
        select(Payment.id)
        .where(
            Payment.status == ChargeStatus.OPEN,
            Payment.provider == "stripe",
            Payment.created_at <= before,
        )
        .order_by(Payment.id)
        .limit(BATCH)
    ).all()
    for refund_id in refund_ids:
        _each(refresh_refund, db.session.get(Refund, refund_id), now)
    for payment_id in payment_ids:
        _each(refresh_payment, db.session.get(Payment, payment_id), now)
    return len(refund_ids) + len(payment_ids)


def _each(step, item, now: datetime) -> None:
    from clinic360 import deferred

    try:
        step(item, now)
        db.session.commit()
        deferred.run_after_commit()
    except Exception:
        db.session.rollback()
        deferred.discard()
        log.exception("billing upkeep: %s %s left for next time", type(item).__name__, item.id)
