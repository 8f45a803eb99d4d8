"""The appointment lifecycle: booking, approval, decline, cancellation, rescheduling, time
proposals and completion, each kept in the appointment's history.

    pending   -> confirmed (doctor approves) | cancelled (doctor declines, patient withdraws)
    confirmed -> cancelled | completed | no_show (doctor, once it has started)
    cancelled, completed, no_show are final.

Double booking is impossible: bookings and moves of one doctor's time lock that doctor's
schedule row and re-check the slot inside the transaction, and the database refuses two
overlapping active appointments of one doctor or one patient (an exclusion constraint on
PostgreSQL, triggers on SQLite). Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from clinic360.blueprints.directory.service import get_listed_doctor
from clinic360.blueprints.notifications import service as notifications
from clinic360.blueprints.schedule import service as schedules
from clinic360.errors import Conflict, Forbidden, Invalid, NotFound
from clinic360.extensions import db
from clinic360.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentEvent,
    AppointmentStatus,
    DoctorSchedule,
    ProposalStatus,
    Role,
    TimeProposal,
    User,
    VideoJoin,
)
from clinic360.pagination import fetch_page

S = AppointmentStatus

DOCTOR_MOVES = {
    S.PENDING: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.CANCELLED, S.COMPLETED, S.NO_SHOW},
}
PATIENT_MOVES = {S.PENDING: {S.CANCELLED}, S.CONFIRMED: {S.CANCELLED}}


class SlotUnavailable(Conflict):
    code = "slot_unavailable"
    message = "That time is not free any more. Please choose another slot."


class InvalidTransition(Conflict):
    code = "invalid_transition"


@dataclass(frozen=True)
class Change:
    status: str | None = None
    start: datetime | None = None
    reason: str | None = None


# --- Reading ----------------------------------------------------------------------------


def get_for(user: User, appointment_id: int, *, lock: bool = False) -> Appointment:
    """An appointment of this user (as its patient or doctor); 404 for anyone else's."""
    stmt = select(Appointment).where(
        Appointment.id == appointment_id,
        or_(Appointment.patient_id == user.id, Appointment.doctor_id == user.id),
    )
    stmt = stmt.options(selectinload(Appointment.proposals))
    if lock:
        stmt = stmt.with_for_update(of=Appointment).execution_options(populate_existing=True)
    appointment = db.session.scalars(stmt).first()
    if appointment is None:
        raise NotFound("No such appointment.")
    return appointment


def list_for(
    user: User,
    *,
    scope: str | None,
    statuses: list[str],
    page: int,
    page_size: int,
    now: datetime,
) -> tuple[list[Appointment], int]:
    """One page of the user's own appointments and the total: bounded queries."""
    column = Appointment.doctor_id if user.role == Role.DOCTOR else Appointment.patient_id
    stmt = select(Appointment).where(column == user.id)
    order = [Appointment.start_at.asc(), Appointment.id]
    if scope == "upcoming":
        stmt = stmt.where(Appointment.end_at > now)
    elif scope == "past":
        stmt = stmt.where(Appointment.end_at <= now)
        order = [Appointment.start_at.desc(), Appointment.id.desc()]
    elif scope == "today" and user.role == Role.DOCTOR:
        start, end = _doctor_day(user.id, now)
        stmt = stmt.where(Appointment.start_at >= start, Appointment.start_at < end)
    if statuses:
        stmt = stmt.where(Appointment.status.in_(statuses))
    return fetch_page(stmt, page, page_size, order, (selectinload(Appointment.proposals),))


def _doctor_day(doctor_id: int, now: datetime) -> tuple[datetime, datetime]:
    schedule = schedules.get_schedule(doctor_id) or schedules.default_schedule(doctor_id)
    zone = ZoneInfo(schedule.timezone)
    today = now.astimezone(zone).date()
    start = datetime.combine(today, datetime.min.time(), zone)
    return start, datetime.combine(today + timedelta(days=1), datetime.min.time(), zone)


def open_proposal(appointment: Appointment) -> TimeProposal | None:
    return next((p for p in appointment.proposals if p.status == ProposalStatus.OPEN), None)


def schedules_of(doctor_ids: set[int]) -> dict[int, DoctorSchedule]:
    if not doctor_ids:
        return {}
    rows = db.session.scalars(
        select(DoctorSchedule).where(DoctorSchedule.doctor_id.in_(doctor_ids))
    )
    return {row.doctor_id: row for row in rows}


