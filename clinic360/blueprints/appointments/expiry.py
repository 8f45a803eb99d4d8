"""Requests nobody answered: a pending appointment is withdrawn PENDING_EXPIRY_HOURS after it
became pending, or as soon as its start time has come, whichever is first. It becomes
cancelled (history action and reason "expired", no actor), its time is free again, and both
sides are told (`request_expired`). A request that must be paid before confirmation and is
still unpaid PAYMENT_WINDOW_MINUTES after booking is withdrawn so too, with reason "unpaid";
a paid request withdrawn is refunded in full (billing).

Run by the worker's periodic loop and by the inline dispatcher (clinic360.jobs). Safe with
several of them at once: each appointment changes only if it is still pending at the moment
of the change, and only that change is recorded and told. Nothing here commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, or_, select, update

from clinic360.blueprints.appointments.booking import close_proposals, record
from clinic360.blueprints.billing import service as billing
from clinic360.blueprints.notifications import service as notifications
from clinic360.blueprints.schedule import service as schedules
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AppointmentStatus,
    ChargeStatus,
    Payment,
    PaymentDue,
    PaymentStatus,
    ProposalStatus,
)

S = AppointmentStatus
EXPIRED = "expired"
UNPAID_REASON = "unpaid"  # paid before confirmation, not paid within PAYMENT_WINDOW_MINUTES
UNPAID = (PaymentStatus.UNPAID, PaymentStatus.PENDING)


def expire_pending(now: datetime, *, batch: int = 200) -> list[int]:
    """Withdraw every request due to expire at `now` (unanswered, or unpaid when it must be
    paid before confirmation); the ids of those withdrawn."""
    cutoff = now - timedelta(hours=current_app.config["PENDING_EXPIRY_HOURS"])
    unpaid_cutoff = now - timedelta(minutes=current_app.config["PAYMENT_WINDOW_MINUTES"])
    unpaid = (
        Appointment.payment_due == PaymentDue.BEFORE_CONFIRM,
        Appointment.payment_status.in_(UNPAID),
        # The patient is at the checkout: it stays open past the window (at least the
        # provider's minimum), so the request waits for it to end.
        ~exists().where(
            Payment.appointment_id == Appointment.id,
            Payment.status == ChargeStatus.OPEN,
            Payment.expires_at > now,
        ),
    )
    passes = (
        (UNPAID_REASON, (*unpaid, Appointment.created_at <= unpaid_cutoff)),
        (EXPIRED, (or_(Appointment.pending_since <= cutoff, Appointment.start_at <= now),)),
    )
    expired: list[int] = []
    doctors: set[int] = set()
    for reason, conditions in passes:
        due = (
            select(Appointment.id)
            .where(Appointment.status == S.PENDING, *conditions)
            .order_by(Appointment.id)
            .limit(batch)
        )
        guard = unpaid if reason == UNPAID_REASON else ()
        while ids := list(db.session.scalars(due)):
            for appointment_id in ids:
                if (doctor_id := _expire(appointment_id, now, reason, guard)) is not None:
                    expired.append(appointment_id)
                    doctors.add(doctor_id)
            if len(ids) < batch:
                break
    # The freed times show in the doctors' next free times (a Core update: no flush hook).
    schedules.mark_stale(doctors)
    return expired


def _expire(appointment_id: int, now: datetime, reason: str, guard: tuple) -> int | None:
    """Withdraw one request if it is still pending (and still unpaid, for `guard`); its
    doctor's id, or None."""
    changed = db.session.execute(
        update(Appointment)
        .where(Appointment.id == appointment_id, Appointment.status == S.PENDING, *guard)
        .values(
            status=S.CANCELLED,
            cancel_reason=reason,
            updated_at=now,
            sequence=Appointment.sequence + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        return None  # answered, withdrawn or expired by someone else meanwhile
    appointment = db.session.get(Appointment, appointment_id, populate_existing=True)
    close_proposals(appointment, now, ProposalStatus.WITHDRAWN)
    change = {"from_status": S.PENDING, "to_status": S.CANCELLED, "reason": reason}
    record(appointment, None, now, EXPIRED, **change)
    billing.on_cancelled(appointment, now, by="system", late=False)
    notifications.appointment_event("request_expired", appointment, now)
    return appointment.doctor_id
