"""Time proposals: the doctor suggests another time; the patient accepts it (the appointment
moves there, confirmed) or declines it (nothing moves). Nothing here commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from clinic360.blueprints.appointments.booking import (
    SlotUnavailable,
    close_proposals,
    lock_for,
    open_proposal,
    record,
    reschedule,
)
from clinic360.blueprints.appointments.lifecycle import InvalidTransition, ensure_movable
from clinic360.blueprints.notifications import service as notifications
from clinic360.blueprints.schedule import service as schedules
from clinic360.errors import Forbidden
from clinic360.extensions import db
from clinic360.models import ACTIVE_STATUSES, Appointment, ProposalStatus, TimeProposal, User


def propose(
    doctor: User, appointment_id: int, start: datetime, note: str | None, now: datetime
) -> TimeProposal:
    """Suggest another free slot; an earlier open proposal is withdrawn."""
    appointment, schedule = lock_for(doctor, appointment_id)
    if appointment.doctor_id != doctor.id:
        raise Forbidden("Only the doctor proposes another time.")
    ensure_movable(appointment)
    if schedule is None or schedules.find_slot(schedule, start, now, appointment.id) is None:
        raise SlotUnavailable()
    close_proposals(appointment, now, ProposalStatus.WITHDRAWN)
    proposal = TimeProposal(
        appointment=appointment,
        start_at=start,
        end_at=start + timedelta(minutes=schedule.slot_minutes),
        note=note,
        created_at=now,
        status=ProposalStatus.OPEN,
    )
    db.session.add(proposal)
    record(
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
    """The patient's answer to the open proposal: accepted, the appointment moves to its time
    (confirmed: the doctor chose it); declined, it stays where it is."""
    appointment, schedule = lock_for(patient, appointment_id)
    if appointment.patient_id != patient.id:
        raise Forbidden("Only the patient answers a proposal.")
    proposal = open_proposal(appointment)
    if proposal is None or appointment.status not in ACTIVE_STATUSES:
        raise InvalidTransition("There is no open proposal to answer.")
    if accept:
        reschedule(
            patient,
            appointment,
            schedule,
            proposal.start_at,
            now,
            doctor_chose=True,
            action="proposal_accepted",
            accepting=proposal,
        )
    else:
        proposal.status, proposal.answered_at = ProposalStatus.DECLINED, now
        record(appointment, patient, now, "proposal_declined", to_start=proposal.start_at)
        notifications.appointment_event("proposal_declined", appointment, now, actor=patient)
    return appointment
