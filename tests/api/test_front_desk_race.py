"""A receptionist booking on a patient's behalf races bookings of the same slot in real
parallel requests to a live gunicorn server on PostgreSQL: one wins, the other gets 409."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from clinic360.blueprints.clinics import service as clinics
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import ACTIVE_STATUSES, Appointment, Clinic, ClinicDoctor, Role
from tests.conftest import PASSWORD
from tests.live import add_schedule, race

ROUNDS = 4


def _clinic_with_receptionist(live_app, doctor):
    now = now_utc()
    with live_app.app_context():
        clinic = Clinic(
            name="Race Clinic", city="Lagos", timezone="UTC", created_at=now, updated_at=now
        )
        db.session.add(clinic)
        db.session.flush()
        db.session.add(ClinicDoctor(clinic_id=clinic.id, doctor_id=doctor["id"], created_at=now))
        email = f"desk-{clinic.id}@example.test"
        staff = clinics.NewStaff(
            email=email, full_name="Desk Person", role=Role.RECEPTIONIST, password=PASSWORD
        )
        clinics.new_staff_account(clinic.id, staff, rounds=4, now=now)
        db.session.commit()
    return {"email": email, "password": PASSWORD}


def _slots(client, doctor_id):
    day = (now_utc() + timedelta(days=2)).date().isoformat()
    status, slots = client.request("GET", f"/api/doctors/{doctor_id}/slots?from={day}&to={day}")
    assert status == 200 and len(slots) >= ROUNDS
    return slots


def _active_at(live_app, doctor_id, start):
    with live_app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(
                Appointment.doctor_id == doctor_id,
                Appointment.status.in_(ACTIVE_STATUSES),
                Appointment.start_at == datetime.fromisoformat(start.replace("Z", "+00:00")),
            )
        )


def test_a_booking_on_behalf_racing_the_patients_own_leaves_one(live_app, live_user, http_client):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology")
    add_schedule(live_app, doctor, requires_approval=False)
    desk = http_client()
    desk.login(_clinic_with_receptionist(live_app, doctor))
    slots = _slots(desk, doctor["id"])
    for n in range(ROUNDS):
        patient = live_user(Role.PATIENT)
        other = live_user(Role.PATIENT)
        mine, theirs = http_client(), http_client()
        mine.login(patient)
        theirs.login(other)
        for client in (mine, theirs):
            client.request("GET", "/api/csrf")
        # The desk finds the patient by their exact address: the clinic may book for them.
        status, found = desk.request("GET", f"/api/clinic/patients?q={patient['email']}")
        assert status == 200 and found["total"] == 1
        slot = slots[n]["startTime"]
        body = {"doctorId": doctor["id"], "startTime": slot, "consultationType": "video"}
        for_patient = {**body, "patientId": patient["id"]}
        # Even rounds: the patient books the slot themselves; odd: another patient does.
        rival = mine if n % 2 == 0 else theirs
        results = race(
            lambda data=for_patient: desk.request("POST", "/api/clinic/appointments", data),
            lambda rival=rival, data=body: rival.request("POST", "/api/appointments", data),
        )
        statuses = sorted(status for status, _ in results)
        assert statuses == [201, 409], results
        loser = next(answer for status, answer in results if status == 409)
        assert loser["error"]["code"] in {"slot_unavailable", "overlapping_appointment"}
        assert _active_at(live_app, doctor["id"], slots[n]["startTime"]) == 1
