"""A clinic's visits as its front desk sees them (appointments with its clinic_id): a day's
queue and a week's calendar in the clinic's time zone, and the patient's way through the
waiting room (checked in at the desk, then called in by the doctor). Nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from clinic360.blueprints.appointments import service as appointments
from clinic360.clock import local_days
from clinic360.extensions import db
from clinic360.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentEvent,
    AppointmentStatus,
    Clinic,
    ConsultationType,
    User,
)

S = AppointmentStatus
Doctor = aliased(User, name="doctor")
Patient = aliased(User, name="patient")


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: int
    full_name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class DeskVisit:
    """A visit as FrontDeskAppointmentSchema shows it."""

    id: int
    status: str
    start_time: datetime
    end_time: datetime
    consultation_type: str
    clinic_id: int | None
    checked_in_at: datetime | None
    called_in_at: datetime | None
    doctor: PersonRef
    patient: PersonRef

    @property
    def queue_state(self) -> str:
        return queue_state(self.status, self.checked_in_at, self.called_in_at)


def queue_state(status: str, checked_in_at: datetime | None, called_in_at: datetime | None) -> str:
    if status == S.CANCELLED:
        return "cancelled"
    if status == S.COMPLETED:
        return "done"
    if status == S.NO_SHOW:
        return "no_show"
    if called_in_at is not None:
        return "in_consultation"
    if checked_in_at is not None:
        return "arrived"
    return "expected"


def visit_of(appointment: Appointment) -> DeskVisit:
    """An appointment loaded as an ORM object (with its two people) as the desk sees it."""
    doctor, patient = appointment.doctor, appointment.patient
    return DeskVisit(
        id=appointment.id,
        status=appointment.status,
        start_time=appointment.start_at,
        end_time=appointment.end_at,
        consultation_type=appointment.consultation_type,
        clinic_id=appointment.clinic_id,
        checked_in_at=appointment.checked_in_at,
        called_in_at=appointment.called_in_at,
        doctor=PersonRef(doctor.id, doctor.full_name),
        patient=PersonRef(patient.id, patient.full_name, patient.phone, patient.email),
    )


# --- The clinic's days --------------------------------------------------------------------


def zone(clinic: Clinic) -> ZoneInfo:
    return ZoneInfo(clinic.timezone)


def local_today(clinic: Clinic, now: datetime) -> date:
    return now.astimezone(zone(clinic)).date()


def bounds(clinic: Clinic, first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of `first` to the end of `last` in the clinic's zone, as UTC times."""
    return local_days(first, last, zone(clinic))


def visits_between(
    clinic: Clinic,
    start: datetime,
    end: datetime,
    doctor_id: int | None,
    page: int,
    page_size: int,
) -> tuple[list[DeskVisit], int]:
    """The clinic's visits starting in [start, end) by time (of any status), a page of them
    and their total: two queries of plain rows, whatever the page size."""
    where: list[Any] = [
        Appointment.clinic_id == clinic.id,
        Appointment.start_at >= start,
        Appointment.start_at < end,
    ]
    if doctor_id is not None:
        where.append(Appointment.doctor_id == doctor_id)
    total = db.session.scalar(select(func.count()).select_from(Appointment).where(*where)) or 0
    rows = db.session.execute(
        select(
            Appointment.id,
            Appointment.status,
            Appointment.start_at,
            Appointment.end_at,
            Appointment.consultation_type,
            Appointment.clinic_id,
            Appointment.checked_in_at,
            Appointment.called_in_at,
            Doctor.id,
            Doctor.full_name,
            Patient.id,
            Patient.full_name,
            Patient.phone,
            Patient.email,
        )
        .join(Doctor, Doctor.id == Appointment.doctor_id)
        .join(Patient, Patient.id == Appointment.patient_id)
        .where(*where)
        .order_by(Appointment.start_at, Appointment.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return [
        DeskVisit(*row[:8], doctor=PersonRef(*row[8:10]), patient=PersonRef(*row[10:]))
        for row in rows
    ], total


# --- The waiting room -------------------------------------------------------------------


def _history(appointment: Appointment, actor: User, now: datetime, action: str) -> None:
    db.session.add(
        AppointmentEvent(
            appointment_id=appointment.id,
            at=now,
            actor_id=actor.id,
            action=action,
            from_status=appointment.status,
            to_status=appointment.status,
        )
    )


def _ensure_today(clinic: Clinic, appointment: Appointment, now: datetime, verb: str) -> None:
    if appointment.status not in ACTIVE_STATUSES:
        raise appointments.InvalidTransition(
            f"A {appointment.status.replace('_', ' ')} visit cannot be {verb}."
        )
    day = appointment.start_at.astimezone(zone(clinic)).date()
    if day != local_today(clinic, now):
        raise appointments.InvalidTransition(f"Only today's visits are {verb}.")


def check_in(staff: User, clinic: Clinic, appointment_id: int, now: datetime) -> Appointment:
    """The patient of this clinic's visit has arrived: pending or confirmed, today in the
    clinic's zone (409 invalid_transition otherwise). Again: unchanged."""
    appointment = appointments.get_in_clinic(clinic.id, appointment_id, lock=True)
    if appointment.consultation_type != ConsultationType.IN_PERSON:
        raise appointments.InvalidTransition("Only a visit in person is checked in at the desk.")
    if appointment.checked_in_at is not None:
        return appointment
    _ensure_today(clinic, appointment, now, "checked in")
    appointment.checked_in_at = now
    appointment.checked_in_by_id = staff.id
    appointment.updated_at = now
    _history(appointment, staff, now, "checked_in")
    return appointment


def call_in(actor: User, clinic: Clinic | None, appointment_id: int, now: datetime) -> Appointment:
    """The doctor takes the checked-in patient in (by the clinic's staff, `clinic` given, or
    by the visit's doctor). Again: unchanged; not checked in yet: 409 invalid_transition."""
    if clinic is not None:
        appointment = appointments.get_in_clinic(clinic.id, appointment_id, lock=True)
    else:
        appointment = appointments.get_for(actor, appointment_id, lock=True)
        if appointment.doctor_id != actor.id:
            raise appointments.InvalidTransition("The visit's doctor calls the patient in.")
    if appointment.called_in_at is not None:
        return appointment
    if appointment.clinic_id is None:
        raise appointments.InvalidTransition("Only a visit at a clinic is called in.")
    visit_clinic = clinic or db.session.get(Clinic, appointment.clinic_id)
    assert visit_clinic is not None  # a foreign key
    _ensure_today(visit_clinic, appointment, now, "called in")
    if appointment.checked_in_at is None:
        raise appointments.InvalidTransition("Check the patient in first.")
    appointment.called_in_at = now
    appointment.updated_at = now
    _history(appointment, actor, now, "called_in")
    return appointment
