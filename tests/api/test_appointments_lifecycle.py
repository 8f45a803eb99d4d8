"""The appointment lifecycle by role: approving, completing, declining, cancelling,
rescheduling, time proposals, and strangers kept out."""

from __future__ import annotations

from clinic360.models import Role
from tests.factories import move_into_past, slots_for


def put(client, appointment_id, **body):
    return client.put(f"/api/appointments/{appointment_id}", body)


# --- Lifecycle by role ------------------------------------------------------------------


def test_doctor_approves_then_completes_after_start(booked, scheduled_doctor, logged_in, app):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor)
    doc = logged_in(doctor)
    early = put(doc, appointment["id"], status="completed")
    assert early.status_code == 409  # pending cannot complete
    confirmed = put(doc, appointment["id"], status="confirmed")
    assert confirmed.status_code == 200
    assert confirmed.get_json()["status"] == "confirmed"
    not_started = put(doc, appointment["id"], status="completed")
    assert not_started.status_code == 409
    assert "started" in not_started.get_json()["error"]["message"]

    move_into_past(app, appointment["id"])
    done = put(doc, appointment["id"], status="completed")
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "completed"
    for target in ("confirmed", "cancelled", "no_show", "pending"):
        response = put(doc, appointment["id"], status=target, reason="x")
        assert response.status_code == 409
        assert response.get_json()["error"]["code"] == "invalid_transition"
    assert put(patient, appointment["id"], status="cancelled").status_code == 409


def test_no_show_after_start(booked, scheduled_doctor, logged_in, app):
    doctor = scheduled_doctor(requires_approval=False)
    _, appointment = booked(doctor)
    move_into_past(app, appointment["id"])
    response = put(logged_in(doctor), appointment["id"], status="no_show")
    assert response.get_json()["status"] == "no_show"


def test_doctor_declines_with_a_reason(booked, scheduled_doctor, logged_in):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor)
    doc = logged_in(doctor)
    assert put(doc, appointment["id"], status="cancelled").status_code == 422
    response = put(doc, appointment["id"], status="cancelled", reason="Not my specialty")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "cancelled" and body["cancelReason"] == "Not my specialty"
    assert body["history"][-1]["action"] == "declined"
    assert {"startTime": appointment["startTime"], "endTime": appointment["endTime"]} in slots_for(
        patient, doctor.id
    )


def test_patient_withdraws_and_cannot_confirm(booked, scheduled_doctor):
    patient, appointment = booked(scheduled_doctor())
    for target in ("confirmed", "completed", "no_show"):
        response = put(patient, appointment["id"], status=target)
        assert response.status_code == 409, target
    response = put(patient, appointment["id"], status="cancelled")
    assert response.status_code == 200
    assert response.get_json()["history"][-1]["action"] == "cancelled"


def test_late_change_policy(booked, scheduled_doctor, logged_in):
    doctor = scheduled_doctor(late_change_hours=72, requires_approval=False)
    patient, appointment = booked(doctor, days_ahead=2)
    assert put(patient, appointment["id"], status="cancelled").status_code == 409
    later = slots_for(patient, doctor.id, days_ahead=2)[5]
    moved = put(patient, appointment["id"], startTime=later["startTime"])
    assert moved.status_code == 409
    assert "too late" in moved.get_json()["error"]["message"]
    assert put(patient, appointment["id"]).status_code == 422
    response = put(logged_in(doctor), appointment["id"], status="cancelled", reason="Called away")
    assert response.status_code == 200


def test_patient_reschedules_to_a_free_slot(booked, scheduled_doctor, logged_in):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor, days_ahead=3, index=0)
    put(logged_in(doctor), appointment["id"], status="confirmed")
    target = slots_for(patient, doctor.id, days_ahead=4)[2]
    response = put(patient, appointment["id"], startTime=target["startTime"])
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["startTime"] == target["startTime"]
    assert body["status"] == "pending"  # the doctor approves the new time
    assert body["sequence"] == appointment["sequence"] + 2
    old = {"startTime": appointment["startTime"], "endTime": appointment["endTime"]}
    assert old in slots_for(patient, doctor.id, days_ahead=3)
    event = body["history"][-1]
    assert event["action"] == "rescheduled"
    assert event["fromStartTime"] == appointment["startTime"]
    assert event["toStartTime"] == target["startTime"]


def test_rescheduling_onto_a_taken_slot_is_409(booked, scheduled_doctor):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor, index=0)
    _, other = booked(doctor, index=1)
    response = put(patient, appointment["id"], startTime=other["startTime"])
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "slot_unavailable"


def test_proposals_accept_moves_and_confirms(booked, scheduled_doctor, logged_in):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor, index=0)
    doc = logged_in(doctor)
    target = slots_for(doc, doctor.id, days_ahead=5)[1]
    assert (
        patient.post(
            f"/api/appointments/{appointment['id']}/proposals", {"startTime": target["startTime"]}
        ).status_code
        == 403
    )
    proposal = doc.post(
        f"/api/appointments/{appointment['id']}/proposals",
        {"startTime": target["startTime"], "note": "Morning is full"},
    )
    assert proposal.status_code == 201, proposal.get_json()
    seen = patient.get(f"/api/appointments/{appointment['id']}").get_json()
    assert seen["openProposal"]["startTime"] == target["startTime"]
    assert doc.post(f"/api/appointments/{appointment['id']}/proposals/accept").status_code == 403

    accepted = patient.post(f"/api/appointments/{appointment['id']}/proposals/accept")
    assert accepted.status_code == 200
    body = accepted.get_json()
    assert body["status"] == "confirmed" and body["startTime"] == target["startTime"]
    assert body["openProposal"] is None
    old = {"startTime": appointment["startTime"], "endTime": appointment["endTime"]}
    assert old in slots_for(patient, doctor.id, days_ahead=3)
    again = patient.post(f"/api/appointments/{appointment['id']}/proposals/accept")
    assert again.status_code == 409


def test_proposals_decline_keeps_the_time(booked, scheduled_doctor, logged_in):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor)
    doc = logged_in(doctor)
    target = slots_for(doc, doctor.id, days_ahead=6)[0]
    doc.post(f"/api/appointments/{appointment['id']}/proposals", {"startTime": target["startTime"]})
    declined = patient.post(f"/api/appointments/{appointment['id']}/proposals/decline")
    assert declined.status_code == 200
    body = declined.get_json()
    assert body["startTime"] == appointment["startTime"] and body["status"] == "pending"
    assert [e["action"] for e in body["history"]] == ["booked", "proposed", "proposal_declined"]


def test_a_proposal_must_be_a_free_slot(booked, scheduled_doctor, logged_in):
    doctor = scheduled_doctor()
    _, appointment = booked(doctor, index=0)
    _, other = booked(doctor, index=1)
    response = logged_in(doctor).post(
        f"/api/appointments/{appointment['id']}/proposals", {"startTime": other["startTime"]}
    )
    assert response.status_code == 409


def test_strangers_get_404(booked, scheduled_doctor, make_client, make_user, make_doctor):
    _, appointment = booked(scheduled_doctor())
    path = f"/api/appointments/{appointment['id']}"
    for stranger in (make_user(), make_doctor()):
        other = make_client()
        other.login_as(stranger)
        assert other.get(path).status_code == 404
        assert other.put(path, {"status": "cancelled", "reason": "x"}).status_code == 404
        assert other.get(path + "/calendar.ics").status_code == 404
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    assert admin.get(path).status_code == 403
