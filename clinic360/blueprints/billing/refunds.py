"""Refunds: by policy when a paid visit is cancelled, in full for a duplicate payment, and by
hand (the doctor or an admin). A refund is created under the appointment's row lock with an
idempotency key naming the decision, its amount reserved on the payment at once, so parallel
requests never give back more than was paid. The provider is asked only after the request's
commit (clinic360.deferred); a failure to reach it leaves the refund pending for the upkeep to
retry under the same key, a refusal marks it failed and frees its amount. Cash
refunds are settled at once. Nothing here commits, except the deferred provider call.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from clinic360 import deferred
from clinic360.blueprints.billing import provider
from clinic360.blueprints.billing.settlement import (
    lock_appointment,
    lock_payment,
    paid_payment,
    update_state,
)
from clinic360.blueprints.notifications import service as notifications
from clinic360.clock import now_utc
from clinic360.errors import Conflict, Invalid
from clinic360.extensions import db
from clinic360.models import Appointment, Payment, Refund, RefundReason, RefundStatus, User
from clinic360.money import display, share

log = logging.getLogger(__name__)


class NothingToRefund(Conflict):
    code = "nothing_to_refund"
    message = "Nothing is left to refund on this appointment."


class IdempotencyConflict(Conflict):
    code = "idempotency_conflict"
    message = "This Idempotency-Key was already used for a different refund."


_CLIENT_KEY = re.compile(r"[\x21-\x7e]{1,64}")


def check_client_key(value: str | None) -> str | None:
    """An Idempotency-Key header: 1 to 64 visible ASCII characters (no spaces), or none at all."""
    if value is None or _CLIENT_KEY.fullmatch(value):
        return value
    raise Invalid(fields={"Idempotency-Key": ["Use 1 to 64 visible characters, without spaces."]})


def left_on(payment: Payment) -> int:
    return payment.amount - payment.refunded_amount


def _existing(key: str) -> Refund | None:
    return db.session.scalars(select(Refund).where(Refund.idempotency_key == key)).first()


def _create(
    payment: Payment,
    amount: int,
    reason: str,
    key: str,
    now: datetime,
    *,
    user: User | None = None,
    note: str | None = None,
) -> Refund:
    """A refund of `amount` on a payment locked by the caller, reserved at once."""
    refund = Refund(
        payment_id=payment.id,
        appointment_id=payment.appointment_id,
        amount=amount,
        currency=payment.currency,
        reason=reason,
        note=note,
        status=RefundStatus.PENDING,
        idempotency_key=key,
        requested_by_id=user.id if user else None,
        created_at=now,
    )
    payment.refunded_amount += amount
    db.session.add(refund)
    db.session.flush()
    if payment.provider == "cash":
        settle_refund(refund, now)
    else:
        deferred.after_commit(send_refund, refund.id)
    return refund


def refund_duplicate(payment: Payment, now: datetime) -> Refund | None:
    """All of a payment made after the appointment had already been paid."""
    key = f"c360-refund-dup-{payment.id}"
    if _existing(key) is not None or left_on(payment) <= 0:
        return None
    return _create(payment, left_on(payment), RefundReason.DUPLICATE, key, now)


def refund_cancelled(
    appointment: Appointment,
    now: datetime,
    *,
    reason: str = RefundReason.EXPIRED,
    percent: int = 100,
) -> Refund | None:
    """The refund a cancellation gives by policy (`percent` of the price, capped at what is
    left); at most once per appointment. The caller holds the appointment's row lock."""
    key = f"c360-refund-appt-{appointment.id}-cancel"
    payment = paid_payment(appointment.id)
    if payment is None or _existing(key) is not None:
        return None
    payment = lock_payment(payment.id)
    amount = min(share(payment.amount, percent * 100), left_on(payment))
    if amount <= 0:
        return None
    return _create(payment, amount, reason, key, now)


def on_cancelled(appointment: Appointment, now: datetime, *, by: str, late: bool) -> None:
    """Policy refund for a cancelled visit: `by` is "doctor", "patient" or "system"; `late`:
    the patient cancelled inside the late-change window."""
    if by == "doctor":
        refund_cancelled(appointment, now, reason=RefundReason.DOCTOR_CANCELLED)
    elif by == "patient" and late:
        percent = current_app.config["LATE_CANCEL_REFUND_PERCENT"]
        refund_cancelled(appointment, now, reason=RefundReason.LATE_CANCELLATION, percent=percent)
    elif by == "patient":
        refund_cancelled(appointment, now, reason=RefundReason.PATIENT_CANCELLED)
    else:
        refund_cancelled(appointment, now, reason=RefundReason.EXPIRED)
    from clinic360.blueprints.billing import checkout

    checkout.close_open(appointment.id, now)


