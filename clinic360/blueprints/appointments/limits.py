"""Booking abuse limits: how many unanswered (pending) requests a patient may hold, with one
doctor and overall. The booking rate per hour is counted at the edge (clinic360.throttle).

Both caps hold under parallel requests: a booking locks the patient's row first (all of that
patient's bookings run one after another), then the doctor's schedule row (see booking.py);
on SQLite it takes the database's write lock before counting. Nothing here commits.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select, text

from clinic360.errors import Conflict, Unauthorized
from clinic360.extensions import db
from clinic360.models import Appointment, AppointmentStatus, User


class OpenRequestLimit(Conflict):
    code = "open_request_limit"


def lock_patient(patient_id: int) -> None:
    """Hold the patient's row until commit, so that the patient's bookings count their open
    requests one at a time. Taken before the doctor's schedule, always in this order.

    FOR NO KEY UPDATE: rows that merely point at the patient (a notification written by the
    doctor's answer, which holds the doctor's schedule) take a key-share lock that this one
    leaves free, so a booking and an answer never wait for each other in a cycle.

    An account erased or deactivated meanwhile (erasure takes the same lock first) books
    nothing: 401."""
    active = select(User.is_active).where(User.id == patient_id)
    if db.session.get_bind().dialect.name == "sqlite":
        # No row locks: a write takes the database's write lock now, so that the counts are
        # read inside this transaction, one booking at a time.
        db.session.execute(text("UPDATE users SET id = id WHERE id = :id"), {"id": patient_id})
    else:
        active = active.with_for_update(key_share=True)
    if not db.session.scalar(active):
        raise Unauthorized("This account is closed.")


def ensure_room_for_request(patient_id: int, doctor_id: int) -> None:
    """409 open_request_limit when one more pending request would pass a cap."""
    per_doctor = current_app.config["BOOKING_OPEN_PER_DOCTOR"]
    total_cap = current_app.config["BOOKING_OPEN_TOTAL"]
    with_doctor = func.count().filter(Appointment.doctor_id == doctor_id)
    held_with_doctor, held = db.session.execute(
        select(with_doctor, func.count()).where(
            Appointment.patient_id == patient_id,
            Appointment.status == AppointmentStatus.PENDING,
        )
    ).one()
    if held_with_doctor >= per_doctor:
        raise OpenRequestLimit(
            f"You already have {held_with_doctor} unanswered requests with this doctor; "
            f"the limit is {per_doctor}. Wait for an answer or withdraw one first."
        )
    if held >= total_cap:
        raise OpenRequestLimit(
            f"You already have {held} unanswered requests; the limit is {total_cap}. "
            "Wait for an answer or withdraw one first."
        )
