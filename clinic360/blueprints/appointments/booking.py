"""Booking a slot, moving an appointment to another slot, and lookups (lists: listing.py).

Double booking is impossible: bookings and moves of one doctor's time lock that doctor's
schedule row and re-check the slot inside the transaction, and the database refuses two
overlapping active appointments of one doctor or one patient (an exclusion constraint on
PostgreSQL, triggers on SQLite). Nothing here commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, lazyload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from clinic360.blueprints.appointments import limits
from clinic360.blueprints.appointments.listing import ListedAppointment, ListedProposal
from clinic360.blueprints.billing import service as billing
from clinic360.blueprints.clinics import service as clinics
from clinic360.blueprints.directory.service import get_listed_doctor
from clinic360.blueprints.notifications import service as notifications
from clinic360.blueprints.schedule import service as schedules
from clinic360.errors import Conflict, Invalid, NotFound
from clinic360.extensions import db
from clinic360.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentEvent,
    AppointmentStatus,
    DoctorSchedule,
    ProposalStatus,
    TimeProposal,
    User,
    VideoJoin,
)

S = AppointmentStatus
R = TypeVar("R", AppointmentEvent, VideoJoin)


class SlotUnavailable(Conflict):
    code = "slot_unavailable"
    message = "That time is not free any more. Please choose another slot."


class OverlappingAppointment(Conflict):
    code = "overlapping_appointment"
    message = "You already have an appointment at that time."


# --- Lookups ----------------------------------------------------------------------------


def get_for(user: User, appointment_id: int, *, lock: bool = False) -> Appointment:
    """An appointment of this user (as its patient or doctor); 404 for anyone else's."""
    mine = or_(Appointment.patient_id == user.id, Appointment.doctor_id == user.id)
    return _get(appointment_id, mine, lock=lock)


def get_in_clinic(clinic_id: int, appointment_id: int, *, lock: bool = False) -> Appointment:
    """A visit of this clinic (a clinic's visits are those with its clinic_id); 404 for any
    other."""
    return _get(appointment_id, Appointment.clinic_id == clinic_id, lock=lock)


def _get(appointment_id: int, whose: Any, *, lock: bool) -> Appointment:
    stmt = select(Appointment).where(Appointment.id == appointment_id, whose)
    stmt = stmt.options(selectinload(Appointment.proposals))
    if lock:
        stmt = stmt.with_for_update(of=Appointment).execution_options(populate_existing=True)
    appointment = db.session.scalars(stmt).first()
    if appointment is None:
        raise NotFound("No such appointment.")
    return appointment


def lock_for(user: User, appointment_id: int) -> tuple[Appointment, DoctorSchedule | None]:
    """The user's appointment and its doctor's schedule, both locked until commit: the
    doctor's time first (as bookings do), then the appointment itself."""
    doctor_id = get_for(user, appointment_id).doctor_id
    schedule = schedules.lock_schedule(doctor_id)
    return get_for(user, appointment_id, lock=True), schedule


def lock_in_clinic(
    clinic_id: int, appointment_id: int
) -> tuple[Appointment, DoctorSchedule | None]:
    """A visit of this clinic and its doctor's schedule, locked in the same order as
    `lock_for` locks them."""
    doctor_id = get_in_clinic(clinic_id, appointment_id).doctor_id
    schedule = schedules.lock_schedule(doctor_id)
    return get_in_clinic(clinic_id, appointment_id, lock=True), schedule


def open_proposal(
    appointment: Appointment | ListedAppointment,
) -> TimeProposal | ListedProposal | None:
    return next((p for p in appointment.proposals if p.status == ProposalStatus.OPEN), None)


def _rows_of(model: type[R], appointment: Appointment, *options: Any) -> list[R]:
    """The appointment's rows of `model` (a table with an appointment_id), oldest first."""
    return list(
        db.session.scalars(
            select(model)
            .where(model.appointment_id == appointment.id)
            .order_by(model.id)
            .options(*options)
        )
    )


def history(appointment: Appointment) -> list[AppointmentEvent]:
    """The appointment's changes, each with its actor's name: not their profiles (loaded with
    a user by default, two queries, a patient's with sealed health fields)."""
    actor = joinedload(AppointmentEvent.actor)
    return _rows_of(
        AppointmentEvent,
        appointment,
        actor.lazyload(User.doctor_profile),
        actor.lazyload(User.patient_profile),
    )


def video_joins(appointment: Appointment) -> list[VideoJoin]:
    """Who opened the video room, and when (by id: their users are not loaded)."""
    return _rows_of(VideoJoin, appointment, lazyload(VideoJoin.user))


# --- Booking and moving -----------------------------------------------------------------


