"""The appointment lifecycle: approval, decline, cancellation, moves and completion, what each
side may do next, and the late-change policy. Each change is kept in the appointment's history.

    pending   -> confirmed (doctor approves) | cancelled (doctor declines, patient withdraws)
    confirmed -> cancelled | completed | no_show (doctor, once it has started)
    cancelled, completed, no_show are final.

Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from clinic360.blueprints.appointments.booking import (
    close_proposals,
    flush,
    lock_for,
    lock_in_clinic,
    open_proposal,
    record,
    reschedule,
)
from clinic360.blueprints.appointments.listing import ListedAppointment, ListedSchedule
from clinic360.blueprints.billing import service as billing
from clinic360.blueprints.notifications import service as notifications
from clinic360.blueprints.schedule import service as schedules
from clinic360.errors import Conflict, Invalid
from clinic360.extensions import db
from clinic360.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentStatus,
    DoctorSchedule,
    ProposalStatus,
    User,
)

S = AppointmentStatus

DOCTOR_MOVES = {
    S.PENDING: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.CANCELLED, S.COMPLETED, S.NO_SHOW},
}
PATIENT_MOVES = {S.PENDING: {S.CANCELLED}, S.CONFIRMED: {S.CANCELLED}}
DEFAULT_LATE_CHANGE_HOURS = 24


class InvalidTransition(Conflict):
    code = "invalid_transition"


class PaymentRequired(Conflict):
    code = "payment_required"
    message = "This request is confirmed once the patient has paid for it."


@dataclass(frozen=True)
class Change:
    status: str | None = None
    start: datetime | None = None
    reason: str | None = None


def allowed_actions(
    user: User,
    appointment: Appointment | ListedAppointment,
    schedule: DoctorSchedule | ListedSchedule | None,
    now: datetime,
) -> list[str]:
    """What this user may do with the appointment now, for the UI."""
    actions: list[str] = []
    status = AppointmentStatus(appointment.status)
    if user.id == appointment.doctor_id:
        moves = DOCTOR_MOVES.get(status, set())
        if S.CONFIRMED in moves and not billing.blocks_confirmation(appointment):
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
        and not too_late(schedule, appointment, now)
    ):
        actions += ["cancel", "reschedule"]
    return actions


def ensure_movable(appointment: Appointment) -> None:
    """Only an active (pending or confirmed) appointment gets another time."""
    if appointment.status not in ACTIVE_STATUSES:
        raise InvalidTransition(f"A {appointment.status} appointment cannot be moved.")


def change(user: User, appointment_id: int, change: Change, now: datetime) -> Appointment:
    """A status change and/or a move to another time, as the lifecycle allows this user."""
    if change.status is None and change.start is None:
        raise Invalid(fields={"status": ["Give a new status or a new startTime."]})
    appointment, schedule = lock_for(user, appointment_id)
    is_doctor = user.id == appointment.doctor_id
    if change.start is not None:
        _move(user, appointment, schedule, change.start, change.reason, now, is_doctor)
    moved_into_status = change.start is not None and change.status == appointment.status
    if change.status is not None and not moved_into_status:
        _transition(user, appointment, schedule, change.status, change.reason, now, is_doctor)
    return appointment


def change_on_behalf(
    staff: User, clinic_id: int, appointment_id: int, change: Change, now: datetime
) -> Appointment:
    """A cancellation and/or a move of a visit of this clinic by its front desk, under the
    rules its patient has (the late-change window included); `staff` is the history's and the
    notifications' actor."""
    if change.status is None and change.start is None:
        raise Invalid(fields={"status": ["Give a new status or a new startTime."]})
    appointment, schedule = lock_in_clinic(clinic_id, appointment_id)
    if change.start is not None:
        _move(staff, appointment, schedule, change.start, change.reason, now, False)
    moved_into_status = change.start is not None and change.status == appointment.status
    if change.status is not None and not moved_into_status:
        _transition(staff, appointment, schedule, change.status, change.reason, now, False)
    return appointment