def allowed_actions(
    user: User, appointment: Appointment, schedule: DoctorSchedule | None, now: datetime
) -> list[str]:
    """What this user may do with the appointment now, for the UI."""
    actions: list[str] = []
    status = AppointmentStatus(appointment.status)
    if user.id == appointment.doctor_id:
        moves = DOCTOR_MOVES.get(status, set())
        if S.CONFIRMED in moves:
            actions.append("confirm")
        if S.CANCELLED in moves:
            actions.append("decline" if status == S.PENDING else "cancel")
        if status in ACTIVE_STATUSES:
            actions += ["propose", "reschedule"]
        if status in ACTIVE_STATUSES and open_proposal(appointment) is not None:
            actions.append("awaiting_answer")
        if S.COMPLETED in moves and now >= appointment.start_at:
            actions += ["complete", "no_show"]
    elif (
        user.id == appointment.patient_id
        and status in ACTIVE_STATUSES
        and not _too_late(schedule, appointment, now)
    ):
        actions += ["cancel", "reschedule"]
    return actions


# --- Booking ----------------------------------------------------------------------------


def book(
    patient: User,
    *,
    doctor_id: int,
    start: datetime,
    consultation_type: str,
    reason: str | None,
    now: datetime,
) -> Appointment:
    doctor = get_listed_doctor(doctor_id)
    if doctor is None:
        raise NotFound("No such doctor.")
    if consultation_type not in doctor.consultation_types:
        raise Invalid(fields={"consultationType": ["This doctor does not offer that type."]})
    schedule = schedules.lock_schedule(doctor_id)
    if schedule is None:
        raise SlotUnavailable()
    slot = schedules.find_slot(schedule, start, now)
    if slot is None:
        raise SlotUnavailable()
    _patient_is_free(patient.id, slot.start, slot.end)
    status = S.PENDING if schedule.requires_approval else S.CONFIRMED
    appointment = Appointment(
        doctor_id=doctor_id,
        patient_id=patient.id,
        start_at=slot.start,
        end_at=slot.end,
        status=status,
        consultation_type=consultation_type,
        reason=reason,
        created_at=now,
        updated_at=now,
        sequence=0,
    )
    db.session.add(appointment)
    _flush()
    _record(appointment, patient, now, "booked", to_status=status, to_start=slot.start)
    kind = "booking_requested" if status == S.PENDING else "booking_confirmed"
    notifications.appointment_event(kind, appointment, now, actor=patient)
    return appointment


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
        raise Conflict(
            "You already have an appointment at that time.", code="overlapping_appointment"
        )


def _flush() -> None:
    """Flush, turning the database's no-overlap guarantee into the API's 409s."""
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        if "no_overlap_patient_id" in str(error.orig):
            raise Conflict(
                "You already have an appointment at that time.", code="overlapping_appointment"
            ) from None
        if "no_overlap_doctor_id" in str(error.orig):
            raise SlotUnavailable() from None
        raise


# --- Changes ----------------------------------------------------------------------------


def change(user: User, appointment_id: int, change: Change, now: datetime) -> Appointment:
    """A status change and/or a move to another time, as the lifecycle allows this user."""
    if change.status is None and change.start is None:
        raise Invalid(fields={"status": ["Give a new status or a new startTime."]})
    # Lock the doctor's time first (as bookings do), then the appointment itself.
    appointment = get_for(user, appointment_id)
    schedule = schedules.lock_schedule(appointment.doctor_id)
    appointment = get_for(user, appointment_id, lock=True)
    is_doctor = user.id == appointment.doctor_id
    if change.start is not None:
        _move(user, appointment, schedule, change.start, change.reason, now, is_doctor)
    moved_into_status = change.start is not None and change.status == appointment.status
    if change.status is not None and not moved_into_status:
        _transition(user, appointment, schedule, change.status, change.reason, now, is_doctor)
    return appointment


