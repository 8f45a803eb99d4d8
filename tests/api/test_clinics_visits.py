"""Visits and clinics: a booking belongs to the doctor's clinic, an in-person visit takes place
at one, and its calendar event and mail say where (real SMTP on loopback)."""

from __future__ import annotations

from datetime import datetime, timedelta

from clinic360.extensions import db
from clinic360.models import Appointment
from tests.conftest import run_outbox
from tests.factories import slots_for
from tests.smtp import parts


def clinic_of(app, appointment_id: int) -> int | None:
    with app.app_context():
        appointment = db.session.get(Appointment, appointment_id)
        assert appointment is not None
        return appointment.clinic_id


def book(client, doctor_id: int, consultation_type: str, **extra):
    slot = slots_for(client, doctor_id)[0]
    return client.post(
        "/api/appointments",
        {
            "doctorId": doctor_id,
            "startTime": slot["startTime"],
            "consultationType": consultation_type,
            **extra,
        },
    )


def test_a_doctor_offers_in_person_visits_through_their_profile(scheduled_doctor, logged_in):
    doctor = logged_in(scheduled_doctor())
    response = doctor.put("/api/profile", {"consultationTypes": ["video", "in_person"]})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["consultationTypes"] == ["video", "in_person"]


def test_a_video_visit_of_a_doctor_at_a_clinic_belongs_to_it(
    app, booked, scheduled_doctor, make_clinic
) -> None:
    doctor = scheduled_doctor()
    first = make_clinic(doctors=[doctor])
    make_clinic(doctors=[doctor])
    _, appointment = booked(doctor)
    assert clinic_of(app, appointment["id"]) == first.id
    _, elsewhere = booked(scheduled_doctor())
    assert clinic_of(app, elsewhere["id"]) is None


def test_an_in_person_visit_needs_a_clinic_of_the_doctors(
    app, make_user, scheduled_doctor, make_clinic, logged_in
) -> None:
    nowhere = scheduled_doctor(offers_in_person=True)
    patient = logged_in(make_user())
    response = book(patient, nowhere.id, "in_person")
    assert response.status_code == 422
    assert "clinicId" in response.get_json()["error"]["fields"]

    doctor = scheduled_doctor(offers_in_person=True)
    make_clinic(doctors=[doctor])
    second = make_clinic(doctors=[doctor])
    foreign = make_clinic()
    refused = book(patient, doctor.id, "in_person", clinicId=foreign.id)
    assert refused.status_code == 422 and "clinicId" in refused.get_json()["error"]["fields"]
    chosen = book(patient, doctor.id, "in_person", clinicId=second.id)
    assert chosen.status_code == 201, chosen.get_json()
    assert clinic_of(app, chosen.get_json()["id"]) == second.id


def test_an_in_person_visits_calendar_event_is_at_the_clinic(
    make_user, scheduled_doctor, make_clinic, logged_in
) -> None:
    doctor = scheduled_doctor(offers_in_person=True)
    make_clinic(
        name="Harbour Clinic", address="4 Wharf Road; Apapa", city="Lagos", doctors=[doctor]
    )
    patient = logged_in(make_user())
    response = book(patient, doctor.id, "in_person")
    assert response.status_code == 201, response.get_json()
    text = patient.get(f"/api/appointments/{response.get_json()['id']}/calendar.ics").data
    unfolded = text.decode().replace("\r\n ", "")
    assert "LOCATION:Harbour Clinic\\, 4 Wharf Road\\; Apapa\\, Lagos\r\n" in unfolded
    assert "SUMMARY:In-person visit: " in unfolded

    video = book(patient, doctor.id, "video")
    online = patient.get(f"/api/appointments/{video.get_json()['id']}/calendar.ics").data
    assert "LOCATION:Clinic360 (online)\r\n" in online.decode()


def test_booking_and_reminder_mails_of_an_in_person_visit_give_the_clinics_address(
    app, smtp, make_user, scheduled_doctor, make_clinic, logged_in
) -> None:
    doctor = scheduled_doctor(offers_in_person=True, requires_approval=False, full_name="Dr. Okoro")
    make_clinic(name="Harbour Clinic", address="4 Wharf Road", city="Lagos", doctors=[doctor])
    patient_user = make_user(full_name="Pat Ade")
    patient = logged_in(patient_user)
    response = book(patient, doctor.id, "in_person")
    assert response.status_code == 201, response.get_json()
    start = datetime.fromisoformat(response.get_json()["startTime"])

    run_outbox(app, datetime.now().astimezone())
    mails = smtp.to(patient_user.email)
    assert mails, "the booking mail went out"
    for mail in mails:
        content = parts(mail)
        assert "Where: Harbour Clinic, 4 Wharf Road, Lagos" in content["text/plain"]
        assert "Harbour Clinic, 4 Wharf Road, Lagos" in content["text/html"]
        assert "Type: In-person visit" in content["text/plain"]
    smtp.clear()

    run_outbox(app, start - timedelta(hours=24) + timedelta(minutes=1))
    reminders = [m for m in smtp.to(patient_user.email) if "Reminder" in str(m["Subject"])]
    assert len(reminders) == 1
    assert "Where: Harbour Clinic, 4 Wharf Road, Lagos" in parts(reminders[0])["text/plain"]


