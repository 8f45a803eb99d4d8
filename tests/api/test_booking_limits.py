"""Booking abuse: caps on unanswered requests (also under real parallel requests), a booking
rate per patient, and the expiry of requests nobody answered (called directly with `now`, and
run by the worker and by the inline dispatcher, with mail through a real SMTP server)."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from clinic360 import MIGRATIONS_DIR, create_app
from clinic360.blueprints.appointments.service import expire_pending
from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, AppointmentEvent, Notification, Role, User
from tests.conftest import PASSWORD, ApiClient, app_settings, run_outbox
from tests.factories import slots_for
from tests.live import HttpClient, add_schedule, run_server


def book(client: ApiClient, doctor: User, index: int = 0, days_ahead: int = 3):
    """Book the doctor's `index`-th slot of that day as the schedule lays them out (every test
    doctor has the same hours, so one index is one time whoever the doctor)."""
    day = (now_utc() + timedelta(days=days_ahead)).date()
    first = datetime.combine(day, dt_time(6), UTC)
    start = first + timedelta(minutes=30 * index)
    return client.post(
        "/api/appointments",
        {"doctorId": doctor.id, "startTime": start.isoformat(), "consultationType": "video"},
    )


@pytest.fixture
def patient(make_user, logged_in) -> tuple[User, ApiClient]:
    user = make_user(full_name="Pat Limits")
    return user, logged_in(user)


def test_open_requests_per_doctor(app, patient, scheduled_doctor, logged_in) -> None:
    _, client = patient
    assert app.config["BOOKING_OPEN_PER_DOCTOR"] == 2  # the default
    doctor, other = scheduled_doctor(), scheduled_doctor()
    first = book(client, doctor, 0).get_json()
    assert book(client, doctor, 1).status_code == 201
    refused = book(client, doctor, 2)
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "open_request_limit"
    assert "2 unanswered requests with this doctor" in error["message"]
    assert "the limit is 2" in error["message"]
    assert book(client, other, 5).status_code == 201  # another doctor (another time): fine
    # An answered request no longer counts: the doctor confirms one, and there is room again.
    answer = logged_in(doctor).put(f"/api/appointments/{first['id']}", {"status": "confirmed"})
    assert answer.status_code == 200
    assert book(client, doctor, 3).status_code == 201
    assert book(client, doctor, 4).status_code == 409


def test_open_requests_overall(app, patient, scheduled_doctor) -> None:
    user, client = patient
    assert app.config["BOOKING_OPEN_TOTAL"] == 5  # the default
    doctors = [scheduled_doctor() for _ in range(4)]
    for index, doctor in enumerate(doctors[:3]):
        for slot in range(2 if index < 2 else 1):
            assert book(client, doctor, 2 * index + slot).status_code == 201
    refused = book(client, doctors[3], 8)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "open_request_limit"
    assert "5 unanswered requests; the limit is 5" in refused.get_json()["error"]["message"]
    # Withdrawing one makes room.
    with app.app_context():
        pending = db.session.scalars(
            select(Appointment.id).where(Appointment.patient_id == user.id)
        ).first()
    assert client.put(f"/api/appointments/{pending}", {"status": "cancelled"}).status_code == 200
    assert book(client, doctors[3], 8).status_code == 201


def test_bookings_confirmed_at_once_are_not_requests(patient, scheduled_doctor) -> None:
    _, client = patient
    doctor = scheduled_doctor(requires_approval=False)
    for index in range(4):
        response = book(client, doctor, index)
        assert response.status_code == 201
        assert response.get_json()["status"] == "confirmed"


@pytest.mark.parametrize("store", ["redis", "database"])
def test_bookings_per_hour(store, app, patient, scheduled_doctor, monkeypatch) -> None:
    if store == "database":
        monkeypatch.setitem(app.config, "REDIS_URL", None)
    _, client = patient
    assert app.config["BOOKING_PER_HOUR"] == 10  # the default
    doctor = scheduled_doctor(requires_approval=False)
    assert book(client, doctor, 0).status_code == 201
    # Refused bookings count too (each of these is a 409: that time is taken).
    for _ in range(4):
        assert book(client, doctor, 0).status_code == 409
    for index in range(1, 6):
        assert book(client, doctor, index).status_code == 201
    refused = book(client, doctor, 6)
    assert refused.status_code == 429
    error = refused.get_json()["error"]
    assert error["code"] == "rate_limited"
    assert 3500 <= error["retryAfter"] <= 3600
    assert int(refused.headers["Retry-After"]) >= 3500


# --- Expiry -------------------------------------------------------------------------------


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


# --- Live: parallel requests, the worker and the inline dispatcher ------------------------


def _live_doctors(live_app, live_user, count: int) -> list[dict[str, Any]]:
    doctors = []
    for _ in range(count):
        doctor = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Live Limits")
        add_schedule(live_app, doctor)
        doctors.append(doctor)
    return doctors


def _slots(client, doctor_id: int, days_ahead: int = 3) -> list[str]:
    day = (now_utc() + timedelta(days=days_ahead)).date().isoformat()
    status, slots = client.request("GET", f"/api/doctors/{doctor_id}/slots?from={day}&to={day}")
    assert status == 200 and slots, slots
    return [slot["startTime"] for slot in slots]


def _race(calls: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _sqlite_people(url: str, doctors: int) -> tuple[Flask, list[dict], dict]:
    """A migrated SQLite database with `doctors` scheduled doctors and one patient."""
    app = create_app(app_settings(url, REDIS_URL=None))

    def account(role: str, **kwargs: Any) -> dict[str, Any]:
        tag = secrets.token_hex(4)
        email = f"{role}-{tag}@example.test"
        with app.app_context():
            user = create_user(
                NewAccount(
                    full_name=f"{role} {tag}", password=PASSWORD, role=role, email=email, **kwargs
                ),
                rounds=4,
                now=now_utc(),
            )
            db.session.commit()
            return {"id": user.id, "email": email, "password": PASSWORD, **kwargs}

    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
    people = []
    for _ in range(doctors):
        tag = secrets.token_hex(3).upper()
        doctor = account(Role.DOCTOR, employee_id=f"EMP-{tag}", specialty="Dermatology")
        add_schedule(app, doctor)
        people.append(doctor)
    return app, people, account(Role.PATIENT)


@pytest.mark.parametrize("store", ["postgresql", "sqlite"])
def test_caps_hold_under_parallel_bookings(store, live_app, live_user, live_env, tmp_path):
    # Its own server: four processes of four threads, and room for more than ten bookings an
    # hour (this test makes sixteen).
    env = {**live_env, "BOOKING_PER_HOUR": "100"}
    app = live_app
    if store == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'booking.db'}"
        env.pop("REDIS_URL")
        app, (one, *others), patient = _sqlite_people(env["DATABASE_URL"], 9)
    else:
        one, *others = _live_doctors(live_app, live_user, 9)
        patient = live_user(Role.PATIENT)
    with run_server(env, workers=4, threads=4) as base:
        client = HttpClient(base)
        client.login(patient)
        client.request("GET", "/api/csrf")

        def booking(doctor_id: int, start: str):
            body = {"doctorId": doctor_id, "startTime": start, "consultationType": "video"}
            return lambda: client.request("POST", "/api/appointments", body)

        # Eight requests to one doctor at once: two get through.
        results = _race([booking(one["id"], start) for start in _slots(client, one["id"])[:8]])
        assert sorted(status for status, _ in results) == [201] * 2 + [409] * 6, results
        assert {a["error"]["code"] for s, a in results if s == 409} == {"open_request_limit"}
        # Eight requests to eight other doctors at once (at other hours): three more get
        # through, five in all.
        calls = [
            booking(doctor["id"], _slots(client, doctor["id"])[8 + n])
            for n, doctor in enumerate(others)
        ]
        results = _race(calls)
        assert sorted(status for status, _ in results) == [201] * 3 + [409] * 5, results
        assert {a["error"]["code"] for s, a in results if s == 409} == {"open_request_limit"}
    with app.app_context():
        held = db.session.scalars(
            select(Appointment.status).where(Appointment.patient_id == patient["id"])
        ).all()
    assert held == ["pending"] * 5


def test_a_booking_racing_the_doctors_answer_never_deadlocks(live_app, live_user, http_client):
    """The booking holds the patient's row and waits for the doctor's schedule; the answer
    holds the schedule and writes notifications pointing at the patient. Both go through."""
    outcomes = []
    for _ in range(12):
        (doctor,) = _live_doctors(live_app, live_user, 1)
        patient, doctor_client = http_client(), http_client()
        patient.login(live_user(Role.PATIENT))
        doctor_client.login(doctor)
        starts = _slots(patient, doctor["id"])
        body = {"doctorId": doctor["id"], "startTime": starts[0], "consultationType": "video"}
        status, first = patient.request("POST", "/api/appointments", body)
        assert status == 201, first
        patient.request("GET", "/api/csrf")
        doctor_client.request("GET", "/api/csrf")
        second = {**body, "startTime": starts[3]}
        outcomes += _race(
            [
                lambda d=doctor_client, a=first: d.request(
                    "PUT", f"/api/appointments/{a['id']}", {"status": "confirmed"}
                ),
                lambda p=patient, b=second: p.request("POST", "/api/appointments", b),
            ]
        )
    assert sorted({status for status, _ in outcomes}) == [200, 201], outcomes


def _stale_request(live_app, live_user, http_client) -> tuple[dict, dict, int]:
    (doctor,) = _live_doctors(live_app, live_user, 1)
    patient = live_user(Role.PATIENT, full_name="Pia Expiry")
    client = http_client()
    client.login(patient)
    start = _slots(client, doctor["id"], 4)[0]
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