def _transition(
    user: User,
    appointment: Appointment,
    schedule: DoctorSchedule | None,
    target: str,
    reason: str | None,
    now: datetime,
    is_doctor: bool,
) -> None:
    current = AppointmentStatus(appointment.status)
    moves = DOCTOR_MOVES if is_doctor else PATIENT_MOVES
    if target not in moves.get(current, set()):
        raise InvalidTransition(_refusal(current, target, is_doctor))
    if target in (S.COMPLETED, S.NO_SHOW) and now < appointment.start_at:
        raise InvalidTransition("A visit can be marked completed or no-show once it has started.")
    if target == S.CANCELLED and is_doctor and not reason:
        raise Invalid(fields={"reason": ["Give the patient a reason."]})
    if target == S.CANCELLED and not is_doctor and _too_late(schedule, appointment, now):
        raise InvalidTransition(_late_message(schedule, "cancel"))
    appointment.status = target
    appointment.updated_at = now
    appointment.sequence += 1
    if target == S.CANCELLED:
        appointment.cancel_reason = reason
    if target not in ACTIVE_STATUSES:
        _close_proposals(appointment, now, ProposalStatus.WITHDRAWN)
    action = {
        S.CONFIRMED: "confirmed",
        S.CANCELLED: "declined" if current == S.PENDING and is_doctor else "cancelled",
        S.COMPLETED: "completed",
        S.NO_SHOW: "no_show",
    }[AppointmentStatus(target)]
    _flush()
    _record(appointment, user, now, action, from_status=current, to_status=target, reason=reason)
    _announce(action, appointment, user, now, reason)


def _move(
    user: User,
    appointment: Appointment,
    schedule: DoctorSchedule | None,
    start: datetime,
    reason: str | None,
    now: datetime,
    is_doctor: bool,
) -> None:
    if appointment.status not in ACTIVE_STATUSES:
        raise InvalidTransition(f"A {appointment.status} appointment cannot be moved.")
    if is_doctor and not reason:
        raise Invalid(fields={"reason": ["Tell the patient why the time changes."]})
    if not is_doctor and _too_late(schedule, appointment, now):
        raise InvalidTransition(_late_message(schedule, "reschedule"))
    if schedule is None:
        raise SlotUnavailable()
    slot = schedules.find_slot(schedule, start, now, exclude_id=appointment.id)
    if slot is None:
        raise SlotUnavailable()
    _patient_is_free(appointment.patient_id, slot.start, slot.end, exclude_id=appointment.id)
    before_status, before_start = appointment.status, appointment.start_at
    appointment.start_at, appointment.end_at = slot.start, slot.end
    if is_doctor:
        appointment.status = S.CONFIRMED
    elif schedule.requires_approval:
        appointment.status = S.PENDING
    appointment.updated_at = now
    appointment.sequence += 1
    _close_proposals(appointment, now, ProposalStatus.WITHDRAWN)
    _flush()
    _record(
        appointment,
        user,
        now,
        "rescheduled",
        from_status=before_status,
        to_status=appointment.status,
        from_start=before_start,
        to_start=slot.start,
        reason=reason,
    )
    notifications.appointment_event("appointment_rescheduled", appointment, now, actor=user)


def _announce(
    action: str, appointment: Appointment, actor: User, now: datetime, reason: str | None
) -> None:
    kind = {
        "confirmed": "booking_confirmed",
        "declined": "booking_declined",
        "cancelled": "appointment_cancelled",
        "completed": "appointment_completed",
    }.get(action)
    if kind:
        notifications.appointment_event(kind, appointment, now, actor=actor, reason=reason)
    else:
        notifications.cancel_reminders(appointment.id)  # no-show: nothing more to remind


def _too_late(schedule: DoctorSchedule | None, appointment: Appointment, now: datetime) -> bool:
    hours = schedule.late_change_hours if schedule else 24
    return appointment.start_at - now < timedelta(hours=hours)


def _late_message(schedule: DoctorSchedule | None, verb: str) -> str:
    hours = schedule.late_change_hours if schedule else 24
    return (
        f"It is too late to {verb} online: changes close {hours} hours before the start. "
        "Please contact your doctor."
    )


def _refusal(current: AppointmentStatus, target: str, is_doctor: bool) -> str:
    if current not in ACTIVE_STATUSES:
        return f"This appointment is {current.replace('_', ' ')}; it cannot change any more."
    if not is_doctor and target != S.CANCELLED:
        return "Patients can cancel or reschedule; the doctor confirms and completes visits."
    return f"A {current} appointment cannot become {target.replace('_', ' ')}."


# --- Proposals --------------------------------------------------------------------------