def manual_refund(
    user: User,
    appointment: Appointment,
    amount: int | None,
    note: str | None,
    now: datetime,
    *,
    client_key: str | None = None,
) -> Refund:
    """A refund the doctor or an admin gives: `amount` (default: all that is left). With a
    `client_key` (the Idempotency-Key header) a repeat of the same request gives back the
    refund it made; the same key with another amount is a conflict."""
    client_key = check_client_key(client_key)
    appointment = lock_appointment(appointment.id)
    payment = paid_payment(appointment.id)
    if payment is None:
        raise NothingToRefund()
    payment = lock_payment(payment.id)
    if client_key is not None:
        digest = hashlib.sha256(client_key.encode()).hexdigest()[:24]
        key = f"c360-refund-m-{payment.id}-{digest}"
        found = _existing(key)
        if found is not None:
            if amount is not None and amount != found.amount:
                raise IdempotencyConflict()
            return found
    left = left_on(payment)
    if left <= 0:
        raise NothingToRefund()
    if amount is None:
        amount = left
    if amount > left:
        left_text = display(left, payment.currency)
        raise Invalid(fields={"amount": [f"At most {left} ({left_text}) is left to refund."]})
    count = db.session.scalar(
        select(func.count()).select_from(Refund).where(Refund.payment_id == payment.id)
    )
    if client_key is None:
        key = f"c360-refund-{payment.id}-{count + 1}"
    return _create(payment, amount, RefundReason.MANUAL, key, now, user=user, note=note)


def send_refund(refund_id: int) -> None:
    """Ask the provider for a pending refund (deferred, and retried by the upkeep); commits
    nothing itself (the deferred runner or the upkeep does)."""
    refund = db.session.get(Refund, refund_id)
    if refund is None or refund.status != RefundStatus.PENDING:
        return
    payment = refund.payment
    if not payment.provider_payment_id:
        log.warning("refund %s waits: payment %s has no provider id", refund.id, payment.id)
        return
    try:
        answer = provider.create_refund(
            payment.provider_payment_id,
            refund.amount,
            {"refund_id": str(refund.id), "appointment_id": str(refund.appointment_id)},
            refund.idempotency_key,
        )
    except provider.ProviderError as error:
        if provider.is_refusal(error):
            # The provider answers this key with the same refusal from now on: the refund has
            # failed and its amount is free again (a new refund takes a new key).
            log.warning("refund %s refused: %s", refund.id, type(error).__name__)
            fail_refund(refund, now_utc(), type(error).__name__)
        else:
            log.warning("refund %s not made yet: %s", refund.id, type(error).__name__)
        return
    apply_provider_refund(answer, now_utc())


def apply_provider_refund(answer: dict, now: datetime) -> Refund | None:
    """Take the provider's word on a refund (its answer, a webhook or a listing)."""
    refund = None
    if answer.get("id"):
        refund = db.session.scalars(
            select(Refund).where(Refund.provider_refund_id == answer["id"])
        ).first()
    local_id = (answer.get("metadata") or {}).get("refund_id")
    if refund is None and local_id and str(local_id).isdigit():
        refund = db.session.get(Refund, int(local_id))
    if refund is None:
        return None
    if not refund.provider_refund_id and answer.get("id"):
        refund.provider_refund_id = answer["id"]
    status = answer.get("status")
    if status == "succeeded":
        settle_refund(refund, now)
    elif status in ("failed", "canceled"):
        fail_refund(refund, now, status)
    return refund


def _lock_refund(refund_id: int) -> Refund:
    return db.session.scalars(
        select(Refund)
        .where(Refund.id == refund_id)
        .with_for_update(of=Refund)
        .execution_options(populate_existing=True)
    ).one()


def settle_refund(refund: Refund, now: datetime) -> None:
    """The money has gone back: ledger entry, credit note, the appointment's state, told."""
    from clinic360.blueprints.billing import invoices, ledger

    appointment = lock_appointment(refund.appointment_id)
    refund = _lock_refund(refund.id)
    if refund.status != RefundStatus.PENDING:
        return
    refund.status = RefundStatus.SUCCEEDED
    refund.settled_at = now
    db.session.flush()
    ledger.record_refund(refund, now)
    invoices.issue_credit_note(refund, now)
    db.session.expire(refund.payment, ["refunds"])
    update_state(appointment, now)
    line = display(refund.amount, refund.currency)
    notifications.appointment_event("refund_issued", appointment, now, reason=line)


def fail_refund(refund: Refund, now: datetime, why: str) -> None:
    """The provider refused: the reserved amount is free again."""
    lock_appointment(refund.appointment_id)
    refund = _lock_refund(refund.id)
    if refund.status != RefundStatus.PENDING:
        return
    payment = lock_payment(refund.payment_id)
    refund.status = RefundStatus.FAILED
    refund.failure_reason = why
    refund.settled_at = now
    payment.refunded_amount -= refund.amount
