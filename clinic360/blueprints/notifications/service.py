"""What people hear about: each event writes in-app notifications and outbox rows in the same
transaction as the change that causes it. Reminders are outbox rows due before the visit,
re-planned when the time moves and cancelled with the visit. What each kind says lives in
the catalogue. Nothing here commits or sends.

The public functions other features call: ``appointment_event``, ``account_event``,
``message_posted``, ``messages_read``, ``plan_reminders``, ``cancel_reminders`` and
``new_message_id``; a kind is given as a :class:`Kind` or its string value.
"""

from __future__ import annotations

import functools
import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Integer, bindparam, func, select, true, update
from sqlalchemy.orm import aliased

from clinic360.blueprints.notifications.catalogue import (
    DOCTOR,
    PATIENT,
    TOKEN_CONTEXT,
    Kind,
    Reminders,
    entry,
    fill,
)
from clinic360.blueprints.notifications.texts import FAREWELL_CONTEXT, UNVERIFIED
from clinic360.crypto import keyring
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
from clinic360.validation import isoformat_utc

__all__ = [
    "Kind",
    "account_event",
    "appointment_event",
    "cancel_reminders",
    "list_notifications",
    "mail_current_address",
    "mark_all_read",
    "mark_read",
    "message_posted",
    "messages_read",
    "new_message_id",
    "plan_reminders",
    "release_held",
    "reminder_offsets",
    "update_preferences",
]


def new_message_id() -> str:
    """A fresh Message-ID for an outgoing mail."""
    return f"<{uuid.uuid4().hex}@clinic360>"


def _outbox(
    user: User,
    kind: Kind,
    now: datetime,
    *,
    appointment: Appointment | None = None,
    due_at: datetime | None = None,
    context: dict[str, Any] | None = None,
    channel: str = Channel.EMAIL,
) -> OutboxMessage:
    row = OutboxMessage(
        channel=channel,
        kind=kind.value,
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


def _in_app(
    user: User,
    kind: Kind,
    now: datetime,
    title: str,
    body: str,
    link: str,
    appointment: Appointment | None = None,
) -> None:
    db.session.add(
        Notification(
            user_id=user.id,
            kind=kind.value,
            title=title,
            body=body,
            created_at=now,
            link=link,
            appointment_id=appointment.id if appointment else None,
        )
    )


def _names(appointment: Appointment, role: str) -> dict[str, Any]:
    """What in-app texts about an appointment may name, seen from `role`."""
    doctor, patient = appointment.doctor.full_name, appointment.patient.full_name
    return {
        "doctor": doctor,
        "patient": patient,
        "other": patient if role == DOCTOR else doctor,
        "appointment_id": appointment.id,
    }


def appointment_event(
    kind: Kind | str,
    appointment: Appointment,
    now: datetime,
    *,
    actor: User | None = None,
    reason: str | None = None,
) -> None:
    """Tell the appointment's patient and doctor (but not the actor, unless the mail carries
    their calendar invite) about a change, in the app and by mail; then plan or cancel the
    visit's reminders as the kind says."""
    kind = Kind(kind)
    item = entry(kind)
    for role, text in item.texts.items():
        recipient = appointment.doctor if role == DOCTOR else appointment.patient
        is_actor = actor is not None and actor.id == recipient.id
        if is_actor and not (text.tell_actor or item.invite):
            continue
        names = _names(appointment, role)
        title = fill(text.title, names)
        if not is_actor:
            link = fill(item.link, names)
            _in_app(recipient, kind, now, title, fill(text.body, names), link, appointment)
        context = {"role": role, "title": title, "start": isoformat_utc(appointment.start_at)}
        if reason:
            context["reason"] = reason
        if item.invite:
            context["invite"] = item.invite.value
        _outbox(recipient, kind, now, appointment=appointment, context=context)
    if item.reminders == Reminders.PLAN:
        plan_reminders(appointment, now)
    elif item.reminders == Reminders.CANCEL:
        cancel_reminders(appointment.id)


def account_event(kind: Kind | str, user: User, now: datetime, **ctx: Any) -> None:
    """Tell a user about their account or record (doctor verified or rejected, record added):
    `ctx` fills the kind's texts (``reason=`` is quoted in the mail when given). A ``token=``
    (a reset or verification link's secret) is kept sealed in the outbox until it is sent;
    mail-only kinds write no in-app line."""
    kind = Kind(kind)
    item = entry(kind)
    (text,) = item.texts.values()
    values = {key: value for key, value in ctx.items() if value is not None}
    title = fill(text.title, values)
    if item.in_app:
        _in_app(user, kind, now, title, fill(text.body, values), fill(item.link, values))
    if "token" in values:
        values["token"] = keyring().seal_text(values["token"], TOKEN_CONTEXT)
    _outbox(user, kind, now, context={"title": title, **values})


def release_held(user: User, now: datetime) -> int:
    """The user's address was just verified: mail of the held kinds (a doctor's application
    approved or rejected) that was skipped because it was not goes out now. How many."""
    held = [kind.value for kind in Kind if entry(kind).held]
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.user_id == user.id,
            OutboxMessage.channel == Channel.EMAIL,
            OutboxMessage.status == OutboxStatus.SKIPPED,
            OutboxMessage.last_error == UNVERIFIED,
            OutboxMessage.kind.in_(held),
        )
        .values(status=OutboxStatus.PENDING, due_at=now, last_error=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount  # type: ignore[attr-defined]


def mail_current_address(kind: Kind | str, user: User, now: datetime, **ctx: Any) -> bool:
    """Queue a mail to the user's current address and name, sealed in the outbox row, so that
    it still reaches that address after it changes or the account is erased (the address is
    dropped from the row once it is sent or given up). Only to a verified address; no in-app
    line. Returns whether a mail was queued."""
    if not user.email or user.email_verified_at is None:
        return False
    kind = Kind(kind)
    (text,) = entry(kind).texts.values()
    values = {key: value for key, value in ctx.items() if value is not None}
    sealed = keyring().seal_text(json.dumps([user.full_name, user.email]), FAREWELL_CONTEXT)
    _outbox(user, kind, now, context={"title": fill(text.title, values), **values, "to": sealed})
    return True


# --- Messages ---------------------------------------------------------------------------


def message_posted(sender: User, appointment: Appointment, now: datetime, delay: timedelta) -> None:
    """Tell the other side that messages wait: one unread in-app line and one pending mail
    (due after `delay`) per appointment, however many messages."""
    kind = Kind.NEW_MESSAGE
    item = entry(kind)
    recipient = appointment.patient if sender.id == appointment.doctor_id else appointment.doctor
    role = PATIENT if recipient.id == appointment.patient_id else DOCTOR
    unread = Notification.read_at.is_(None)
    if not _waiting(Notification, recipient, appointment, kind, unread):
        text, names = item.texts[role], _names(appointment, role)
        title, body = fill(text.title, names), fill(text.body, names)
        _in_app(recipient, kind, now, title, body, fill(item.link, names), appointment)
    pending = OutboxMessage.status == OutboxStatus.PENDING
    if not _waiting(OutboxMessage, recipient, appointment, kind, pending):
        context = {"role": role, "since": now.isoformat()}
        _outbox(recipient, kind, now, appointment=appointment, due_at=now + delay, context=context)


def _waiting(
    model: type[Notification] | type[OutboxMessage],
    user: User,
    appointment: Appointment,
    kind: Kind,
    still: ColumnElement[bool],
) -> bool:
    """Whether the user has a row of `model` (an in-app line, a mail) of this kind about the
    appointment that is still waiting (`still`: unread, pending)."""
    row_id = db.session.scalar(
        select(model.id)
        .where(
            model.user_id == user.id,
            model.appointment_id == appointment.id,
            model.kind == kind.value,
            still,
        )
        .limit(1)
    )
    return row_id is not None


def messages_read(user: User, appointment: Appointment, now: datetime) -> None:
    """The user read the appointment's thread: its new-message lines are read too."""
    db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.appointment_id == appointment.id,
            Notification.kind == Kind.NEW_MESSAGE.value,
            Notification.read_at.is_(None),
        )
        .values(read_at=now)
    )


