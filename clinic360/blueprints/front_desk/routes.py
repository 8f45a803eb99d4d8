"""The front desk: booking on behalf of patients, the day's queue, check-in.

Only a clinic's staff (clinic admins and receptionists) use it, each for their own clinic;
staff never reach health data (clinic360.care_access refuses their roles)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from clinic360 import throttle
from clinic360.api import page, page_of
from clinic360.audit import request_actor
from clinic360.blueprints.front_desk import bp, service
from clinic360.blueprints.front_desk.schemas import (
    CalendarArgs,
    CalendarSchema,
    DeskBookingSchema,
    DeskChangeSchema,
    DeskClinicSchema,
    DeskPatientSchema,
    FrontDeskAppointmentSchema,
    PatientSearchArgs,
    QueueArgs,
    QueueSchema,
)
from clinic360.clock import now_utc
from clinic360.http import roles_required
from clinic360.models import Role
from clinic360.read_only import read_only

# A desk's searches an hour: enough for a busy day, too few to try phone numbers in bulk.
SEARCHES_PER_HOUR = 300

staff_only = roles_required(Role.CLINIC_ADMIN, Role.RECEPTIONIST)
staff_or_doctor = roles_required(Role.CLINIC_ADMIN, Role.RECEPTIONIST, Role.DOCTOR)


def _desk() -> service.Desk:
    return service.desk_of(current_user._get_current_object())


@bp.get("/clinic")
@read_only
@bp.response(200, DeskClinicSchema)
@bp.errors(404)
@staff_only
def my_clinic():
    """Your clinic (staff): its details, your role there and its doctors"""
    return service.clinic_view(_desk())


@bp.get("/clinic/patients")
@bp.arguments(PatientSearchArgs, location="query")
@bp.response(200, page_of(DeskPatientSchema))
@bp.errors(404, 429)
@staff_only
def search_patients(args: dict[str, Any]):
    """Find patients (staff): your clinic's patients whose name, phone or email holds `q`, and
    any patient whose phone or email is `q` exactly. Every search is audited; at most
    300 an hour per staff member (429)"""
    actor = request_actor()
    _count_search(actor)
    items, total = service.search_patients(
        _desk(), actor, args["q"], args["page"], args["page_size"]
    )
    return page(items, total, args["page"], args["page_size"])


def _count_search(actor: Any) -> None:
    throttle.hit(
        "patient_search",
        account=throttle.account_key(actor.user.id),
        now=actor.now,
        limit=SEARCHES_PER_HOUR,
        window_seconds=3600,
    )


@bp.post("/clinic/appointments")
@bp.arguments(DeskBookingSchema)
@bp.response(201, FrontDeskAppointmentSchema)
@bp.errors(404, 409, 429)
@staff_only
def book(data: dict[str, Any]):
    """Book on a patient's behalf (staff): a free slot of one of your clinic's doctors, for a
    patient of your clinic (`patientId`) or a new one (`newPatient`: their account is made
    and, with an email address, invited to choose a password). 409 account_exists for a new
    patient's address or phone already registered; the slot rules are the patient's own.
    Booking for a new patient counts as a search (the same hourly limit)"""
    actor = request_actor()
    if data["new_patient"] is not None:
        _count_search(actor)
    return service.book(_desk(), actor, data, actor.now)


@bp.put("/clinic/appointments/<int:appointment_id>")
@bp.arguments(DeskChangeSchema)
@bp.response(200, FrontDeskAppointmentSchema)
@bp.errors(404, 409)
@staff_only
def change(data: dict[str, Any], appointment_id: int):
    """Cancel (`status: cancelled`) and/or move (`startTime`) a visit of your clinic on the
    patient's behalf, under the patient's rules (the late-change window included)"""
    actor = request_actor()
    return service.change(_desk(), actor, appointment_id, data, actor.now)


@bp.get("/clinic/queue")
@read_only
@bp.arguments(QueueArgs, location="query")
@bp.response(200, QueueSchema)
@bp.errors(404)
@staff_only
def queue(args: dict[str, Any]):
    """A day of your clinic's visits with their check-in state (`date`: today in the
    clinic's time zone when left out)"""
    return service.queue(
        _desk(), args["date"], args["doctor_id"], args["page"], args["page_size"], now_utc()
    )


@bp.get("/clinic/calendar")
@read_only
@bp.arguments(CalendarArgs, location="query")
@bp.response(200, CalendarSchema)
@bp.errors(404)
@staff_only
def calendar(args: dict[str, Any]):
    """Your clinic's visits from `from` to `to` (at most 7 days, in the clinic's time zone)
    and its doctors; pages of up to 500"""
    return service.calendar(
        _desk(),
        args["start"],
        args["end"],
        args["doctor_id"],
        args["page"],
        args["page_size"],
        now_utc(),
    )


@bp.post("/appointments/<int:appointment_id>/check-in")
@bp.response(200, FrontDeskAppointmentSchema)
@bp.errors(404, 409)
@staff_only
def check_in(appointment_id: int):
    """The patient has arrived (staff of the visit's clinic): today's pending or confirmed
    visits only (409 invalid_transition); checking in again changes nothing"""
    return service.check_in(_desk(), appointment_id, now_utc())


@bp.post("/appointments/<int:appointment_id>/call-in")
@bp.response(200, FrontDeskAppointmentSchema)
@bp.errors(404, 409)
@staff_or_doctor
def call_in(appointment_id: int):
    """The doctor takes the checked-in patient in (staff of the visit's clinic, or its
    doctor); calling in again changes nothing"""
    return service.call_in(current_user._get_current_object(), appointment_id, now_utc())
