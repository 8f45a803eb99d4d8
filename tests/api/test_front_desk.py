"""The front desk: a clinic's staff book on behalf of patients (existing and new, invited by
mail), find patients (audited), change visits, and see nothing of another clinic; through HTTP
on real PostgreSQL, Redis and SMTP."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AppointmentEvent,
    AuditEvent,
    ClinicDoctor,
    Role,
)
from tests.conftest import run_outbox
from tests.factories import slots_for
from tests.front_desk import desk_booking as _body
from tests.smtp import parts

RESET_LINK = re.compile(r"/reset-password\?token=([A-Za-z0-9_-]+)")
NEW_PASSWORD = "a-fresh-garden-path"


def _audit_rows(app, actor_id):
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.actor_id == actor_id, AuditEvent.action.like("clinic.%"))
                .order_by(AuditEvent.id)
            )
        )


def test_staff_see_their_clinic_and_their_user_names_it(desk, booked, logged_in, make_user):
    client, clinic = desk["client"], desk["clinic"]
    answer = client.get("/api/clinic").get_json()
    assert answer["id"] == clinic.id and answer["name"] == "Harbour Clinic"
    assert answer["timezone"] == "Africa/Lagos" and answer["role"] == "receptionist"
    assert answer["doctorCount"] == 1 and answer["logoUrl"] is None
    assert [d["id"] for d in answer["doctors"]] == [desk["doctor"].id]
    assert "video" in answer["doctors"][0]["consultationTypes"]

    user = client.get("/api/user").get_json()
    assert user["role"] == "receptionist"
    assert user["clinic"] == {"id": clinic.id, "name": "Harbour Clinic", "timezone": "Africa/Lagos"}
    patient = logged_in(make_user())
    assert patient.get("/api/user").get_json()["clinic"] is None
    assert patient.get("/api/clinic").status_code == 403


def test_booking_for_a_new_patient_invites_them_to_choose_a_password(app, desk, smtp, make_client):
    client, doctor = desk["client"], desk["doctor"]
    slot = slots_for(client, doctor.id)[0]
    new = {"fullName": "Ngozi Adeyemi", "email": "ngozi@example.test", "phone": "+2348030000001"}
    response = client.post("/api/clinic/appointments", _body(doctor, slot, newPatient=new))
    assert response.status_code == 201, response.get_json()
    visit = response.get_json()
    assert visit["status"] == "confirmed" and visit["queueState"] == "expected"
    assert visit["clinicId"] == desk["clinic"].id and visit["doctor"]["id"] == doctor.id
    assert visit["patient"]["fullName"] == "Ngozi Adeyemi"
    assert visit["patient"]["email"] == "ngozi@example.test"

    # No password works until one is chosen.
    patient = make_client()
    assert patient.login("ngozi@example.test", "").status_code in (401, 422)
    run_outbox(app, datetime.now().astimezone())
    smtp.wait_for(lambda ms: any("ngozi@" in str(m["To"]) for m in ms))
    (mail,) = smtp.to("ngozi@example.test")  # the booking's own mail waits for a verified address
    assert "Harbour Clinic" in str(mail["Subject"])
    token = RESET_LINK.search(parts(mail)["text/plain"]).group(1)
    reset = patient.post("/api/password/reset", {"token": token, "password": NEW_PASSWORD})
    assert reset.status_code == 204, reset.get_json()

    assert patient.login("ngozi@example.test", NEW_PASSWORD).status_code == 200
    me = patient.get("/api/user").get_json()
    assert me["role"] == "patient" and me["emailVerified"] is True
    listed = patient.get("/api/appointments?scope=upcoming").get_json()
    assert [item["id"] for item in listed["items"]] == [visit["id"]]
    with app.app_context():
        (booked_event,) = db.session.scalars(
            select(AppointmentEvent).where(AppointmentEvent.appointment_id == visit["id"])
        )
        assert booked_event.actor_id == desk["staff"].id


def test_a_new_patient_with_a_phone_only_gets_no_mail(app, desk, smtp):
    client, doctor = desk["client"], desk["doctor"]
    slot = slots_for(client, doctor.id)[0]
    new = {"fullName": "Phone Only", "phone": "+2348030000002"}
    response = client.post("/api/clinic/appointments", _body(doctor, slot, newPatient=new))
    assert response.status_code == 201, response.get_json()
    run_outbox(app, datetime.now().astimezone())
    # The doctor hears of the booking; nobody is invited.
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == [desk["doctor"].email]


def test_booking_for_a_patient_of_the_clinic(app, desk, booked, make_user):
    client, doctor = desk["client"], desk["doctor"]
    patient_user = make_user(full_name="Regular Patient")
    _, own = booked(doctor, patient=patient_user)  # the doctor's clinic: a visit there
    assert own["id"]
    slot = slots_for(client, doctor.id, days_ahead=4)[0]
    response = client.post(
        "/api/clinic/appointments", _body(doctor, slot, patientId=patient_user.id)
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["patient"]["id"] == patient_user.id
    # The same slot again: the slot rules are the patient's own.
    again = client.post("/api/clinic/appointments", _body(doctor, slot, patientId=patient_user.id))
    assert again.status_code == 409


def test_a_taken_email_or_phone_is_409_account_exists(desk, make_user):
    client, doctor = desk["client"], desk["doctor"]
    existing = make_user(email="taken@example.test", phone="+2348030000003")
    slot = slots_for(client, doctor.id)[0]
    for new in (
        {"fullName": "Someone", "email": "TAKEN@example.test"},
        {"fullName": "Someone", "phone": "+234 803 000 0003"},
    ):
        response = client.post("/api/clinic/appointments", _body(doctor, slot, newPatient=new))
        assert response.status_code == 409, response.get_json()
        assert response.get_json()["error"]["code"] == "account_exists"
        # A patient's: the field that matched is named.
        assert set(response.get_json()["error"]["fields"]) == {
            "email" if "email" in new else "phone"
        }
    assert existing.id


def test_an_address_of_a_doctor_or_an_admin_is_refused_without_saying_which(
    desk, make_doctor, make_user
):
    """Booking for a new patient is no way round the audited, limited search: a clash with a
    doctor's or an admin's account names no field and opens nothing."""
    client, doctor = desk["client"], desk["doctor"]
    slot = slots_for(client, doctor.id)[0]
    for account in (make_doctor(email="dr.who@example.test"), make_user(Role.ADMIN)):
        new = {"fullName": "Someone", "email": account.email.upper()}
        answer = client.post("/api/clinic/appointments", _body(doctor, slot, newPatient=new))
        assert answer.status_code == 409
        assert answer.get_json()["error"]["code"] == "account_exists"
        assert "fields" not in answer.get_json()["error"]
        by_id = client.post("/api/clinic/appointments", _body(doctor, slot, patientId=account.id))
        assert by_id.status_code == 404


@pytest.mark.parametrize(
    "extra",
    [{}, {"patientId": 1, "newPatient": {"fullName": "X", "email": "x@example.test"}}],
)
def test_exactly_one_of_patient_id_and_new_patient(desk, extra):
    client, doctor = desk["client"], desk["doctor"]
    slot = slots_for(client, doctor.id)[0]
    response = client.post("/api/clinic/appointments", _body(doctor, slot, **extra))
    assert response.status_code == 422
    assert "patientId" in response.get_json()["error"]["fields"]


def test_a_new_patient_needs_an_email_or_a_phone(desk):
    client, doctor = desk["client"], desk["doctor"]
    slot = slots_for(client, doctor.id)[0]
    body = _body(doctor, slot, newPatient={"fullName": "Nobody"})
    response = client.post("/api/clinic/appointments", body)
    assert response.status_code == 422


def test_a_doctor_of_another_clinic_is_not_found(desk, other_desk):
    client = desk["client"]
    doctor = other_desk["doctor"]
    slot = slots_for(client, doctor.id)[0]
    new = {"fullName": "Anyone", "email": "anyone@example.test"}
    response = client.post("/api/clinic/appointments", _body(doctor, slot, newPatient=new))
    assert response.status_code == 404


def test_a_patient_the_clinic_does_not_know_is_404_until_found_by_exact_email(app, desk, make_user):
    client, doctor = desk["client"], desk["doctor"]
    stranger = make_user(full_name="Stranger Danger", email="stranger@example.test")
    slot = slots_for(client, doctor.id)[0]
    body = _body(doctor, slot, patientId=stranger.id)
    assert client.post("/api/clinic/appointments", body).status_code == 404
    # A part of their name does not find them: they are no patient of this clinic.
    assert client.get("/api/clinic/patients?q=Stranger").get_json()["total"] == 0
    found = client.get("/api/clinic/patients?q=Stranger@Example.test").get_json()
    assert [p["id"] for p in found["items"]] == [stranger.id]
    assert found["items"][0]["fullName"] == "Stranger Danger"
    assert client.post("/api/clinic/appointments", body).status_code == 201


def test_search_finds_the_clinics_patients_and_exact_matches_and_is_audited(
    app, desk, other_desk, booked, make_user
):
    client = desk["client"]
    ours = make_user(full_name="Amara Okafor", phone="+2348030000010", allergies="penicillin")
    booked(desk["doctor"], patient=ours)
    theirs = make_user(full_name="Amara Bello", phone="+2348030000011")
    booked(other_desk["doctor"], patient=theirs)

    by_name = client.get("/api/clinic/patients?q=amara").get_json()
    assert [p["id"] for p in by_name["items"]] == [ours.id]
    assert set(by_name["items"][0]) == {"id", "fullName", "email", "phone", "dateOfBirth"}
    assert client.get("/api/clinic/patients?q=0000010").get_json()["total"] == 1
    assert client.get("/api/clinic/patients").get_json()["total"] == 1  # the clinic's patients
    exact = client.get("/api/clinic/patients?q=%2B2348030000011").get_json()
    assert [p["id"] for p in exact["items"]] == [theirs.id]

    rows = _audit_rows(app, desk["staff"].id)
    assert [row.action for row in rows] == ["clinic.patient_search"] * 4
    assert [row.details["found"] for row in rows] == [1, 1, 1, 1]
    assert [row.details["query_kind"] for row in rows] == ["name", "phone", "none", "phone"]
    assert (rows[-1].target_type, rows[-1].target_id) == ("user", theirs.id)
    assert (rows[0].target_type, rows[0].target_id) == ("clinic", desk["clinic"].id)
    for row in rows:  # never the query itself
        text = f"{row.summary} {row.details}".lower()
        assert "amara" not in text and "0000010" not in text and "0000011" not in text


def test_linking_a_doctor_opens_none_of_their_earlier_patients_to_the_desk(
    app, desk, booked, make_user, scheduled_doctor
):
    """A doctor's patients from before they joined the clinic are not the clinic's: found by
    exact address only (audited), never by a part of their name, and not bookable by id."""
    doctor = scheduled_doctor(requires_approval=False)
    earlier = make_user(full_name="Chidi Earlier", email="chidi@example.test")
    booked(doctor, patient=earlier)
    with app.app_context():
        db.session.add(ClinicDoctor(clinic_id=desk["clinic"].id, doctor_id=doctor.id))
        db.session.commit()
    client = desk["client"]
    assert client.get("/api/clinic/patients?q=chidi").get_json()["total"] == 0
    slot = slots_for(client, doctor.id, 5)[0]
    body = _body(doctor, slot, patientId=earlier.id)
    assert client.post("/api/clinic/appointments", body).status_code == 404
    # Their visits from now on at this clinic make them its patient.
    booked(doctor, patient=earlier, days_ahead=6)
    found = client.get("/api/clinic/patients?q=chidi").get_json()
    assert [p["id"] for p in found["items"]] == [earlier.id]


def test_the_desk_sees_no_reason_for_a_visit_and_booking_on_behalf_is_audited(app, desk):
    client, doctor = desk["client"], desk["doctor"]
    slot = slots_for(client, doctor.id)[0]
    new = {"fullName": "Ada Obi", "phone": "+2348030000077"}
    made = client.post("/api/clinic/appointments", _body(doctor, slot, newPatient=new))
    assert made.status_code == 201, made.get_json()
    visit = made.get_json()
    assert "reason" not in visit
    queue = client.get(f"/api/clinic/queue?date={slot['startTime'][:10]}").get_json()
    assert queue["items"] and all("reason" not in item for item in queue["items"])
    moved = client.put(
        f"/api/clinic/appointments/{visit['id']}",
        {"startTime": slots_for(client, doctor.id)[3]["startTime"]},
    )
    assert moved.status_code == 200, moved.get_json()
    assert "reason" not in moved.get_json()
    with app.app_context():
        stored = db.session.get(Appointment, visit["id"])
        assert stored.reason == "Follow-up"  # kept for the doctor
    rows = _audit_rows(app, desk["staff"].id)
    assert [(row.action, row.target_type) for row in rows] == [
        ("clinic.patient_create", "user"),
        ("clinic.book_on_behalf", "appointment"),
        ("clinic.move_on_behalf", "appointment"),
    ]
    assert rows[0].target_id == visit["patient"]["id"] and rows[1].target_id == visit["id"]


def test_staff_move_and_cancel_on_the_patients_behalf(app, desk, booked):
    client, doctor = desk["client"], desk["doctor"]
    patient_client, appointment = booked(doctor, days_ahead=5)
    new_slot = slots_for(client, doctor.id, days_ahead=6)[2]
    path = f"/api/clinic/appointments/{appointment['id']}"

    moved = client.put(path, {"startTime": new_slot["startTime"]})
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["startTime"] == new_slot["startTime"]
    cancelled = client.put(path, {"status": "cancelled", "reason": "Called the desk"})
    assert cancelled.status_code == 200 and cancelled.get_json()["queueState"] == "cancelled"
    assert client.put(path, {"status": "cancelled"}).status_code == 409
    assert client.put(path, {"status": "confirmed"}).status_code == 422
    assert client.put(path, {}).status_code == 422

    seen = patient_client.get(f"/api/appointments/{appointment['id']}").get_json()
    assert seen["status"] == "cancelled"
    with app.app_context():
        actors = db.session.execute(
            select(AppointmentEvent.action, AppointmentEvent.actor_id)
            .where(AppointmentEvent.appointment_id == appointment["id"])
            .order_by(AppointmentEvent.id)
        ).all()
    assert actors[-2:] == [("rescheduled", desk["staff"].id), ("cancelled", desk["staff"].id)]


def test_staff_follow_the_patients_late_change_window(desk, booked, scheduled_doctor):
    client, doctor = desk["client"], desk["doctor"]
    _, appointment = booked(doctor, days_ahead=0, index=-1)  # within the 24 hours
    response = client.put(f"/api/clinic/appointments/{appointment['id']}", {"status": "cancelled"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "invalid_transition"
