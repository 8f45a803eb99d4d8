"""The expiry of requests nobody answered: called directly with `now`, and run by the worker's
loop and by the inline dispatcher of a server without Redis, with mail through a real SMTP
server on loopback."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from clinic360.blueprints.appointments.service import expire_pending
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, AppointmentEvent, Notification, Role, User
from tests.api.test_booking_limits import book, live_doctors, slot_times
from tests.conftest import ApiClient, run_outbox
from tests.factories import slots_for
from tests.live import run_server


@pytest.fixture
def patient(make_user, logged_in) -> tuple[User, ApiClient]:
    user = make_user(full_name="Pat Limits")
    return user, logged_in(user)


def _appointment(app: Flask, appointment_id: int) -> tuple[Appointment, list[AppointmentEvent]]:
    with app.app_context():
        appointment = db.session.get(Appointment, appointment_id)
        events = list(
            db.session.scalars(
                select(AppointmentEvent).where(AppointmentEvent.appointment_id == appointment_id)
            )
        )
        db.session.expunge_all()
        return appointment, events


def _expire(app: Flask, now) -> list[int]:
    with app.app_context():
        expired = expire_pending(now)
        db.session.commit()
        return expired


def test_an_unanswered_request_expires(app, smtp, patient, scheduled_doctor, logged_in) -> None:
    user, client = patient
    doctor = scheduled_doctor(full_name="Dr. Slow")
    booked = book(client, doctor, 0, days_ahead=5).get_json()
    confirmed = book(client, doctor, 1, days_ahead=5).get_json()
    logged_in(doctor).put(f"/api/appointments/{confirmed['id']}", {"status": "confirmed"})
    slot_count = len(slots_for(client, doctor.id, 5))
    run_outbox(app, now_utc())
    smtp.clear()
    hours = app.config["PENDING_EXPIRY_HOURS"]
    assert hours == 48  # the default

    assert _expire(app, now_utc() + timedelta(hours=hours - 1)) == []
    later = now_utc() + timedelta(hours=hours, minutes=1)
    assert _expire(app, later) == [booked["id"]]
    assert _expire(app, later) == []  # once

    appointment, events = _appointment(app, booked["id"])
    assert appointment.status == "cancelled"
    last = events[-1]
    assert (last.action, last.reason, last.actor_id) == ("expired", "expired", None)
    assert (last.from_status, last.to_status) == ("pending", "cancelled")
    assert _appointment(app, confirmed["id"])[0].status == "confirmed"
    # The time is free again.
    assert len(slots_for(client, doctor.id, 5)) == slot_count + 1
    # Both sides are told, in the app and by mail.
    with app.app_context():
        kinds = {
            (n.user_id, n.kind)
            for n in db.session.scalars(
                select(Notification).where(Notification.appointment_id == booked["id"])
            )
        }
    assert (user.id, "request_expired") in kinds and (doctor.id, "request_expired") in kinds
    run_outbox(app, later)
    assert [str(m["Subject"]) for m in smtp.to(user.email)] == [
        "Your request to see Dr. Slow expired"
    ]
    assert [str(m["Subject"]) for m in smtp.to(doctor.email)] == [
        "The request from Pat Limits expired"
    ]
    # Answering it afterwards is refused: it is over.
    late = logged_in(doctor).put(f"/api/appointments/{booked['id']}", {"status": "confirmed"})
    assert late.status_code == 409


def test_a_request_expires_when_its_time_comes(app, patient, scheduled_doctor) -> None:
    _, client = patient
    doctor = scheduled_doctor()
    booked = book(client, doctor, 0, days_ahead=1).get_json()
    with app.app_context():
        start = db.session.get(Appointment, booked["id"]).start_at
    assert start - now_utc() < timedelta(hours=app.config["PENDING_EXPIRY_HOURS"])
    assert _expire(app, start - timedelta(minutes=1)) == []
    assert _expire(app, start) == [booked["id"]]


def test_a_request_moved_by_the_patient_waits_anew(app, patient, scheduled_doctor) -> None:
    _, client = patient
    doctor = scheduled_doctor(late_change_hours=0)
    booked = book(client, doctor, 0, days_ahead=6).get_json()
    moved_at = now_utc() + timedelta(hours=40)
    with app.app_context():
        appointment = db.session.get(Appointment, booked["id"])
        appointment.pending_since = moved_at  # as if the patient moved it 40 hours later
        db.session.commit()
    assert _expire(app, now_utc() + timedelta(hours=49)) == []
    assert _expire(app, moved_at + timedelta(hours=48)) == [booked["id"]]
    # and through the API: a move by the patient sets the time it became pending
    fresh = book(client, doctor, 2, days_ahead=6).get_json()
    slot = slots_for(client, doctor.id, 6)[5]["startTime"]
    before = now_utc()
    moved = client.put(f"/api/appointments/{fresh['id']}", {"startTime": slot})
    assert moved.status_code == 200, moved.get_json()
    assert _appointment(app, fresh["id"])[0].pending_since >= before


# --- Live: the worker and the inline dispatcher ----------------------------------------------


def _stale_request(live_app, live_user, http_client) -> tuple[dict, dict, int]:
    (doctor,) = live_doctors(live_app, live_user, 1)
    patient = live_user(Role.PATIENT, full_name="Pia Expiry")
    client = http_client()
    client.login(patient)
    start = slot_times(client, doctor["id"], 4)[0]
    body = {"doctorId": doctor["id"], "startTime": start, "consultationType": "video"}
    status, appointment = client.request("POST", "/api/appointments", body)
    assert status == 201, appointment
    with live_app.app_context():
        row = db.session.get(Appointment, appointment["id"])
        row.pending_since = now_utc() - timedelta(hours=49)
        db.session.commit()
    return doctor, patient, appointment["id"]


def _wait_until_cancelled(live_app, appointment_id: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with live_app.app_context():
            if db.session.get(Appointment, appointment_id).status == "cancelled":
                return
        time.sleep(0.2)
    raise AssertionError("the request did not expire")


def _both_told(mailbox, doctor, patient) -> None:
    def told(messages):
        subjects = {(str(m["To"]), str(m["Subject"])) for m in messages}
        return any(
            patient["email"] in to and "Your request to see Dr. Live Limits expired" in subject
            for to, subject in subjects
        ) and any(
            doctor["email"] in to and "The request from Pia Expiry expired" in subject
            for to, subject in subjects
        )

    mailbox.wait_for(told, timeout=20)


def test_the_worker_expires_requests(live_app, live_user, http_client, start_worker, mailbox):
    doctor, patient, appointment_id = _stale_request(live_app, live_user, http_client)
    start_worker()
    _wait_until_cancelled(live_app, appointment_id)
    _both_told(mailbox, doctor, patient)


def test_the_inline_dispatcher_expires_requests(
    live_app, live_user, http_client, live_env, mailbox
):
    doctor, patient, appointment_id = _stale_request(live_app, live_user, http_client)
    env = {key: value for key, value in live_env.items() if key != "REDIS_URL"}
    env["OUTBOX_INLINE"] = "true"
    with run_server(env, workers=1):
        _wait_until_cancelled(live_app, appointment_id)
        _both_told(mailbox, doctor, patient)
