"""Booking, lists and calendar files of appointments, and the database's own guarantee
against double booking. The lifecycle is in test_appointments_lifecycle.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, AppointmentEvent, Role
from tests.factories import move_into_past, slots_for


def book(client, doctor, slot, kind="video", **extra):
    return client.post(
        "/api/appointments",
        {"doctorId": doctor.id, "startTime": slot["startTime"], "consultationType": kind, **extra},
    )


def put(client, appointment_id, **body):
    return client.put(f"/api/appointments/{appointment_id}", body)


# --- Booking ----------------------------------------------------------------------------


def test_a_patient_books_a_free_slot(client, make_user, scheduled_doctor):
    doctor = scheduled_doctor(full_name="Dr. Booked")
    client.login_as(make_user(full_name="Pat Booker"))
    slot = slots_for(client, doctor.id)[3]
    response = book(client, doctor, slot, reason="Itchy rash")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "pending"
    assert body["startTime"] == slot["startTime"] and body["endTime"] == slot["endTime"]
    assert body["doctor"]["fullName"] == "Dr. Booked"
    assert body["patient"]["fullName"] == "Pat Booker"
    assert body["consultationType"] == "video" and body["reason"] == "Itchy rash"
    assert body["allowedActions"] == ["cancel", "reschedule"]
    assert [e["action"] for e in body["history"]] == ["booked"]
    assert slot not in slots_for(client, doctor.id)


def test_a_booking_answers_from_what_it_read_and_wrote(
    client, make_user, scheduled_doctor, count_queries
):
    """The answer's people, schedule and empty proposals are those the booking already holds:
    no profile is read for it (a patient's holds sealed health fields), the schedule once
    (locked), proposals and the doctor's user not at all."""
    doctor = scheduled_doctor(full_name="Dr. Known", specialty="Urology")
    client.login_as(make_user(full_name="Pat Known"))
    slot = slots_for(client, doctor.id)[2]
    with count_queries() as counter:
        response = book(client, doctor, slot)
    body = response.get_json()
    assert response.status_code == 201, body
    assert body["doctor"] == {
        "id": doctor.id, "fullName": "Dr. Known", "photoUrl": None, "specialty": "Urology"
    }  # fmt: skip
    assert body["patient"]["fullName"] == "Pat Known" and body["openProposal"] is None
    assert body["doctorTimezone"] == "UTC" or body["doctorTimezone"]
    reads = [
        " ".join(sql.split()) for sql in counter.statements if sql.lstrip().startswith("SELECT")
    ]
    assert not [sql for sql in reads if "FROM patient_profiles" in sql], reads
    assert not [sql for sql in reads if "FROM time_proposals" in sql], reads
    assert len([sql for sql in reads if "FROM doctor_schedules" in sql]) == 1, reads
    assert len([sql for sql in reads if sql.startswith("SELECT doctor_profiles.")]) == 0, reads


def test_without_approval_a_booking_is_confirmed_at_once(booked, scheduled_doctor):
    _, appointment = booked(scheduled_doctor(requires_approval=False))
    assert appointment["status"] == "confirmed"


@pytest.mark.parametrize("offset", [timedelta(minutes=10), timedelta(days=-10), timedelta(days=40)])
def test_only_offered_slots_can_be_booked(client, make_user, scheduled_doctor, offset):
    doctor = scheduled_doctor()
    client.login_as(make_user())
    slot = slots_for(client, doctor.id)[0]
    start = datetime.fromisoformat(slot["startTime"]) + offset
    response = book(client, doctor, {"startTime": start.isoformat()})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "slot_unavailable"


def test_a_taken_slot_cannot_be_booked_again(booked, make_client, make_user, scheduled_doctor):
    doctor = scheduled_doctor()
    _, first = booked(doctor)
    other = make_client()
    other.login_as(make_user())
    response = book(other, doctor, {"startTime": first["startTime"]})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "slot_unavailable"


def test_a_patient_cannot_hold_two_overlapping_appointments(client, make_user, scheduled_doctor):
    first, second = scheduled_doctor(), scheduled_doctor()
    client.login_as(make_user())
    slot = slots_for(client, first.id)[0]
    assert book(client, first, slot).status_code == 201
    response = book(client, second, slot)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "overlapping_appointment"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"consultationType": "hologram"}, "consultationType"),
        ({"startTime": "2026-12-01T09:00:00"}, "startTime"),
        ({"startTime": "tomorrow"}, "startTime"),
        ({"doctorId": "seven"}, "doctorId"),
        ({"reason": "x" * 1001}, "reason"),
    ],
)
def test_invalid_bookings_are_422(client, make_user, scheduled_doctor, body, field):
    doctor = scheduled_doctor()
    client.login_as(make_user())
    slot = slots_for(client, doctor.id)[0]
    full = {"doctorId": doctor.id, "startTime": slot["startTime"], "consultationType": "video"}
    response = client.post("/api/appointments", {**full, **body})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_a_type_the_doctor_does_not_offer_is_refused(client, make_user, scheduled_doctor):
    doctor = scheduled_doctor(offers_chat=False)
    client.login_as(make_user())
    response = book(client, doctor, slots_for(client, doctor.id)[0], kind="chat")
    assert response.status_code == 422


