"""Appointments: booking, lists, the lifecycle, proposals and calendar files."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request
from flask_login import current_user

from clinic360 import throttle
from clinic360.api import page_json, page_of
from clinic360.blueprints.appointments import bp, ics, presenters, service
from clinic360.blueprints.appointments.schemas import (
    AppointmentChangeSchema,
    AppointmentDetailSchema,
    AppointmentItemSchema,
    AppointmentListArgs,
    BookAppointmentSchema,
    CalendarFeedLinkSchema,
    CalendarFeedStatusSchema,
    ProposeTimeSchema,
    TimeProposalSchema,
)
from clinic360.clock import now_utc
from clinic360.http import roles_required, signed_in_user
from clinic360.models import Role
from clinic360.read_only import read_only
from clinic360.schemas import payments_online

patient_only = roles_required(Role.PATIENT)
doctor_only = roles_required(Role.DOCTOR)
participants = roles_required(Role.PATIENT, Role.DOCTOR)

CALENDAR_FILE = {
    "content": {"text/calendar": {"schema": {"type": "string", "format": "binary"}}},
}


@bp.post("/appointments")
@bp.arguments(BookAppointmentSchema)
@bp.response(201, AppointmentDetailSchema)
@bp.errors(404, 409, 429)
@patient_only
def book(data: dict[str, Any]):
    """Book a free slot (pending, or confirmed at once if the doctor needs no approval).
    A patient holds at most BOOKING_OPEN_PER_DOCTOR unanswered requests with one doctor and
    BOOKING_OPEN_TOTAL overall (409 open_request_limit), and books at most BOOKING_PER_HOUR
    times an hour (429)"""
    now = now_utc()
    throttle.hit(
        "booking",
        account=throttle.account_key(current_user.id),
        now=now,
        limit=current_app.config["BOOKING_PER_HOUR"],
        window_seconds=3600,
    )
    appointment = service.book(
        current_user,
        doctor_id=data["doctor_id"],
        start=data["start_time"],
        consultation_type=data["consultation_type"],
        reason=data["reason"],
        now=now,
        clinic_id=data["clinic_id"],
    )
    return presenters.present_one(appointment, current_user, now)


@bp.get("/appointments")
@read_only
@bp.arguments(AppointmentListArgs, location="query")
@bp.response(200, page_of(AppointmentItemSchema))
@participants
def list_appointments(args: dict[str, Any]):
    """Your appointments: ?scope=upcoming|past|today&status=pending,confirmed&page=&pageSize="""
    now = now_utc()
    viewer = signed_in_user()
    items, total = service.list_for(
        viewer,
        scope=args["scope"],
        statuses=args["status"] or [],
        page=args["page"],
        page_size=args["page_size"],
        now=now,
    )
    # Built directly (presenters.item_json); @bp.response above documents it and leaves a
    # Response as is.
    online = payments_online()
    items_json = [presenters.item_json(item, viewer, now, online) for item in items]
    return page_json(items_json, total, args["page"], args["page_size"])


@bp.get("/appointments/<int:appointment_id>")
@bp.response(200, AppointmentDetailSchema)
@bp.errors(404)
@participants
def get_appointment(appointment_id: int):
    """One of your appointments, with its history"""
    appointment = service.get_for(current_user, appointment_id)
    return presenters.present_one(appointment, current_user, now_utc())


@bp.put("/appointments/<int:appointment_id>")
@bp.arguments(AppointmentChangeSchema)
@bp.response(200, AppointmentDetailSchema)
@bp.errors(404, 409)
@participants
def change_appointment(data: dict[str, Any], appointment_id: int):
    """Change status and/or time as the lifecycle allows"""
    now = now_utc()
    change = service.Change(status=data["status"], start=data["start_time"], reason=data["reason"])
    appointment = service.change(current_user, appointment_id, change, now)
    return presenters.present_one(appointment, current_user, now)


@bp.post("/appointments/<int:appointment_id>/proposals")
@bp.arguments(ProposeTimeSchema)
@bp.response(201, TimeProposalSchema)
@bp.errors(404, 409)
@doctor_only
def propose(data: dict[str, Any], appointment_id: int):
    """Suggest another time (doctor)"""
    return service.propose(
        current_user, appointment_id, data["start_time"], data["note"], now_utc()
    )


@bp.post("/appointments/<int:appointment_id>/proposals/accept")
@bp.response(200, AppointmentDetailSchema)
@bp.errors(404, 409)
@patient_only
def accept_proposal(appointment_id: int):
    """Accept the doctor's proposed time (patient): the appointment moves there, confirmed"""
    return _answer_proposal(appointment_id, accept=True)


@bp.post("/appointments/<int:appointment_id>/proposals/decline")
@bp.response(200, AppointmentDetailSchema)
@bp.errors(404, 409)
@patient_only
def decline_proposal(appointment_id: int):
    """Decline the doctor's proposed time (patient): the appointment stays where it is"""
    return _answer_proposal(appointment_id, accept=False)


def _answer_proposal(appointment_id: int, *, accept: bool) -> presenters.AppointmentView:
    now = now_utc()
    appointment = service.answer_proposal(current_user, appointment_id, accept, now)
    return presenters.present_one(appointment, current_user, now)


@bp.get("/appointments/<int:appointment_id>/calendar.ics")
@bp.doc(responses={"200": {"description": "An RFC 5545 calendar file", **CALENDAR_FILE}})
@bp.errors(404)
@participants
def calendar_file(appointment_id: int):
    """The appointment as an RFC 5545 calendar file"""
    appointment = service.get_for(current_user, appointment_id)
    body = ics.single(appointment, now=now_utc(), base_url=request.host_url)
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="appointment-{appointment.id}.ics"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/calendar/feed")
@bp.response(200, CalendarFeedStatusSchema)
@participants
def feed_status():
    """Whether your calendar subscription link is on"""
    return {"active": service.feed_active(current_user)}


@bp.post("/calendar/feed")
@bp.response(201, CalendarFeedLinkSchema)
@participants
def create_feed():
    """Create (or replace) your secret calendar subscription link"""
    return {"url": presenters.feed_url(service.start_feed(current_user))}


@bp.delete("/calendar/feed")
@bp.response(204)
@participants
def revoke_feed():
    """Turn your calendar subscription link off"""
    service.stop_feed(current_user)


@bp.get("/calendar/<token>.ics")
@bp.doc(responses={"200": {"description": "Your calendar subscription", **CALENDAR_FILE}})
@bp.errors(404)
def feed(token: str):
    """A calendar subscription: your appointments from 90 days ago on"""
    user = service.feed_owner(token)
    now = now_utc()
    body = ics.calendar(
        service.feed_appointments(user, now),
        now=now,
        base_url=request.host_url,
        name=f"Clinic360 - {user.full_name}",
    )
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "no-store"})
