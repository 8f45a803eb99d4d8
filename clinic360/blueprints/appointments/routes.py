"""Appointments: booking, lists, the lifecycle, proposals and calendar files."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import Response, jsonify, request
from flask_login import current_user
from sqlalchemy import select

from clinic360.blueprints.appointments import bp, ics, service
from clinic360.blueprints.appointments.schemas import (
    STATUSES,
    AppointmentSchema,
    BookSchema,
    ChangeSchema,
    EventSchema,
    ListArgs,
    ProposalSchema,
    ProposeSchema,
)
from clinic360.clock import now_utc
from clinic360.errors import Invalid, NotFound
from clinic360.extensions import db
from clinic360.http import load, roles_required
from clinic360.models import Appointment, DoctorSchedule, Role, User
from clinic360.models.auth_session import hash_token
from clinic360.openapi import doc, paged_of
from clinic360.pagination import paged, query_args
from clinic360.validation import isoformat_utc

patient_only = roles_required(Role.PATIENT)
doctor_only = roles_required(Role.DOCTOR)
participants = roles_required(Role.PATIENT, Role.DOCTOR)


def present(
    appointment: Appointment,
    user: User,
    schedule: DoctorSchedule | None,
    now: datetime,
    *,
    with_history: bool = False,
) -> dict[str, Any]:
    """An appointment as its patient or doctor sees it, with what they may do next."""
    body = AppointmentSchema().dump(appointment)
    proposal = service.open_proposal(appointment)
    body["openProposal"] = ProposalSchema().dump(proposal) if proposal else None
    body["doctorTimezone"] = schedule.timezone if schedule else "UTC"
    body["allowedActions"] = service.allowed_actions(user, appointment, schedule, now)
    body["icsUrl"] = f"/api/appointments/{appointment.id}/calendar.ics"
    if with_history:
        body["history"] = EventSchema(many=True).dump(service.history(appointment))
        body["videoJoins"] = [
            {"userId": join.user_id, "role": join.role, "at": isoformat_utc(join.joined_at)}
            for join in service.video_joins(appointment)
        ]
    return body


def _present_one(appointment: Appointment, now: datetime) -> dict[str, Any]:
    schedule = service.schedules_of({appointment.doctor_id}).get(appointment.doctor_id)
    return present(appointment, current_user, schedule, now, with_history=True)


@bp.post("/appointments")
@doc(
    "Book a free slot (pending, or confirmed at once if the doctor needs no approval)",
    body=BookSchema,
    response=AppointmentSchema,
    status=201,
    errors=(403, 404, 409),
)
@patient_only
def book():
    data = load(BookSchema())
    now = now_utc()
    appointment = service.book(
        current_user,
        doctor_id=data["doctor_id"],
        start=data["start_time"],
        consultation_type=data["consultation_type"],
        reason=data["reason"],
        now=now,
    )
    db.session.commit()
    return jsonify(_present_one(appointment, now)), 201


@bp.get("/appointments")
@doc(
    "Your appointments: ?scope=upcoming|past|today&status=pending,confirmed&page=&pageSize=",
    response=paged_of(AppointmentSchema),
    errors=(403, 422),
)
@participants
def list_appointments():
    args = query_args(ListArgs())
    statuses = [s.strip() for s in (args["status"] or "").split(",") if s.strip()]
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise Invalid(fields={"status": [f"Unknown status: {', '.join(unknown)}."]})
    now = now_utc()
    items, total = service.list_for(
        current_user,
        scope=args["scope"],
        statuses=statuses,
        page=args["page"],
        page_size=args["page_size"],
        now=now,
    )
    schedules = service.schedules_of({item.doctor_id for item in items})
    body = [present(item, current_user, schedules.get(item.doctor_id), now) for item in items]
    return jsonify(paged(body, total, args["page"], args["page_size"]))


@bp.get("/appointments/<int:appointment_id>")
@doc("One of your appointments, with its history", response=AppointmentSchema, errors=(403, 404))
@participants
def get_appointment(appointment_id: int):
    return jsonify(_present_one(service.get_for(current_user, appointment_id), now_utc()))


@bp.put("/appointments/<int:appointment_id>")
@doc(
    "Change status and/or time as the lifecycle allows",
    body=ChangeSchema,
    response=AppointmentSchema,
    errors=(403, 404, 409),
)
@participants
def change_appointment(appointment_id: int):
    data = load(ChangeSchema())
    now = now_utc()
    appointment = service.change(
        current_user,
        appointment_id,
        service.Change(status=data["status"], start=data["start_time"], reason=data["reason"]),
        now,
    )
    db.session.commit()
    return jsonify(_present_one(appointment, now))


@bp.post("/appointments/<int:appointment_id>/proposals")
@doc(
    "Suggest another time (doctor)",
    body=ProposeSchema,
    response=ProposalSchema,
    status=201,
    errors=(403, 404, 409),
)
@doctor_only
def propose(appointment_id: int):
    data = load(ProposeSchema())
    proposal = service.propose(
        current_user, appointment_id, data["start_time"], data["note"], now_utc()
    )
    db.session.commit()
    return jsonify(ProposalSchema().dump(proposal)), 201


@bp.post("/appointments/<int:appointment_id>/proposals/accept", defaults={"accept": True})
@bp.post("/appointments/<int:appointment_id>/proposals/decline", defaults={"accept": False})
@doc(
    "Accept or decline the doctor's proposed time (patient)",
    response=AppointmentSchema,
    errors=(403, 404, 409),
)
@patient_only
def answer_proposal(appointment_id: int, accept: bool):
    now = now_utc()
    appointment = service.answer_proposal(current_user, appointment_id, accept, now)
    db.session.commit()
    return jsonify(_present_one(appointment, now))


@bp.get("/appointments/<int:appointment_id>/calendar.ics")
@doc("The appointment as an RFC 5545 calendar file", errors=(403, 404), response={"type": "string"})
@participants
def calendar_file(appointment_id: int):
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


FEED_WINDOW_DAYS = 90
FEED_LIMIT = 500


@bp.get("/calendar/feed")
@doc("Whether your calendar subscription link is on", response={"type": "object"}, errors=(403,))
@participants
def feed_status():
    return jsonify(active=current_user.calendar_token_hash is not None)


@bp.post("/calendar/feed")
@doc(
    "Create (or replace) your secret calendar subscription link",
    status=201,
    response={"type": "object"},
    errors=(403,),
)
@participants
def create_feed():
    token = secrets.token_urlsafe(32)
    current_user.calendar_token_hash = hash_token(token)
    db.session.commit()
    return jsonify(url=f"{request.host_url.rstrip('/')}/api/calendar/{token}.ics"), 201


@bp.delete("/calendar/feed")
@doc("Turn your calendar subscription link off", status=204, errors=(403,))
@participants
def revoke_feed():
    current_user.calendar_token_hash = None
    db.session.commit()
    return "", 204


@bp.get("/calendar/<token>.ics")
@doc(
    "A calendar subscription: your appointments from 90 days ago on",
    auth=False,
    response={"type": "string"},
    errors=(404,),
)
def feed(token: str):
    user = db.session.scalars(
        select(User).where(User.calendar_token_hash == hash_token(token), User.is_active)
    ).first()
    if user is None:
        raise NotFound()
    now = now_utc()
    column = Appointment.doctor_id if user.role == Role.DOCTOR else Appointment.patient_id
    appointments = db.session.scalars(
        select(Appointment)
        .where(column == user.id, Appointment.end_at > now - timedelta(days=FEED_WINDOW_DAYS))
        .order_by(Appointment.start_at)
        .limit(FEED_LIMIT)
    ).all()
    body = ics.calendar(
        appointments, now=now, base_url=request.host_url, name=f"Clinic360 - {user.full_name}"
    )
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "no-store"})
