"""RFC 5545 calendar data for appointments: one event per appointment with a stable UID and
a SEQUENCE that grows with each change; a cancelled appointment is a cancelled event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from clinic360.models import Appointment, AppointmentStatus, ConsultationType

PRODID = "-//Clinic360//Appointments//EN"
TYPE_LABEL = {
    "video": "Video consultation",
    "audio": "Audio consultation",
    "chat": "Chat consultation",
    "in_person": "In-person visit",
}
ONLINE = "Clinic360 (online)"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold content lines at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def place(appointment: Appointment) -> str | None:
    """Where an in-person visit takes place: its clinic's name, address and city (None for a
    visit online). Reads the clinic (one query, none when already loaded)."""
    if appointment.consultation_type != ConsultationType.IN_PERSON or not appointment.clinic_id:
        return None
    clinic = appointment.clinic
    parts = (" ".join((part or "").split()) for part in (clinic.name, clinic.address, clinic.city))
    return ", ".join(part for part in parts if part)  # one line, whatever was stored


def uid(appointment: Appointment) -> str:
    return f"appointment-{appointment.id}@clinic360"


def event_lines(
    appointment: Appointment,
    *,
    now: datetime,
    base_url: str,
    organizer: str | None = None,
    attendee: str | None = None,
) -> list[str]:
    status = {
        AppointmentStatus.PENDING: "TENTATIVE",
        AppointmentStatus.CONFIRMED: "CONFIRMED",
        AppointmentStatus.COMPLETED: "CONFIRMED",
        AppointmentStatus.NO_SHOW: "CONFIRMED",
        AppointmentStatus.CANCELLED: "CANCELLED",
    }[AppointmentStatus(appointment.status)]
    summary = (
        f"{TYPE_LABEL[appointment.consultation_type]}: {appointment.patient.full_name} "
        f"with {appointment.doctor.full_name}"
    )
    link = f"{base_url.rstrip('/')}/appointments/{appointment.id}"
    people = []
    if organizer:
        people.append(f"ORGANIZER;CN=Clinic360:mailto:{organizer}")
    if attendee:
        people.append(f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{attendee}")
    return [
        "BEGIN:VEVENT",
        f"UID:{uid(appointment)}",
        f"SEQUENCE:{appointment.sequence}",
        f"DTSTAMP:{_stamp(now)}",
        f"LAST-MODIFIED:{_stamp(appointment.updated_at)}",
        f"DTSTART:{_stamp(appointment.start_at)}",
        f"DTEND:{_stamp(appointment.end_at)}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape('Open the appointment in Clinic360: ' + link)}",
        f"URL:{link}",
        f"LOCATION:{_escape(place(appointment) or ONLINE)}",
        f"STATUS:{status}",
        "TRANSP:OPAQUE" if status != "CANCELLED" else "TRANSP:TRANSPARENT",
        *people,
        "END:VEVENT",
    ]


def calendar(
    appointments: Iterable[Appointment],
    *,
    now: datetime,
    base_url: str,
    name: str,
    method: str | None = None,
    organizer: str | None = None,
    attendee: str | None = None,
) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    lines.append(f"X-WR-CALNAME:{_escape(name)}")
    for appointment in appointments:
        lines += event_lines(
            appointment, now=now, base_url=base_url, organizer=organizer, attendee=attendee
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def single(appointment: Appointment, *, now: datetime, base_url: str) -> str:
    return calendar([appointment], now=now, base_url=base_url, name="Clinic360", method="PUBLISH")
