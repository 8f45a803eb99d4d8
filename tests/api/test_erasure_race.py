"""Erasure racing a booking on a live multi-process server (PostgreSQL): whichever comes
first, the erased patient is left with no active visit."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import ACTIVE_STATUSES, Appointment, Role
from tests.live import add_schedule, race

ROUNDS = 12


def test_a_booking_racing_the_erasure_leaves_no_active_visit(live_app, live_user, http_client):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology")
    add_schedule(live_app, doctor)
    admin = http_client()
    admin.login(live_user(Role.ADMIN))
    day = (now_utc() + timedelta(days=2)).date().isoformat()
    status, slots = admin.request("GET", f"/api/doctors/{doctor['id']}/slots?from={day}&to={day}")
    assert status == 200 and len(slots) >= ROUNDS
    patients, outcomes = [], []
    for slot in slots[:ROUNDS]:
        user = live_user(Role.PATIENT)
        patient = http_client()
        patient.login(user)
        status, request = patient.request("POST", "/api/account/deletion-request", {})
        assert status == 202, request
        body = {
            "doctorId": doctor["id"],
            "startTime": slot["startTime"],
            "consultationType": "video",
        }
        booking, completion = race(
            lambda patient=patient, body=body: patient.request("POST", "/api/appointments", body),
            lambda request=request: admin.request(
                "POST", f"/api/admin/deletion-requests/{request['id']}/complete"
            ),
        )
        assert completion[0] == 200, completion
        assert booking[0] in (201, 401), booking
        patients.append(user["id"])
        outcomes.append(booking[0])
    with live_app.app_context():
        active = db.session.scalars(
            select(Appointment.id).where(
                Appointment.patient_id.in_(patients), Appointment.status.in_(ACTIVE_STATUSES)
            )
        ).all()
    assert active == [], outcomes
