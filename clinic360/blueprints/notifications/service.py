"""What people hear about: each event writes in-app notifications and outbox rows in the same
transaction as the change that causes it. Reminders are outbox rows due before the visit,
re-planned when the time moves and cancelled with the visit. Nothing here commits or sends."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AppointmentStatus,
    Channel,
    Notification,
    OutboxMessage,
    OutboxStatus,
    User,
)
from clinic360.pagination import fetch_page
from clinic360.validation import isoformat_utc

REMINDER = "reminder"


@dataclass(frozen=True)
class Event:
    """How an event reads for one recipient."""

    title: str  # in-app line and mail subject
    invite: str | None = None  # iCalendar METHOD of the attached invite, if any
    # Whether the person who caused the event gets the mail too (an acknowledgement, or an
    # invite that keeps their calendar right). They never get an in-app line about themselves.
    tell_actor: bool = False


# kind -> {recipient role -> Event}. Titles are formatted with doctor, patient.
EVENTS: dict[str, dict[str, Event]] = {
    "booking_requested": {
        "doctor": Event("New appointment request from {patient}"),
        "patient": Event("Your request to see {doctor} was sent", tell_actor=True),
    },
    "booking_confirmed": {
        "patient": Event("Your appointment with {doctor} is confirmed", invite="REQUEST"),
        "doctor": Event("Appointment with {patient} confirmed", invite="REQUEST"),
    },
    "booking_declined": {"patient": Event("{doctor} could not take your appointment")},
    "time_proposed": {"patient": Event("{doctor} proposed another time")},
    "proposal_declined": {"doctor": Event("{patient} declined the time you proposed")},
    "appointment_rescheduled": {
        "patient": Event("Your appointment with {doctor} has a new time", invite="REQUEST"),
        "doctor": Event("Your appointment with {patient} has a new time", invite="REQUEST"),
    },
    "appointment_cancelled": {
        "patient": Event("Your appointment with {doctor} is cancelled", invite="CANCEL"),
        "doctor": Event("Your appointment with {patient} is cancelled", invite="CANCEL"),
    },
    "appointment_completed": {"patient": Event("Thank you for your visit with {doctor}")},
    REMINDER: {
        "patient": Event("Reminder: your appointment with {doctor}"),
        "doctor": Event("Reminder: your appointment with {patient}"),
    },
}

# kind -> (title, where the in-app line leads)
ACCOUNT_EVENTS = {
    "doctor_verified": ("Your Clinic360 account is verified", "/doctor"),
    "doctor_rejected": ("Your Clinic360 application", "/"),
    "record_added": ("{doctor_name} added to your health record", "/records"),
}


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@clinic360>"


def _outbox(
    user: User,
    kind: str,
    now: datetime,
    *,
    appointment: Appointment | None = None,
    due_at: datetime | None = None,
    context: dict[str, Any] | None = None,
    channel: str = Channel.EMAIL,
) -> OutboxMessage:
    row = OutboxMessage(
        channel=channel,
        kind=kind,
        user_id=user.id,
        appointment_id=appointment.id if appointment else None,
        context=context or {},
        status=OutboxStatus.PENDING,
        due_at=due_at or now,
        attempts=0,
        message_id=new_message_id(),
        created_at=now,
    )
    db.session.add(row)
    return row


def appointment_event(
    kind: str,
    appointment: Appointment,
    now: datetime,
    *,
    actor: User | None = None,
    reason: str | None = None,
) -> None:
    """Tell the appointment's patient and doctor (but not the actor, unless the mail carries
    their calendar invite) about a change, in the app and by mail."""
    names = {"doctor": appointment.doctor.full_name, "patient": appointment.patient.full_name}
    for role, event in EVENTS[kind].items():
        recipient = appointment.doctor if role == "doctor" else appointment.patient
        is_actor = actor is not None and actor.id == recipient.id
        if is_actor and not (event.tell_actor or event.invite):
            continue
        title = event.title.format(**names)
        if not is_actor:
            db.session.add(
                Notification(
                    user_id=recipient.id,
                    kind=kind,
                    title=title,
                    created_at=now,
                    link=f"/appointments/{appointment.id}",
                    appointment_id=appointment.id,
                )
            )
        context = {"role": role, "title": title, "start": isoformat_utc(appointment.start_at)}
        if reason:
            context["reason"] = reason
        if event.invite:
            context["invite"] = event.invite
        _outbox(recipient, kind, now, appointment=appointment, context=context)
    if kind in ("booking_confirmed", "appointment_rescheduled"):
        plan_reminders(appointment, now)
    elif kind in ("appointment_cancelled", "booking_declined", "appointment_completed"):
        cancel_reminders(appointment.id)


def account_event(
    kind: str, user: User, now: datetime, *, reason: str | None = None, **names: str
) -> None:
    template, link = ACCOUNT_EVENTS[kind]
    title = template.format(**names)
    db.session.add(Notification(user_id=user.id, kind=kind, title=title, created_at=now, link=link))
    context: dict[str, Any] = {"title": title, **names}
    if reason:
        context["reason"] = reason
    _outbox(user, kind, now, context=context)


# --- Reminders --------------------------------------------------------------------------


def reminder_offsets() -> list[timedelta]:
    return [timedelta(minutes=m) for m in current_app.config["REMINDER_OFFSETS_MINUTES"]]


def plan_reminders(appointment: Appointment, now: datetime) -> None:
    """Reminders for a confirmed appointment at its current time, replacing earlier ones."""
    cancel_reminders(appointment.id)
    if appointment.status != AppointmentStatus.CONFIRMED:
        return
    for role in ("patient", "doctor"):
        user = appointment.patient if role == "patient" else appointment.doctor
        for offset in reminder_offsets():
            due = appointment.start_at - offset
            if due <= now:
                continue  # never late: a reminder whose moment has passed is not planned
            context = {
                "role": role,
                "start": isoformat_utc(appointment.start_at),
                "offset_minutes": int(offset.total_seconds() // 60),
            }
            channels = []
            if user.email_reminders:
                channels.append(Channel.EMAIL)
            if user.sms_reminders and user.phone and current_app.config["SMS_BACKEND"]:
                channels.append(Channel.SMS)
            for channel in channels:
                _outbox(
                    user,
                    REMINDER,
                    now,
                    appointment=appointment,
                    due_at=due,
                    channel=channel,
                    context=dict(context),
                )


def cancel_reminders(appointment_id: int) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.appointment_id == appointment_id,
            OutboxMessage.kind == REMINDER,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .values(status=OutboxStatus.CANCELLED)
    )


# --- In-app -----------------------------------------------------------------------------


def list_notifications(
    user: User, page: int, page_size: int
) -> tuple[list[Notification], int, int]:
    base = select(Notification).where(Notification.user_id == user.id)
    items, total = fetch_page(
        base, page, page_size, (Notification.created_at.desc(), Notification.id.desc())
    )
    unread = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )
    return items, total, unread or 0


def mark_read(user: User, notification_id: int, now: datetime) -> Notification | None:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        return None
    if notification.read_at is None:
        notification.read_at = now
    return notification


def mark_all_read(user: User, now: datetime) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now)
    )
