"""The front desk's public service: a clinic's staff (clinic admins and receptionists) book,
move and cancel visits on their patients' behalf, find patients, keep the day's queue and
check patients in. Staff of one clinic see nothing of another (404).

- patients.py: which patients a clinic may know, their audited search, new patients;
- visits.py: the queue and the calendar in the clinic's zone, check-in and call-in.

Bookings and changes go through the appointments feature (the same slot rules, locks and
database constraints as the patient's own); nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from clinic360 import audit
from clinic360.blueprints.appointments import service as appointments
from clinic360.blueprints.clinics import service as clinics
from clinic360.blueprints.front_desk import patients, visits
from clinic360.blueprints.front_desk.patients import DeskPatient
from clinic360.blueprints.front_desk.visits import DeskVisit, visit_of
from clinic360.errors import Invalid, NotFound
from clinic360.extensions import db
from clinic360.models import Clinic, ClinicDoctor, User

__all__ = [
    "CALENDAR_MAX_DAYS",
    "Desk",
    "DeskPatient",
    "DeskVisit",
    "book",
    "calendar",
    "call_in",
    "change",
    "check_in",
    "clinic_view",
    "desk_of",
    "queue",
    "search_patients",
]

CALENDAR_MAX_DAYS = 7


@dataclass(frozen=True)
class Desk:
    """A staff member at their clinic's front desk."""

    staff: User
    clinic: Clinic
    role: str


def desk_of(user: User) -> Desk:
    """The user's clinic (active) and role there; 404 for a user on no clinic's staff."""
    row = clinics.staff_row(user)
    if row is None or not row.clinic.is_active:
        raise NotFound("You are not on the staff of an open clinic.")
    return Desk(user, row.clinic, row.role)


def _doctor_json(profile: Any) -> dict[str, Any]:
    return {
        "id": profile.user_id,
        "full_name": profile.user.full_name,
        "specialty": profile.specialty.name if profile.specialty else profile.applied_specialty,
        "consultation_types": profile.consultation_types,
    }


def _doctors(clinic: Clinic) -> list[dict[str, Any]]:
    return [_doctor_json(profile) for profile in clinics.clinic_doctors(clinic.id)]


@dataclass(frozen=True)
class DeskClinic:
    """The clinic as its page shows it, the caller's role there and its doctors."""

    view: Any  # clinics.ClinicView
    role: str
    doctors: list[dict[str, Any]]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.view, name)


def clinic_view(desk: Desk) -> DeskClinic:
    """The clinic (as ClinicSummary), the caller's role there and its listed doctors."""
    view = clinics.clinic_page(desk.clinic.id)
    return DeskClinic(view, desk.role, [_doctor_json(profile) for profile in view.doctors or []])


def search_patients(
    desk: Desk, actor: audit.Actor, q: str | None, page: int, page_size: int
) -> tuple[list[DeskPatient], int]:
    return patients.search(actor, desk.clinic, q, page, page_size)


def _clinic_doctor(clinic: Clinic, doctor_id: int) -> None:
    if db.session.get(ClinicDoctor, (clinic.id, doctor_id)) is None:
        raise NotFound("No such doctor at this clinic.")


def book(desk: Desk, actor: audit.Actor, data: dict[str, Any], now: datetime) -> DeskVisit:
    """Book a free slot of one of the clinic's doctors for a patient the clinic knows, or for
    a new patient (their account made, and an invitation mailed when an address is given);
    audited, as the account made is."""
    clinic = desk.clinic
    _clinic_doctor(clinic, data["doctor_id"])
    if data["patient_id"] is not None:
        patient = patients.patient_for(clinic.id, data["patient_id"])
    else:
        patient, _invited = patients.create_patient(actor, data["new_patient"], clinic, now)
    appointment = appointments.book(
        patient,
        doctor_id=data["doctor_id"],
        start=data["start_time"],
        consultation_type=data["consultation_type"],
        reason=data["reason"],
        now=now,
        clinic_id=clinic.id,
        booked_by=desk.staff,
    )
    _audit_visit(actor, "clinic.book_on_behalf", appointment.id, clinic, patient.id)
    return visit_of(appointment)


def _audit_visit(
    actor: audit.Actor, action: str, appointment_id: int, clinic: Clinic, patient_id: int
) -> None:
    audit.record(
        actor,
        action,
        target_type="appointment",
        target_id=appointment_id,
        summary=f"{action.removeprefix('clinic.').replace('_', ' ').capitalize()} at {clinic.name}",
        details={"clinic_id": clinic.id, "patient_id": patient_id},
    )


def change(
    desk: Desk, actor: audit.Actor, appointment_id: int, data: dict[str, Any], now: datetime
) -> DeskVisit:
    """Cancel and/or move a visit of the clinic as its patient could (audited)."""
    change = appointments.Change(
        status=data["status"], start=data["start_time"], reason=data["reason"]
    )
    appointment = appointments.change_on_behalf(
        desk.staff, desk.clinic.id, appointment_id, change, now
    )
    action = "clinic.cancel_on_behalf" if data["status"] else "clinic.move_on_behalf"
    _audit_visit(actor, action, appointment.id, desk.clinic, appointment.patient_id)
    return visit_of(appointment)


def queue(
    desk: Desk, day: date | None, doctor_id: int | None, page: int, page_size: int, now: datetime
) -> dict[str, Any]:
    """A day of the clinic's visits (today in its zone when `day` is None)."""
    clinic = desk.clinic
    day = day or visits.local_today(clinic, now)
    start, end = visits.bounds(clinic, day, day)
    items, total = visits.visits_between(clinic, start, end, doctor_id, page, page_size)
    return {
        "date": day,
        "timezone": clinic.timezone,
        "items": items,
        "total": total,
        "page": page,
        "page_size": page_size,
    }


def calendar(
    desk: Desk,
    first: date | None,
    last: date | None,
    doctor_id: int | None,
    page: int,
    page_size: int,
    now: datetime,
) -> dict[str, Any]:
    """The clinic's visits from `first` to `last` (at most CALENDAR_MAX_DAYS days, in its
    zone; from today for a week when left out) and its doctors."""
    clinic = desk.clinic
    first = first or (last - timedelta(days=CALENDAR_MAX_DAYS - 1) if last else None)
    first = first or visits.local_today(clinic, now)
    last = last or first + timedelta(days=CALENDAR_MAX_DAYS - 1)
    if last < first:
        raise Invalid(fields={"to": ["End on or after the first day."]})
    if (last - first).days >= CALENDAR_MAX_DAYS:
        raise Invalid(fields={"to": [f"Ask for at most {CALENDAR_MAX_DAYS} days."]})
    start, end = visits.bounds(clinic, first, last)
    items, total = visits.visits_between(clinic, start, end, doctor_id, page, page_size)
    return {
        "start": first,
        "end": last,
        "timezone": clinic.timezone,
        "doctors": _doctors(clinic),
        "items": items,
        "total": total,
        "page": page,
        "page_size": page_size,
    }


def check_in(desk: Desk, appointment_id: int, now: datetime) -> DeskVisit:
    return visit_of(visits.check_in(desk.staff, desk.clinic, appointment_id, now))


def call_in(user: User, appointment_id: int, now: datetime) -> DeskVisit:
    """By the clinic's staff, or by the visit's doctor."""
    clinic = desk_of(user).clinic if user.is_clinic_staff else None
    return visit_of(visits.call_in(user, clinic, appointment_id, now))
