"""Turning an outbox row into a mail (or an SMS) and delivering it.

Mail is a Jinja HTML template with inline styles and a plain-text twin, times in the
recipient's own zone with the zone named, a link to the appointment page (never a video
token), and the calendar invite where the event changes the recipient's calendar.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_mail import Message

from clinic360.blueprints.appointments import ics
from clinic360.blueprints.consultations.service import unread_in
from clinic360.blueprints.notifications.service import EVENTS
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

TYPE_NAMES = {"video": "video", "audio": "audio", "chat": "chat"}


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
    if row.appointment_id is None:
        return _account_mail(row, user)
    appointment = db.session.get(Appointment, row.appointment_id)
    if appointment is None:
        raise Skip("the appointment is gone")
    if row.kind == "reminder":
        _check_reminder(row, appointment, now)
    if row.kind == "new_message":
        return _message_mail(row, user, appointment)
    return _appointment_mail(row, user, appointment)


def _message_mail(row: OutboxMessage, user: User, appointment: Appointment) -> Composed:
    """A nudge that messages wait; their text stays in the app."""
    unread = unread_in(user, appointment)
    if unread == 0:
        raise Skip("already read")
    role = row.context.get("role", "patient")
    other = appointment.doctor.full_name if role == "patient" else appointment.patient.full_name
    when = format_when(appointment.start_at, recipient_zone(user))
    plural = "message" if unread == 1 else "messages"
    title = f"{unread} new {plural} from {other}"
    return Composed(
        subject=title,
        heading=title,
        lines=[
            f"{other} wrote to you about your appointment on {when}.",
            "Read and answer in Clinic360; messages are never sent by email.",
        ],
        action=(
            "Open the conversation",
            f"{current_app.config['PUBLIC_BASE_URL']}/appointments/{appointment.id}",
        ),
    )


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


def _appointment_mail(row: OutboxMessage, user: User, appointment: Appointment) -> Composed:
    zone = recipient_zone(user)
    role = row.context.get("role", "patient")
    other = appointment.doctor.full_name if role == "patient" else appointment.patient.full_name
    when = format_when(appointment.start_at, zone)
    kind = TYPE_NAMES[appointment.consultation_type]
    reason = row.context.get("reason")
    names = {"doctor": appointment.doctor.full_name, "patient": appointment.patient.full_name}
    title = row.context.get("title") or EVENTS[row.kind][role].title.format(**names)
    lines_by_kind = {
        "booking_requested": (
            [
                f"{other} asked for a {kind} consultation on {when}.",
                "Please approve it, propose another time or decline it.",
            ]
            if role == "doctor"
            else [
                f"Your request for a {kind} consultation with {other} on {when} was sent.",
                "We will write again as soon as it is confirmed.",
            ]
        ),
        "booking_confirmed": [
            f"Your {kind} consultation with {other} is confirmed for {when}.",
            "The calendar invite is attached.",
        ],
        "booking_declined": [
            f"{other} could not take your appointment on {when}.",
            "You can book another time or another doctor.",
        ],
        "time_proposed": [
            f"{other} proposed another time for your {kind} consultation.",
            "Open the appointment to accept or decline it.",
        ],
        "proposal_declined": [
            f"{other} declined the time you proposed; the appointment keeps its time, {when}."
        ],
        "appointment_rescheduled": [
            f"Your {kind} consultation with {other} is now on {when}.",
            "The updated calendar invite is attached.",
        ],
        "appointment_cancelled": [
            f"Your {kind} consultation with {other} on {when} is cancelled.",
            "The attached invite removes it from your calendar.",
        ],
        "appointment_completed": [
            f"Thank you for your consultation with {other}.",
            "Your records and prescriptions appear in Clinic360.",
        ],
        "reminder": [
            f"Your {kind} consultation with {other} starts {when}.",
            "Open the appointment a few minutes early to join.",
        ],
    }
    lines = list(lines_by_kind[row.kind])
    if reason and row.kind in ("booking_declined", "appointment_cancelled"):
        lines.append(f"Reason given: {reason}")
    link = f"{current_app.config['PUBLIC_BASE_URL']}/appointments/{appointment.id}"
    composed = Composed(
        subject=title,
        heading=title,
        lines=lines,
        details=[("When", when), ("With", other), ("Type", f"{kind.title()} consultation")],
        action=("Open the appointment", link),
        sms=f"Clinic360: you have a consultation at {when}. Details in the app.",
    )
    method = row.context.get("invite")
    if method:
        composed.invite_method = method
        composed.invite = ics.calendar(
            [appointment],
            now=row.created_at,
            base_url=current_app.config["PUBLIC_BASE_URL"],
            name="Clinic360",
            method=method,
            organizer=_sender_address(),
            attendee=user.email,
        )
    return composed


def _account_mail(row: OutboxMessage, user: User) -> Composed:
    base = current_app.config["PUBLIC_BASE_URL"]
    if row.kind == "doctor_verified":
        employee_id = user.doctor_profile.employee_id if user.doctor_profile else ""
        return Composed(
            subject=row.context["title"],
            heading="Welcome to Clinic360",
            lines=[
                "An administrator verified your account.",
                f"Log in with your email or phone, your password and employee ID {employee_id}.",
            ],
            action=("Log in", f"{base}/login"),
        )
    if row.kind == "record_added":
        return Composed(
            subject=row.context["title"],
            heading="Your health record has a new entry",
            lines=[
                f"{row.context.get('doctor_name', 'Your doctor')} added an entry to your "
                "health record.",
                "Log in to read it: the content of records is never sent by email.",
            ],
            action=("Open your records", f"{base}/records"),
        )
    if row.kind == "doctor_rejected":
        lines = ["An administrator could not verify your application."]
        if row.context.get("reason"):
            lines.append(f"Reason given: {row.context['reason']}")
        return Composed(subject=row.context["title"], heading="About your application", lines=lines)
    raise Skip(f"unknown kind {row.kind}")


def build_message(row: OutboxMessage, composed: Composed) -> Message:
    context = {"composed": composed, "user": row.user}
    message = Message(
        subject=composed.subject,
        recipients=[row.user.email],
        body=render_template("email/message.txt", **context),
        html=render_template("email/message.html", **context),
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
        send_sms(row.user.phone or "", composed.sms or composed.subject)
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
