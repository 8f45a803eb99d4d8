"""Appointments as their patient or doctor sees them: the appointment with what that viewer may
do next, the open proposal, the doctor's time zone and its calendar file; one appointment also
with its history and video joins. Dumped with schemas.AppointmentItemSchema and
schemas.AppointmentDetailSchema."""

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
        doctor_timezone=schedule.timezone if schedule else "UTC",
        allowed_actions=service.allowed_actions(viewer, appointment, schedule, now),
        ics_url=f"/api/appointments/{appointment.id}/calendar.ics",
        history=service.history(appointment) if with_history else [],
        video_joins=service.video_joins(appointment) if with_history else [],
    )


def present_one(appointment: Appointment, viewer: User, now: datetime) -> AppointmentView:
    """One appointment with its history (AppointmentDetailSchema)."""
    schedule = service.schedules_of({appointment.doctor_id}).get(appointment.doctor_id)
    return present(appointment, viewer, schedule, now, with_history=True)


def present_all(
    appointments: list[Appointment], viewer: User, now: datetime
) -> list[AppointmentView]:
    """A list of appointments (AppointmentItemSchema): their doctors' schedules as loaded with
    the list, or in one query."""
    schedules = service.schedules_of({item.doctor_id for item in appointments}, appointments)
    return [present(item, viewer, schedules.get(item.doctor_id), now) for item in appointments]


def feed_url(token: str) -> str:
    """The subscription address a calendar app polls."""
    return f"{request.host_url.rstrip('/')}/api/calendar/{token}.ics"
