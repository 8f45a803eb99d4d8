"""Appointments as their patient or doctor sees them: the appointment with what that viewer may
do next, the open proposal, the doctor's time zone and its calendar file; one appointment also
with its history and video joins. Dumped with schemas.AppointmentDetailSchema; a list's items
are written by :func:`item_json` as schemas.AppointmentItemSchema would dump them once presented."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import request

from clinic360.blueprints.appointments import service
from clinic360.models import (
    Appointment,
    AppointmentEvent,
    DoctorSchedule,
    TimeProposal,
    User,
    VideoJoin,
)
from clinic360.storage import photo_url
from clinic360.validation import isoformat_utc


@dataclass(frozen=True)
class AppointmentView:
    """An appointment and what its viewer sees beside it; the appointment's own attributes
    read through."""

    appointment: Appointment
    open_proposal: TimeProposal | None
    doctor_timezone: str
    allowed_actions: list[str]
    ics_url: str
    history: list[AppointmentEvent] = field(default_factory=list)
    video_joins: list[VideoJoin] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "appointment":
            raise AttributeError(name)
        return getattr(self.appointment, name)


def present(
    appointment: Appointment,
    viewer: User,
    schedule: DoctorSchedule | None,
    now: datetime,
    *,
    with_history: bool = False,
) -> AppointmentView:
    return AppointmentView(
        appointment=appointment,
        open_proposal=service.open_proposal(appointment),
        doctor_timezone=_timezone(schedule),
        allowed_actions=service.allowed_actions(viewer, appointment, schedule, now),
        ics_url=_ics_url(appointment.id),
        history=service.history(appointment) if with_history else [],
        video_joins=service.video_joins(appointment) if with_history else [],
    )


def present_one(appointment: Appointment, viewer: User, now: datetime) -> AppointmentView:
    """One appointment with its history (AppointmentDetailSchema)."""
    schedule = service.schedule_of(appointment.doctor_id)
    return present(appointment, viewer, schedule, now, with_history=True)


def feed_url(token: str) -> str:
    """The subscription address a calendar app polls."""
    return f"{request.host_url.rstrip('/')}/api/calendar/{token}.ics"


def item_json(
    item: service.ListedAppointment, viewer: User, now: datetime, online: bool
) -> dict[str, Any]:
    """A listed item (service.list_for) as AppointmentItemSchema dumps the same appointment
    presented (:func:`present`), built directly: a page of twenty costs the schema (some forty
    nested objects) more than its query. `online`: payments_online()."""
    doctor, patient = item.doctor, item.patient
    proposal = item.proposals[0] if item.proposals else None  # the open one, if any
    schedule = item.schedule
    has_price = item.price_amount is not None and item.price_currency is not None
    return {
        "id": item.id,
        "status": item.status,
        "startTime": isoformat_utc(item.start_at),
        "endTime": isoformat_utc(item.end_at),
        "consultationType": item.consultation_type,
        "reason": item.reason,
        "cancelReason": item.cancel_reason,
        "sequence": item.sequence,
        "createdAt": isoformat_utc(item.created_at),
        "updatedAt": isoformat_utc(item.updated_at),
        "doctor": {
            "id": doctor.id,
            "fullName": doctor.full_name,
            "photoUrl": photo_url(doctor),
            "specialty": item.specialty,
        },
        "patient": {
            "id": patient.id,
            "fullName": patient.full_name,
            "photoUrl": photo_url(patient),
        },
        "price": {"amount": item.price_amount, "currency": item.price_currency}
        if has_price
        else None,
        "payment": {
            "status": item.payment_status,
            "paidAt": None if item.paid_at is None else isoformat_utc(item.paid_at),
            "refundedAmount": item.refunded_amount,
            "due": item.payment_due,
            "online": online,
        },
        "openProposal": None
        if proposal is None
        else {
            "id": proposal.id,
            "startTime": isoformat_utc(proposal.start_at),
            "endTime": isoformat_utc(proposal.end_at),
            "note": proposal.note,
            "status": proposal.status,
            "createdAt": isoformat_utc(proposal.created_at),
        },
        "doctorTimezone": _timezone(schedule),
        "allowedActions": service.allowed_actions(viewer, item, schedule, now),
        "icsUrl": _ics_url(item.id),
    }


def _timezone(schedule: DoctorSchedule | service.ListedSchedule | None) -> str:
    """The doctor's time zone (UTC for a doctor without a schedule)."""
    return schedule.timezone if schedule else "UTC"


def _ics_url(appointment_id: int) -> str:
    return f"/api/appointments/{appointment_id}/calendar.ics"
