"""Every status change, allowed or not, by role: the whole lifecycle table."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment

STATUSES = ["pending", "confirmed", "completed", "cancelled", "no_show"]

# (role, from, to) -> allowed. Anything not listed is refused with 409 invalid_transition.
ALLOWED = {
    ("doctor", "pending", "confirmed"),
    ("doctor", "pending", "cancelled"),
    ("doctor", "confirmed", "cancelled"),
    ("doctor", "confirmed", "completed"),
    ("doctor", "confirmed", "no_show"),
    ("patient", "pending", "cancelled"),
    ("patient", "confirmed", "cancelled"),
}
CASES = [
    (role, current, target)
    for role, current, target in itertools.product(("doctor", "patient"), STATUSES, STATUSES)
    if current != target
]


@pytest.mark.parametrize(("role", "current", "target"), CASES)
def test_transition(app, booked, scheduled_doctor, make_client, role, current, target):
    doctor = scheduled_doctor(late_change_hours=0)
    patient, appointment = booked(doctor)
    with app.app_context():
        row = db.session.get(Appointment, appointment["id"])
        row.status = current
        # Doctors act on a visit that has started (completed and no_show need it); patients
        # on one still ahead (they may not change a visit that has begun).
        row.start_at = now_utc() + (
            timedelta(minutes=-5) if role == "doctor" else timedelta(days=2)
        )
        row.end_at = row.start_at + timedelta(minutes=30)
        db.session.commit()
    if role == "doctor":
        client = make_client()
        client.login_as(doctor)
    else:
        client = patient
    response = client.put(
        f"/api/appointments/{appointment['id']}", {"status": target, "reason": "Because"}
    )
    if (role, current, target) in ALLOWED:
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == target
        assert response.get_json()["history"][-1]["toStatus"] == target
    else:
        assert response.status_code == 409, response.get_json()
        assert response.get_json()["error"]["code"] == "invalid_transition"
        with app.app_context():
            assert db.session.get(Appointment, appointment["id"]).status == current