def test_only_patients_book(client, make_user, scheduled_doctor):
    doctor = scheduled_doctor()
    slot = slots_for(client, doctor.id)[0]
    assert book(client, doctor, slot).status_code == 401
    for role in (Role.DOCTOR, Role.ADMIN):
        client.login_as(make_user(role))
        assert book(client, doctor, slot).status_code == 403


def test_unknown_or_unlisted_doctors_cannot_be_booked(client, make_user, make_doctor):
    client.login_as(make_user())
    start = (now_utc() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    pending = make_doctor(verified=False)
    for doctor_id in (999999, pending.id):
        response = client.post(
            "/api/appointments",
            {"doctorId": doctor_id, "startTime": start.isoformat(), "consultationType": "video"},
        )
        assert response.status_code == 404


# --- Lists ------------------------------------------------------------------------------


def test_lists_by_role_scope_and_status(booked, scheduled_doctor, logged_in, make_user, app):
    doctor = scheduled_doctor()
    patient_user = make_user()
    patient, first = booked(doctor, index=0, patient=patient_user)
    _, second = booked(doctor, index=2, patient=patient_user)
    _, third = booked(doctor, days_ahead=4, index=0)
    move_into_past(app, third["id"])
    doc = logged_in(doctor)
    put(doc, first["id"], status="confirmed")

    mine = patient.get("/api/appointments?scope=upcoming").get_json()
    assert [a["id"] for a in mine["items"]] == [first["id"], second["id"]]
    assert mine["total"] == 2
    doctors = doc.get("/api/appointments?scope=upcoming&status=pending").get_json()
    assert [a["id"] for a in doctors["items"]] == [second["id"]]
    both = doc.get("/api/appointments?status=pending,confirmed&pageSize=1&page=2").get_json()
    assert both["total"] == 3 and len(both["items"]) == 1
    assert patient.get("/api/appointments?scope=past").get_json()["items"] == []
    assert doc.get("/api/appointments?scope=sometime").status_code == 422
    assert doc.get("/api/appointments?status=lost").status_code == 422


def test_list_query_count_does_not_grow_with_page_size(
    booked, scheduled_doctor, logged_in, count_queries
):
    doctor = scheduled_doctor()
    for index in range(6):
        booked(doctor, index=index)
    doc = logged_in(doctor)
    counts = []
    for size in (1, 6):
        with count_queries() as counter:
            body = doc.get(f"/api/appointments?pageSize={size}").get_json()
        assert len(body["items"]) == size
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 12, counts


# --- Calendar ---------------------------------------------------------------------------


def test_ics_has_a_stable_uid_and_a_growing_sequence(booked, scheduled_doctor, logged_in):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor)
    path = f"/api/appointments/{appointment['id']}/calendar.ics"
    first = patient.get(path)
    assert first.status_code == 200
    assert first.mimetype == "text/calendar"
    assert "attachment" in first.headers["Content-Disposition"]
    text = first.data.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert f"UID:appointment-{appointment['id']}@clinic360" in text
    assert "SEQUENCE:0" in text and "STATUS:TENTATIVE" in text
    start = datetime.fromisoformat(appointment["startTime"]).astimezone(UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%SZ}" in text
    assert "Itchy rash" not in text  # no health details in calendars
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))

    doc = logged_in(doctor)
    put(doc, appointment["id"], status="confirmed")
    put(doc, appointment["id"], status="cancelled", reason="Sick")
    last = doc.get(path).data.decode()
    assert f"UID:appointment-{appointment['id']}@clinic360" in last
    assert "SEQUENCE:2" in last and "STATUS:CANCELLED" in last


def test_calendar_subscription_feed(booked, scheduled_doctor, make_client):
    patient, appointment = booked(scheduled_doctor())
    assert patient.get("/api/calendar/feed").get_json() == {"active": False}
    created = patient.post("/api/calendar/feed")
    assert created.status_code == 201
    url = created.get_json()["url"]
    path = url[url.index("/api/") :]
    anonymous = make_client()
    feed = anonymous.get(path)
    assert feed.status_code == 200
    assert f"UID:appointment-{appointment['id']}@clinic360" in feed.data.decode()
    replaced = patient.post("/api/calendar/feed").get_json()["url"]
    assert anonymous.get(path).status_code == 404
    assert patient.delete("/api/calendar/feed").status_code == 204
    assert anonymous.get(replaced[replaced.index("/api/") :]).status_code == 404
    assert anonymous.get("/api/calendar/not-a-token.ics").status_code == 404


# --- The database's own guarantee -------------------------------------------------------


def test_the_database_refuses_overlapping_active_appointments(
    app, booked, scheduled_doctor, make_user
):
    doctor = scheduled_doctor()
    _, appointment = booked(doctor)
    other = make_user()
    with app.app_context():
        existing = db.session.get(Appointment, appointment["id"])
        clash = Appointment(
            doctor_id=doctor.id,
            patient_id=other.id,
            start_at=existing.start_at + timedelta(minutes=10),
            end_at=existing.end_at + timedelta(minutes=10),
            status="confirmed",
            consultation_type="video",
        )
        db.session.add(clash)
        with pytest.raises(IntegrityError, match="no_overlap_doctor_id"):
            db.session.flush()
        db.session.rollback()
        clash.status = "cancelled"
        db.session.add(clash)
        db.session.flush()  # inactive appointments may overlap
        events = db.session.scalars(select(AppointmentEvent)).all()
        assert [e.action for e in events] == ["booked"]