def propose(
    doctor: User, appointment_id: int, start: datetime, note: str | None, now: datetime
) -> TimeProposal:
    appointment = get_for(doctor, appointment_id)
    if appointment.doctor_id != doctor.id:
        raise Forbidden("Only the doctor proposes another time.")
    schedule = schedules.lock_schedule(appointment.doctor_id)
    appointment = get_for(doctor, appointment_id, lock=True)
    if appointment.status not in ACTIVE_STATUSES:
        raise InvalidTransition(f"A {appointment.status} appointment cannot be moved.")
    if schedule is None or schedules.find_slot(schedule, start, now, appointment.id) is None:
        raise SlotUnavailable()
    _close_proposals(appointment, now, ProposalStatus.WITHDRAWN)
    slot_end = start + timedelta(minutes=schedule.slot_minutes)
    proposal = TimeProposal(
        appointment=appointment,
        start_at=start,
        end_at=slot_end,
        note=note,
        created_at=now,
        status=ProposalStatus.OPEN,
    )
    db.session.add(proposal)
    _record(
        appointment,
        doctor,
        now,
        "proposed",
        from_start=appointment.start_at,
        to_start=start,
        reason=note,
    )
    notifications.appointment_event("time_proposed", appointment, now, actor=doctor)
    return proposal


def answer_proposal(patient: User, appointment_id: int, accept: bool, now: datetime) -> Appointment:
    appointment = get_for(patient, appointment_id)
    if appointment.patient_id != patient.id:
        raise Forbidden("Only the patient answers a proposal.")
    schedule = schedules.lock_schedule(appointment.doctor_id)
    appointment = get_for(patient, appointment_id, lock=True)
    proposal = open_proposal(appointment)
    if proposal is None or appointment.status not in ACTIVE_STATUSES:
        raise InvalidTransition("There is no open proposal to answer.")
    if not accept:
        proposal.status, proposal.answered_at = ProposalStatus.DECLINED, now
        _record(appointment, patient, now, "proposal_declined", to_start=proposal.start_at)
        notifications.appointment_event("proposal_declined", appointment, now, actor=patient)
        return appointment
    if (
        schedule is None
        or schedules.find_slot(schedule, proposal.start_at, now, appointment.id) is None
    ):
        raise SlotUnavailable()
    _patient_is_free(patient.id, proposal.start_at, proposal.end_at, exclude_id=appointment.id)
    before_status, before_start = appointment.status, appointment.start_at
    appointment.start_at, appointment.end_at = proposal.start_at, proposal.end_at
    appointment.status = S.CONFIRMED  # the doctor chose this time
    appointment.updated_at = now
    appointment.sequence += 1
    proposal.status, proposal.answered_at = ProposalStatus.ACCEPTED, now
    _flush()
    _record(
        appointment,
        patient,
        now,
        "proposal_accepted",
        from_status=before_status,
        to_status=S.CONFIRMED,
        from_start=before_start,
        to_start=proposal.start_at,
    )
    notifications.appointment_event("appointment_rescheduled", appointment, now, actor=patient)
    return appointment


def _close_proposals(appointment: Appointment, now: datetime, status: ProposalStatus) -> None:
    for proposal in appointment.proposals:
        if proposal.status == ProposalStatus.OPEN:
            proposal.status, proposal.answered_at = status, now


# --- History ----------------------------------------------------------------------------


def _record(
    appointment: Appointment,
    actor: User,
    now: datetime,
    action: str,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    from_start: datetime | None = None,
    to_start: datetime | None = None,
    reason: str | None = None,
) -> None:
    db.session.add(
        AppointmentEvent(
            appointment_id=appointment.id,
            at=now,
            actor_id=actor.id,
            action=action,
            from_status=from_status,
            to_status=to_status,
            from_start=from_start,
            to_start=to_start,
            reason=reason,
        )
    )


def history(appointment: Appointment) -> list[AppointmentEvent]:
    return list(
        db.session.scalars(
            select(AppointmentEvent)
            .where(AppointmentEvent.appointment_id == appointment.id)
            .order_by(AppointmentEvent.id)
        )
    )


def video_joins(appointment: Appointment) -> list[VideoJoin]:
    """Who opened the video room, and when."""
    return list(
        db.session.scalars(
            select(VideoJoin)
            .where(VideoJoin.appointment_id == appointment.id)
            .order_by(VideoJoin.id)
        )
    )