def test_seed_demo_adds_clinics_with_doctors_and_a_front_desk_that_logs_in(
    app, make_client
) -> None:
    from clinic360.cli import DEMO_PASSWORD

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    anonymous = make_client()
    listed = anonymous.get("/api/clinics").get_json()
    downtown = next(c for c in listed["items"] if c["name"] == "Clinic360 Downtown")
    assert downtown["timezone"] == "America/New_York" and downtown["address"]
    page = anonymous.get(f"/api/clinics/{downtown['id']}").get_json()
    assert any("in_person" in d["consultationTypes"] for d in page["doctors"])
    for email, role in (
        ("clinicadmin@clinic360.test", "clinic_admin"),
        ("reception@clinic360.test", "receptionist"),
    ):
        client = make_client()
        assert client.login(email, DEMO_PASSWORD).status_code == 200
        assert client.get("/api/user").get_json()["role"] == role
    # The front desk has today's visits in person, and the clinic's figures have weeks of them.
    queue = client.get("/api/clinic/queue").get_json()
    assert queue["total"] == 4 and {v["consultationType"] for v in queue["items"]} == {"in_person"}
    manager = make_client()
    assert manager.login("clinicadmin@clinic360.test", DEMO_PASSWORD).status_code == 200
    figures = manager.get("/api/clinic/analytics").get_json()["totals"]  # the last 30 days
    assert figures["completed"] > 10 and figures["noShows"] > 0 and figures["cancelled"] > 0
    assert "nothing seeded" in app.test_cli_runner().invoke(args=["seed-demo"]).output
    assert anonymous.get("/api/clinics").get_json()["total"] == listed["total"]


def test_a_calendar_feed_reads_its_visits_clinics_together(
    make_user, scheduled_doctor, make_clinic, logged_in, make_client, count_queries
) -> None:
    """A feed of in-person visits at several clinics reads the clinics in one query, not one
    per clinic."""
    user = make_user()
    patient = logged_in(user)
    for index in range(3):
        doctor = scheduled_doctor(offers_in_person=True)
        make_clinic(name=f"Clinic {index}", address=f"{index} Wharf Road", doctors=[doctor])
        slot = slots_for(patient, doctor.id, 3 + index)[0]
        body = {"doctorId": doctor.id, "startTime": slot["startTime"]}
        response = patient.post("/api/appointments", {**body, "consultationType": "in_person"})
        assert response.status_code == 201, response.get_json()
    url = patient.post("/api/calendar/feed").get_json()["url"]
    anonymous = make_client()
    with count_queries() as counter:
        feed = anonymous.get(url[url.index("/api/") :]).data.decode().replace("\r\n ", "")
    for index in range(3):
        assert f"LOCATION:Clinic {index}\\, {index} Wharf Road\\, Lagos\r\n" in feed
    assert sum("FROM clinics" in statement for statement in counter.statements) == 1


def test_an_appointment_names_its_clinic_and_a_visit_of_no_clinic_names_none(
    make_user, scheduled_doctor, make_clinic, logged_in
) -> None:
    doctor = scheduled_doctor(offers_in_person=True)
    clinic = make_clinic(
        name="Harbour Clinic", address="4 Wharf Road", city="Lagos", doctors=[doctor]
    )
    patient = logged_in(make_user())
    booked = book(patient, doctor.id, "in_person")
    assert booked.status_code == 201, booked.get_json()
    expected = {
        "id": clinic.id,
        "name": "Harbour Clinic",
        "address": "4 Wharf Road",
        "city": "Lagos",
        "timezone": "UTC",
        "phone": None,
    }
    assert booked.get_json()["clinic"] == expected
    path = f"/api/appointments/{booked.get_json()['id']}"
    assert patient.get(path).get_json()["clinic"] == expected
    assert logged_in(doctor).get(path).get_json()["clinic"] == expected

    elsewhere = scheduled_doctor()
    online = book(logged_in(make_user()), elsewhere.id, "video").get_json()
    assert online["clinic"] is None
