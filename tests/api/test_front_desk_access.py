"""The front desk's reach: staff see nothing of another clinic, other roles and staff of no
clinic are refused, staff sign in like anyone, and their searches are limited."""

from __future__ import annotations

from clinic360.blueprints.front_desk import routes as front_desk_routes
from clinic360.extensions import db
from clinic360.models import Appointment, ClinicStaff, Role
from tests.factories import slots_for
from tests.front_desk import desk_booking as _body


def test_staff_of_another_clinic_see_nothing_of_this_one(app, desk, other_desk, booked, make_user):
    patient = make_user(full_name="Kemi Lawal", email="kemi@example.test")
    _, appointment = booked(desk["doctor"], patient=patient, days_ahead=0, index=-1)
    stranger = other_desk["client"]
    aid = appointment["id"]
    slot = slots_for(stranger, desk["doctor"].id, days_ahead=4)[0]
    assert (
        stranger.put(f"/api/clinic/appointments/{aid}", {"status": "cancelled"}).status_code == 404
    )
    assert stranger.post(f"/api/appointments/{aid}/check-in").status_code == 404
    assert stranger.post(f"/api/appointments/{aid}/call-in").status_code == 404
    assert stranger.get("/api/clinic/queue").get_json()["total"] == 0
    assert stranger.get("/api/clinic/calendar").get_json()["total"] == 0
    assert stranger.get("/api/clinic/patients?q=Kemi").get_json()["total"] == 0
    assert stranger.get("/api/clinic").get_json()["id"] == other_desk["clinic"].id
    booking = _body(desk["doctor"], slot, patientId=patient.id)
    assert stranger.post("/api/clinic/appointments", booking).status_code == 404
    own_doctor = _body(other_desk["doctor"], slot, patientId=patient.id)
    assert stranger.post("/api/clinic/appointments", own_doctor).status_code == 404
    # ... while this clinic's desk sees its visit.
    assert desk["client"].get("/api/clinic/queue").get_json()["total"] == 1
    with app.app_context():
        assert db.session.get(Appointment, aid).status == "confirmed"


def test_patients_doctors_and_admins_are_refused_the_front_desk(desk, booked, logged_in, make_user):
    patient_client, appointment = booked(desk["doctor"])
    doctor = logged_in(desk["doctor"])
    admin = logged_in(make_user(Role.ADMIN))
    slot = slots_for(patient_client, desk["doctor"].id)[0]
    for client in (patient_client, doctor, admin):
        assert client.get("/api/clinic").status_code == 403
        assert client.get("/api/clinic/patients?q=a").status_code == 403
        assert client.get("/api/clinic/queue").status_code == 403
        assert client.get("/api/clinic/calendar").status_code == 403
        body = _body(desk["doctor"], slot, patientId=1)
        assert client.post("/api/clinic/appointments", body).status_code == 403
        path = f"/api/clinic/appointments/{appointment['id']}"
        assert client.put(path, {"status": "cancelled"}).status_code == 403


def test_staff_of_no_clinic_get_404(app, desk):
    with app.app_context():
        db.session.delete(db.session.get(ClinicStaff, desk["staff"].id))
        db.session.commit()
    assert desk["client"].get("/api/clinic").status_code == 404
    assert desk["client"].get("/api/user").get_json()["clinic"] is None


def test_the_users_clinic_costs_staff_one_query_and_others_none(
    desk, make_user, logged_in, count_queries
):
    patient = logged_in(make_user())
    counts = {}
    for who, client in (("staff", desk["client"]), ("patient", patient)):
        with count_queries() as counter:
            assert client.get("/api/user").status_code == 200
        counts[who] = sum("clinic_staff" in statement for statement in counter.statements)
    assert counts == {"staff": 1, "patient": 0}


def test_staff_log_in_with_phone_or_email_and_password_alone(desk, make_staff, make_client):
    staff = make_staff(desk["clinic"], Role.CLINIC_ADMIN, phone="+2348030000099")
    for identifier in ("+234 803 000 0099", staff.email):
        client = make_client()
        answer = client.login(identifier)
        assert answer.status_code == 200, answer.get_json()
        assert answer.get_json()["role"] == "clinic_admin"
        assert answer.get_json()["clinic"]["id"] == desk["clinic"].id
        assert client.get("/api/clinic").get_json()["role"] == "clinic_admin"
    assert make_client().login(staff.email, "not-the-password").status_code == 401


def test_searches_are_limited_per_staff_member(desk, make_staff, logged_in, monkeypatch):
    monkeypatch.setattr(front_desk_routes, "SEARCHES_PER_HOUR", 3)
    client = desk["client"]
    statuses = [client.get(f"/api/clinic/patients?q=+23480300000{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    colleague = logged_in(make_staff(desk["clinic"]))
    assert colleague.get("/api/clinic/patients?q=a").status_code == 200


def test_booking_for_a_new_patient_counts_as_a_search(desk, monkeypatch):
    """A new patient's clash with a registered address tells something, so making one is
    limited with the searches."""
    monkeypatch.setattr(front_desk_routes, "SEARCHES_PER_HOUR", 2)
    client, doctor = desk["client"], desk["doctor"]
    assert client.get("/api/clinic/patients?q=someone").status_code == 200
    slot = slots_for(client, doctor.id)[0]
    new = {"fullName": "Ngozi New", "phone": "+2348030000123"}
    assert (
        client.post("/api/clinic/appointments", _body(doctor, slot, newPatient=new)).status_code
        == 201
    )
    assert client.get("/api/clinic/patients?q=someone").status_code == 429
    another = {"fullName": "Late Comer", "phone": "+2348030000124"}
    refused = client.post("/api/clinic/appointments", _body(doctor, slot, newPatient=another))
    assert refused.status_code == 429
