"""Turning an outbox row into a mail (or an SMS) and delivering it.

What a kind says comes from the catalogue. Mail is a Jinja HTML template with inline styles
and a plain-text twin, times in the recipient's own zone with the zone named, a link to the
appointment page (never a video token), and the calendar invite where the event changes the
recipient's calendar.
"""

from __future__ import annotations

import json
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.mime.base import MIMEBase
from email.utils import formataddr, parseaddr
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_mail import BadHeaderError, Message

from clinic360.blueprints.appointments import service as appointments
from clinic360.blueprints.consultations import service as consultations
from clinic360.blueprints.notifications.catalogue import (
    ACCOUNT,
    DOCTOR,
    MAIL_TEMPLATE,
    PATIENT,
    REASON_LINE,
    TOKEN_CONTEXT,
    Entry,
    Kind,
    Text,
    entry,
    fill,
)
from clinic360.blueprints.notifications.texts import FAREWELL_CONTEXT, UNVERIFIED
from clinic360.crypto import keyring
from clinic360.extensions import db, mail
from clinic360.models import (
    Appointment,
    AppointmentStatus,
    Channel,
    DoctorSchedule,
    OutboxMessage,
    User,
)
from clinic360.validation import isoformat_utc, one_line

log = logging.getLogger(__name__)


class Skip(Exception):
    """The message should not be sent (and never will be)."""


class Undeliverable(Exception):
    """The message can never be sent as it is (a malformed stored address, a header value or a
    recipient the server refuses for good): sending it again would fail the same way."""


def permanent_reason(error: Exception) -> str | None:
    """Why `error` is a failure no retry can fix, or None for a passing one (a server down,
    busy or answering 4xx)."""
    if isinstance(error, Undeliverable | BadHeaderError | UnicodeEncodeError):
        return f"{type(error).__name__}: {error}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        if codes and all(500 <= code < 600 for code in codes):
            return f"recipient refused ({', '.join(str(code) for code in codes)})"
    return None


class MailMessage(Message):
    """Flask-Mail's message with a To header written by `email.utils.formataddr` (the display
    name quoted, or RFC 2047-encoded when not ASCII) and headers that are never refolded:
    Python 3.11's folding of a long quoted display name drops its quotes, which would let a
    name's own ":" or "," reshape the header."""

    to_header: str = ""

    def _message(self) -> MIMEBase:
        message = super()._message()
        message.policy = policy.SMTP.clone(max_line_length=None)
        if self.to_header:
            message.replace_header("To", self.to_header)
        return message


DISPLAY_NAME_CHARS = 100


def recipient(row: OutboxMessage) -> tuple[str, str]:
    """The (display name, address) for the To header, checked as RFC 5322 says by
    email.headerregistry; raises Undeliverable for an address no mail can go to. The user's
    own, or those sealed in the row (mail_current_address: an address changed or erased since)."""
    user = row.user
    name, email = user.full_name, user.email
    if "to" in row.context:
        name, email = json.loads(keyring().open_text(row.context["to"], FAREWELL_CONTEXT))
    address = (email or "").strip()
    if not address or address != email or "\\" in address:
        raise Undeliverable("the stored address is not a valid email address")
    try:
        name = one_line(name)[:DISPLAY_NAME_CHARS]
        parsed = Address(display_name=name, addr_spec=address)
    except (ValueError, IndexError, TypeError, HeaderParseError):
        raise Undeliverable("the stored address is not a valid email address") from None
    if not parsed.username or not parsed.domain:
        raise Undeliverable("the stored address is not a valid email address")
    return parsed.display_name, parsed.addr_spec


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
    # Mail sealed to the address the account had when it was written (changed or erased since).
    sealed_to = row.channel == Channel.EMAIL and "to" in row.context
    if not user.is_active and not sealed_to:
        raise Skip("the account is deactivated")
    if row.channel == Channel.EMAIL and not user.email and not sealed_to:
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
    unverified = row.channel == Channel.EMAIL and user.email_verified_at is None
    if unverified and not item.unverified_address and not sealed_to:
        raise Skip(UNVERIFIED)
    values: dict[str, Any] = dict(row.context)
    if "token" in values:
        values["token"] = keyring().open_text(values["token"], TOKEN_CONTEXT)
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
    doctor = one_line(appointment.doctor.full_name)
    patient = one_line(appointment.patient.full_name)
    values = {
        "doctor": doctor,
        "patient": patient,
        "other": patient if role == DOCTOR else doctor,
        "when": format_when(appointment.start_at, recipient_zone(user)),
        "type": appointment.consultation_type.replace("_", "-"),
        "appointment_id": appointment.id,
        "type_label": appointment.consultation_type,
    }
    where = appointments.ics.place(appointment)  # an in-person visit's clinic and address
    if where:
        values["where"] = where
    return values


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
    title = one_line(values.get("title") or fill(text.title, values))
    subject = one_line(fill(text.subject, values)) if text.subject else title
    lines = [fill(line, values) for line in text.lines]
    if item.reason_line and values.get("reason"):
        lines.append(fill(REASON_LINE, values))
    composed = Composed(
        subject=subject,
        heading=one_line(fill(text.heading, values)) if text.heading else subject,
        lines=lines,
        sms=fill(item.sms, values) if item.sms else None,
        template=item.template,
    )
    if item.details:
        label = values.get("type_label", values["type"])
        composed.details = [
            ("When", values["when"]),
            ("With", values["other"]),
            ("Type", appointments.ics.TYPE_LABEL.get(label, f"{label.title()} consultation")),
        ]
        if values.get("where"):
            composed.details.append(("Where", values["where"]))
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
    name, address = recipient(row)
    context = {"composed": composed, "user": row.user, "name": name}
    message = MailMessage(
        subject=one_line(composed.subject),
        recipients=[address],
        body=render_template(f"{composed.template}.txt", **context),
        html=render_template(f"{composed.template}.html", **context),
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    message.msgId = row.message_id
    message.to_header = formataddr((name, address), charset="utf-8")
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
        # The body (which may hold a reset or verification link) is shown on the console only
        # in development, where it is the way to read mail; elsewhere the file is enough.
        body = f"\n{message.body}" if current_app.config["ENV_NAME"] == "development" else ""
        log.info("mail %s: %s (%s)%s", row.id, composed.subject, path, body)
        return
    mail.send(message)


def send_sms(phone: str, text: str) -> None:
    """The SMS channel. `console` prints the message; texts never carry health details."""
    backend = current_app.config["SMS_BACKEND"]
    if backend == "console":
        log.info("SMS to %s: %s", phone, text)
        return
    raise RuntimeError("SMS is turned off (set SMS_BACKEND=console)")