# --- Reminders --------------------------------------------------------------------------


def reminder_offsets() -> list[timedelta]:
    return [timedelta(minutes=m) for m in current_app.config["REMINDER_OFFSETS_MINUTES"]]


def plan_reminders(appointment: Appointment, now: datetime) -> None:
    """Reminders for a confirmed appointment at its current time, replacing earlier ones."""
    cancel_reminders(appointment.id)
    if appointment.status != AppointmentStatus.CONFIRMED:
        return
    for role in (PATIENT, DOCTOR):
        user = appointment.patient if role == PATIENT else appointment.doctor
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
                    Kind.REMINDER,
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
            OutboxMessage.kind == Kind.REMINDER.value,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .values(status=OutboxStatus.CANCELLED)
    )


# --- In-app -----------------------------------------------------------------------------


@functools.cache
def _page_statement() -> Any:
    """The statement of :func:`list_notifications`, built once: building its subqueries costs
    more than running it."""
    mine = Notification.user_id == bindparam("user_id")
    counts = (
        select(
            func.count().label("total"),
            (func.count() - func.count(Notification.read_at)).label("unread"),
        )
        .where(mine)
        .subquery()
    )
    rows = (
        select(Notification)
        .where(mine)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery()
    )
    return (
        select(counts.c.total, counts.c.unread, aliased(Notification, rows))
        .select_from(counts)
        .outerjoin(rows, true())
        .order_by(rows.c.created_at.desc(), rows.c.id.desc())
    )


def list_notifications(
    user: User, page: int, page_size: int
) -> tuple[list[Notification], int, int]:
    """A page of the user's notifications, newest first, how many they have and how many are
    unread: one query (the two counts, outer-joined to the page, so they come without items)."""
    result = db.session.execute(
        _page_statement(),
        {"user_id": user.id, "limit": page_size, "offset": (page - 1) * page_size},
    ).all()
    items = [row[2] for row in result if row[2] is not None]
    return items, result[0].total or 0, result[0].unread or 0


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


def update_preferences(user: User, changes: dict[str, Any]) -> None:
    """Reminder mail and SMS on or off, and the user's time zone (only the keys given)."""
    for name in ("email_reminders", "sms_reminders", "timezone"):
        if name in changes:
            setattr(user, name, changes[name])