def cancel_as_system(appointment_id: int, reason: str, now: datetime) -> bool:
    """Cancel an active visit that has not started yet on no one's behalf (the patient's
    account is being erased): no late-change rule applies, the time is free again and both
    sides are told. The doctor's schedule is locked first, then the appointment, as `change`
    does. False when the visit is no longer active or has already started."""
    doctor_id = db.session.scalar(
        select(Appointment.doctor_id).where(Appointment.id == appointment_id)
    )
    if doctor_id is None:
        return False
    schedules.lock_schedule(doctor_id)
    appointment = db.session.scalars(
        select(Appointment)
        .where(Appointment.id == appointment_id)
        .options(selectinload(Appointment.proposals))
        .with_for_update(of=Appointment)
        .execution_options(populate_existing=True)
    ).one()
    if appointment.status not in ACTIVE_STATUSES or appointment.start_at <= now:
        return False
    current = appointment.status
    appointment.status = S.CANCELLED
    appointment.cancel_reason = reason
    appointment.updated_at = now
    appointment.sequence += 1
    close_proposals(appointment, now, ProposalStatus.WITHDRAWN)
    flush()
    change = {"from_status": current, "to_status": S.CANCELLED, "reason": reason}
    record(appointment, None, now, "cancelled", **change)
    billing.on_cancelled(appointment, now, by="system", late=False)
    _announce("cancelled", appointment, None, now, reason)
    return True


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
    if target == S.CANCELLED and not is_doctor and too_late(schedule, appointment, now):
        raise InvalidTransition(_late_message(schedule, "cancel"))
    if target == S.CONFIRMED and billing.blocks_confirmation(appointment):
        raise PaymentRequired()
    appointment.status = target
    appointment.updated_at = now
    appointment.sequence += 1
    if target == S.CANCELLED:
        appointment.cancel_reason = reason
    if target not in ACTIVE_STATUSES:
        close_proposals(appointment, now, ProposalStatus.WITHDRAWN)
    action = {
        S.CONFIRMED: "confirmed",
        S.CANCELLED: "declined" if current == S.PENDING and is_doctor else "cancelled",
        S.COMPLETED: "completed",
        S.NO_SHOW: "no_show",
    }[AppointmentStatus(target)]
    flush()
    record(appointment, user, now, action, from_status=current, to_status=target, reason=reason)
    if target == S.CANCELLED:
        late = not is_doctor and too_late(schedule, appointment, now)
        billing.on_cancelled(appointment, now, by="doctor" if is_doctor else "patient", late=late)
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
    ensure_movable(appointment)
    if is_doctor and not reason:
        raise Invalid(fields={"reason": ["Tell the patient why the time changes."]})
    if not is_doctor and too_late(schedule, appointment, now):
        raise InvalidTransition(_late_message(schedule, "reschedule"))
    reschedule(user, appointment, schedule, start, now, doctor_chose=is_doctor, reason=reason)


def _announce(
    action: str, appointment: Appointment, actor: User, now: datetime, reason: str | None
) -> None:
    kind = {
        "confirmed": "booking_confirmed",
        "declined": "booking_declined",
        "cancelled": "appointment_cancelled",
        # Thanks the patient and asks for their review, once: completed is final.
        "completed": "review_request",
    }.get(action)
    if kind:
        notifications.appointment_event(kind, appointment, now, actor=actor, reason=reason)
    else:
        notifications.cancel_reminders(appointment.id)  # no-show: nothing more to remind


# --- The late-change policy -------------------------------------------------------------


def _late_change_hours(schedule: DoctorSchedule | ListedSchedule | None) -> int:
    return schedule.late_change_hours if schedule else DEFAULT_LATE_CHANGE_HOURS


def too_late(
    schedule: DoctorSchedule | ListedSchedule | None,
    appointment: Appointment | ListedAppointment,
    now: datetime,
) -> bool:
    """Whether the patient's online changes have closed: within the doctor's late-change
    hours before the start."""
    return appointment.start_at - now < timedelta(hours=_late_change_hours(schedule))


def _late_message(schedule: DoctorSchedule | None, verb: str) -> str:
    return (
        f"It is too late to {verb} online: changes close {_late_change_hours(schedule)} hours "
        "before the start. Please contact your doctor."
    )


def _refusal(current: AppointmentStatus, target: str, is_doctor: bool) -> str:
    if current not in ACTIVE_STATUSES:
        return f"This appointment is {current.replace('_', ' ')}; it cannot change any more."
    if not is_doctor and target != S.CANCELLED:
        return "Patients can cancel or reschedule; the doctor confirms and completes visits."
    return f"A {current} appointment cannot become {target.replace('_', ' ')}."
