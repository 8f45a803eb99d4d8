"""Each event sends the right mail to the right people, with HTML and text parts and the
calendar invite where the event changes a calendar (real SMTP on loopback)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, Role
from tests.conftest import run_outbox
from tests.factories import slots_for
from tests.smtp import parts


def deliver(app) -> None:
    run_outbox(app, datetime.now().astimezone())


def inbox(smtp, address):
    """Subject -> invite METHOD (or None) of what an address received, then forget it."""
    found = {}
    for message in smtp.to(address):
        content = parts(message)
        assert "text/plain" in content and "text/html" in content, message["Subject"]
        method = None
        for part in message.walk():
            if part.get_filename() == "invite.ics":
                method = part.get_content_type() and part.get_param("method")
        found[str(message["Subject"])] = method
    return found


@pytest.fixture
def pair(app, smtp, booked, scheduled_doctor, make_client, make_user):
    doctor = scheduled_doctor(full_name="Dr. Evans", late_change_hours=0)
    patient_user = make_user(full_name="Pat Mills")
    patient, appointment = booked(doctor, patient=patient_user)
    doc = make_client()
    doc.login_as(doctor)
    deliver(app)
    smtp.clear()
    return doctor, patient_user, doc, patient, appointment


def test_approval(app, smtp, pair):
    doctor, patient_user, doc, _, appointment = pair
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    deliver(app)
    assert inbox(smtp, patient_user.email) == {
        "Your appointment with Dr. Evans is confirmed": "REQUEST"
    }
    assert inbox(smtp, doctor.email) == {"Appointment with Pat Mills confirmed": "REQUEST"}


def test_decline(app, smtp, pair):
    doctor, patient_user, doc, _, appointment = pair
    doc.put(
        f"/api/appointments/{appointment['id']}", {"status": "cancelled", "reason": "Fully booked"}
    )
    deliver(app)
    assert inbox(smtp, patient_user.email) == {"Dr. Evans could not take your appointment": None}
    (message,) = smtp.to(patient_user.email)
    assert "Fully booked" in parts(message)["text/plain"]
    assert smtp.to(doctor.email) == []


def test_proposal_and_its_answers(app, smtp, pair):
    doctor, patient_user, doc, patient, appointment = pair
    target = slots_for(doc, doctor.id, days_ahead=6)[0]
    doc.post(f"/api/appointments/{appointment['id']}/proposals", {"startTime": target["startTime"]})
    deliver(app)
    assert inbox(smtp, patient_user.email) == {"Dr. Evans proposed another time": None}
    smtp.clear()
    patient.post(f"/api/appointments/{appointment['id']}/proposals/decline")
    deliver(app)
    assert inbox(smtp, doctor.email) == {"Pat Mills declined the time you proposed": None}
    smtp.clear()
    doc.post(f"/api/appointments/{appointment['id']}/proposals", {"startTime": target["startTime"]})
    patient.post(f"/api/appointments/{appointment['id']}/proposals/accept")
    deliver(app)
    assert inbox(smtp, patient_user.email) == {
        "Dr. Evans proposed another time": None,
        "Your appointment with Dr. Evans has a new time": "REQUEST",
    }
    assert inbox(smtp, doctor.email) == {
        "Your appointment with Pat Mills has a new time": "REQUEST"
    }


def test_reschedule_and_cancel(app, smtp, pair):
    doctor, patient_user, _, patient, appointment = pair
    target = slots_for(patient, doctor.id, days_ahead=5)[2]
    patient.put(f"/api/appointments/{appointment['id']}", {"startTime": target["startTime"]})
    deliver(app)
    assert inbox(smtp, doctor.email) == {
        "Your appointment with Pat Mills has a new time": "REQUEST"
    }
    assert inbox(smtp, patient_user.email) == {
        "Your appointment with Dr. Evans has a new time": "REQUEST"
    }
    smtp.clear()
    patient.put(f"/api/appointments/{appointment['id']}", {"status": "cancelled"})
    deliver(app)
    assert inbox(smtp, doctor.email) == {"Your appointment with Pat Mills is cancelled": "CANCEL"}
    assert inbox(smtp, patient_user.email) == {
        "Your appointment with Dr. Evans is cancelled": "CANCEL"
    }


def test_completion(app, smtp, pair):
    _, patient_user, doc, _, appointment = pair
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    with app.app_context():
        row = db.session.get(Appointment, appointment["id"])
        row.start_at, row.end_at = now_utc() - timedelta(hours=1), now_utc() - timedelta(minutes=30)
        db.session.commit()
    deliver(app)
    smtp.clear()
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "completed"})
    deliver(app)
    assert inbox(smtp, patient_user.email) == {"Thank you for your visit with Dr. Evans": None}


def test_new_record(app, smtp, pair):
    _, patient_user, doc, _, appointment = pair
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    deliver(app)
    smtp.clear()
    doc.post("/api/records", {"patientId": patient_user.id, "diagnosis": "Secret diagnosis"})
    deliver(app)
    assert inbox(smtp, patient_user.email) == {"Dr. Evans added to your health record": None}
    assert "Secret diagnosis" not in str(smtp.to(patient_user.email)[0])


def test_account_events(app, smtp, make_client, make_user, make_doctor):
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    accepted, refused = make_doctor(verified=False), make_doctor(verified=False)
    admin.put(f"/api/admin/doctors/{accepted.id}/verify", {"employeeId": "EMP-EV-1"})
    admin.put(f"/api/admin/doctors/{refused.id}/reject", {"reason": "Licence expired"})
    deliver(app)
    assert inbox(smtp, accepted.email) == {"Your Clinic360 account is verified": None}
    assert inbox(smtp, refused.email) == {"Your Clinic360 application": None}
    assert "Licence expired" in parts(smtp.to(refused.email)[0])["text/plain"]
