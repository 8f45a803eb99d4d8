"""Turning an outbox row into a mail (or an SMS) and delivering it.

What a kind says comes from the catalogue. Mail is a Jinja HTML template with inline styles
and a plain-text twin, times in the recipient's own zone with the zone named, a link to the
appointment page (never a video token), and the calendar invite where the event changes the
recipient's calendar.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_mail import Message

from clinic360.blueprints.appointments import service as appointments
from clinic360.blueprints.consultations import service as consultations
from clinic360.blueprints.notifications.catalogue import (
    ACCOUNT,
    DOCTOR,
    MAIL_TEMPLATE,
    PATIENT,
    REASON_LINE,
    Entry,
    Kind,
    Text,
    entry,
    fill,
)
from clinic360.extensions import db, mail
from clinic360.models import (
    Appointment,
    AppointmentStatus,
    Channel,
    DoctorSchedule,
    OutboxMessage,
    User,
)
from clinic360.validation import isoformat_utc

log = logging.getLogger(__name__)


class Skip(Exception):
    """The message should not be sent (and never will be)."""


@dataclass
class Composed:
    subject: str
    heading: str
    lines: list[str]
    details: list[tuple[str, str]] = field(default_factory=list)
    action: tuple[str, str] | None = None
    invite: str | None = None  # the .ics text
    invite_method: str | None = None
    sms: str | None = None
    template: str = MAIL_TEMPLATE


def recipient_zone(user: User) -> ZoneInfo:
    """The user's own zone: theirs if known, else a doctor's schedule zone, else UTC."""
    name = user.timezone
    if not name and user.is_doctor:
        schedule = db.session.get(DoctorSchedule, user.id)
        name = schedule.timezone if schedule else None
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def format_when(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%A %-d %B %Y, %H:%M} ({zone.key})"


def _sender_address() -> str:
    return parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]


def compose(row: OutboxMessage, now: datetime) -> Composed:
    """What to say to this recipient; raises Skip when it should not be sent."""
    user = row.user
    if not user.is_active:
        raise Skip("the account is deactivated")
    if row.channel == Channel.EMAIL and not user.email:
        raise Skip("no email address")
    if row.channel == Channel.SMS and not user.phone:
        raise Skip("no phone number")
    try:
        kind = Kind(row.kind)
    except ValueError:
        raise Skip(f"unknown kind {row.kind}") from None
    item = entry(kind)
    if row.channel == Channel.SMS and item.sms is None:
        raise Skip(f"{kind} is not sent by SMS")
    values: dict[str, Any] = dict(row.context)
    if row.appointment_id is None:
        values["employee_id"] = user.doctor_profile.employee_id if user.doctor_profile else ""
        return _compose(item, ACCOUNT, values, row)
    appointment = db.session.get(Appointment, row.appointment_id)
    if appointment is None:
        raise Skip("the appointment is gone")
    if kind == Kind.REMINDER:
        _check_reminder(row, appointment, now)
    role = DOCTOR if row.context.get("role") == DOCTOR else PATIENT
    values |= _visit_values(user, appointment, role)
    if kind == Kind.NEW_MESSAGE:
        unread = consultations.unread_in(user, appointment)
        if unread == 0:
            raise Skip("already read")
        values |= {"unread": unread, "plural": "message" if unread == 1 else "messages"}
    composed = _compose(item, role, values, row)
    if item.invite:
        composed.invite_method = item.invite.value
        composed.invite = appointments.ics.calendar(
            [appointment],
            now=row.created_at,
            base_url=current_app.config["PUBLIC_BASE_URL"],
            name="Clinic360",
            method=item.invite.value,
            organizer=_sender_address(),
            attendee=user.email,
        )
    return composed


def _visit_values(user: User, appointment: Appointment, role: str) -> dict[str, Any]:
    doctor, patient = appointment.doctor.full_name, appointment.patient.full_name
    return {
        "doctor": doctor,
        "patient": patient,
        "other": patient if role == DOCTOR else doctor,
        "when": format_when(appointment.start_at, recipient_zone(user)),
        "type": appointment.consultation_type,
        "appointment_id": appointment.id,
    }


def _compose(item: Entry, role: str, values: dict[str, Any], row: OutboxMessage) -> Composed:
    text = item.texts.get(role)
    if text is None:
        raise Skip(f"{row.kind} says nothing to a {role}")
    try:
        return _fill_in(item, text, values)
    except KeyError as missing:
        raise Skip(f"{row.kind} needs {missing}, which the message does not hold") from None


def _fill_in(item: Entry, text: Text, values: dict[str, Any]) -> Composed:
    # The title written when the event happened, else as the catalogue says it now.
    title = values.get("title") or fill(text.title, values)
    subject = fill(text.subject, values) if text.subject else title
    lines = [fill(line, values) for line in text.lines]
    if item.reason_line and values.get("reason"):
        lines.append(fill(REASON_LINE, values))
    composed = Composed(
        subject=subject,
        heading=fill(text.heading, values) if text.heading else subject,
        lines=lines,
        sms=fill(item.sms, values) if item.sms else None,
        template=item.template,
    )
    if item.details:
        composed.details = [
            ("When", values["when"]),
            ("With", values["other"]),
            ("Type", f"{values['type'].title()} consultation"),
        ]
    if item.action:
        label, path = item.action
        composed.action = (label, current_app.config["PUBLIC_BASE_URL"] + fill(path, values))
    return composed


def _check_reminder(row: OutboxMessage, appointment: Appointment, now: datetime) -> None:
    grace = timedelta(minutes=current_app.config["REMINDER_GRACE_MINUTES"])
    if appointment.status != AppointmentStatus.CONFIRMED:
        raise Skip("the appointment is not confirmed")
    if row.context.get("start") != isoformat_utc(appointment.start_at):
        raise Skip("the appointment moved")
    if now >= appointment.start_at or now - row.due_at > grace:
        raise Skip("too late to remind")
    if row.channel == Channel.EMAIL and not row.user.email_reminders:
        raise Skip("reminder mail is turned off")


def build_message(row: OutboxMessage, composed: Composed) -> Message:
    context = {"composed": composed, "user": row.user}
    message = Message(
        subject=composed.subject,
        recipients=[row.user.email],
        body=render_template(f"{composed.template}.txt", **context),
        html=render_template(f"{composed.template}.html", **context),
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    message.msgId = row.message_id
    if composed.invite:
        message.attach(
            "invite.ics",
            f"text/calendar; method={composed.invite_method}; charset=UTF-8",
            composed.invite.encode("utf-8"),
        )
    return message


def deliver(row: OutboxMessage, composed: Composed) -> None:
    """Send through the configured backend; raises on failure."""
    if row.channel == Channel.SMS:
        if composed.sms is None:
            raise RuntimeError(f"{row.kind} has no SMS text")
        send_sms(row.user.phone or "", composed.sms)
        return
    message = build_message(row, composed)
    if current_app.config["MAIL_BACKEND"] == "file":
        folder = Path(current_app.config["MAIL_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{row.id:08d}-{row.kind}.eml"
        path.write_bytes(message.as_bytes())
        log.info(
            "mail %s to %s: %s (%s)\n%s",
            row.id,
            row.user.email,
            composed.subject,
            path,
            message.body,
        )
        return
    mail.send(message)


def send_sms(phone: str, text: str) -> None:
    """The SMS channel. `console` prints the message; texts never carry health details."""
    backend = current_app.config["SMS_BACKEND"]
    if backend == "console":
        log.info("SMS to %s: %s", phone, text)
        return
    raise RuntimeError("SMS is turned off (set SMS_BACKEND=console)")