def book(
    patient: User,
    *,
    doctor_id: int,
    start: datetime,
    consultation_type: str,
    reason: str | None,
    now: datetime,
    clinic_id: int | None = None,
    booked_by: User | None = None,
) -> Appointment:
    """Book the free slot at `start` for `patient`: by the patient themselves, or by a clinic's
    front desk (`booked_by`) on their behalf, under the same rules and locks."""
    doctor = get_listed_doctor(doctor_id)
    if doctor is None:
        raise NotFound("No such doctor.")
    if consultation_type not in doctor.consultation_types:
        raise Invalid(fields={"consultationType": ["This doctor does not offer that type."]})
    clinic = clinics.clinic_for_visit(doctor_id, clinic_id, consultation_type)
    actor = booked_by or patient
    limits.lock_patient(patient.id)
    schedule = schedules.lock_schedule(doctor_id)
    if schedule is not None and schedule.requires_approval:
        limits.ensure_room_for_request(patient.id, doctor_id)
    slot = _free_slot(schedule, start, now, patient.id)
    status = S.PENDING if schedule.requires_approval else S.CONFIRMED
    appointment = Appointment(
        doctor_id=doctor_id,
        patient_id=patient.id,
        start_at=slot.start,
        end_at=slot.end,
        status=status,
        consultation_type=consultation_type,
        clinic_id=clinic.id if clinic is not None else None,
        reason=reason,
        created_at=now,
        updated_at=now,
        pending_since=now if status == S.PENDING else None,
        sequence=0,
    )
    billing.price_booking(appointment, doctor)
    if status == S.CONFIRMED and billing.blocks_confirmation(appointment):
        # Paid before confirmation: held as a request until paid (then confirmed at once).
        appointment.status = status = S.PENDING
        appointment.pending_since = now
    db.session.add(appointment)
    flush()
    # What the answer shows, known here: no proposals yet, and its two people (the doctor's
    # user holds their profile and schedule, so the answer reads them without queries).
    set_committed_value(appointment, "proposals", [])
    set_committed_value(appointment, "doctor", doctor.user)
    set_committed_value(appointment, "patient", patient)
    set_committed_value(appointment, "clinic", clinic)
    record(appointment, actor, now, "booked", to_status=status, to_start=slot.start)
    kind = "booking_requested" if status == S.PENDING else "booking_confirmed"
    notifications.appointment_event(kind, appointment, now, actor=actor)
    return appointment


def reschedule(
    actor: User,
    appointment: Appointment,
    schedule: DoctorSchedule | None,
    start: datetime,
    now: datetime,
    *,
    doctor_chose: bool,
    action: str = "rescheduled",
    reason: str | None = None,
    accepting: TimeProposal | None = None,
) -> None:
    """Move an active appointment (locked with its doctor's schedule, see `lock_for`) to the
    free slot starting at `start`: the one step behind a direct move and an accepted proposal.

    A time the doctor chose (their own move, or their proposal accepted) is confirmed; a
    patient's move waits for approval again when the doctor approves bookings. Open proposals
    end: `accepting` as accepted, any other as withdrawn."""
    slot = _free_slot(schedule, start, now, appointment.patient_id, exclude_id=appointment.id)
    before_status, before_start = appointment.status, appointment.start_at
    if not doctor_chose and schedule.requires_approval and before_status != S.PENDING:
        # A confirmed visit the patient moves becomes a request again: it counts like a new
        # one. (Counted without the patient's row lock, which is taken before the schedule's
        # and so cannot be taken here; one patient racing their own requests is the worst.)
        limits.ensure_room_for_request(appointment.patient_id, appointment.doctor_id)
    appointment.start_at, appointment.end_at = slot.start, slot.end
    # Arrival at a clinic's desk was for the old time.
    appointment.checked_in_at = appointment.checked_in_by_id = appointment.called_in_at = None
    if doctor_chose:
        appointment.status = S.CONFIRMED
    elif schedule.requires_approval:
        appointment.status, appointment.pending_since = S.PENDING, now
    appointment.updated_at = now
    appointment.sequence += 1
    if accepting is not None:
        accepting.status, accepting.answered_at = ProposalStatus.ACCEPTED, now
    close_proposals(appointment, now, ProposalStatus.WITHDRAWN)
    flush()
    record(
        appointment,
        actor,
        now,
        action,
        from_status=before_status,
        to_status=appointment.status,
        from_start=before_start,
        to_start=slot.start,
        reason=reason,
    )
    notifications.appointment_event("appointment_rescheduled", appointment, now, actor=actor)


def close_proposals(appointment: Appointment, now: datetime, status: ProposalStatus) -> None:
    for proposal in appointment.proposals:
        if proposal.status == ProposalStatus.OPEN:
            proposal.status, proposal.answered_at = status, now


def _free_slot(
    schedule: DoctorSchedule | None,
    start: datetime,
    now: datetime,
    patient_id: int,
    exclude_id: int | None = None,
) -> schedules.Slot:
    """The doctor's free slot starting at `start` (409 if none), at a time the patient is free
    too; `exclude_id` is the appointment being moved, which holds neither time."""
    if schedule is None:
        raise SlotUnavailable()
    slot = schedules.find_slot(schedule, start, now, exclude_id=exclude_id)
    if slot is None:
        raise SlotUnavailable()
    _patient_is_free(patient_id, slot.start, slot.end, exclude_id=exclude_id)
    return slot


def _patient_is_free(
    patient_id: int, start: datetime, end: datetime, exclude_id: int | None = None
) -> None:
    stmt = select(Appointment.id).where(
        Appointment.patient_id == patient_id,
        Appointment.status.in_(ACTIVE_STATUSES),
        Appointment.start_at < end,
        Appointment.end_at > start,
    )
    if exclude_id is not None:
        stmt = stmt.where(Appointment.id != exclude_id)
    if db.session.scalar(stmt.limit(1)) is not None:
        raise OverlappingAppointment()


def flush() -> None:
    """Flush, turning the database's no-overlap guarantee into the API's 409s."""
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        if "no_overlap_patient_id" in str(error.orig):
            raise OverlappingAppointment() from None
        if "no_overlap_doctor_id" in str(error.orig):
            raise SlotUnavailable() from None
        raise


# --- History ----------------------------------------------------------------------------


def record(
    appointment: Appointment,
    actor: User | None,
    now: datetime,
    action: str,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    from_start: datetime | None = None,
    to_start: datetime | None = None,
    reason: str | None = None,
) -> None:
    """Add one change to the appointment's history (`actor` None: the system did it)."""
    db.session.add(
        AppointmentEvent(
            appointment_id=appointment.id,
            at=now,
            actor_id=actor.id if actor else None,
            action=action,
            from_status=from_status,
            to_status=to_status,
            from_start=from_start,
            to_start=to_start,
            reason=reason,
        )
    )
