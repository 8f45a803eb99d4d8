"""Booking abuse: caps on unanswered requests (also under real parallel requests on a live
multi-process server, on PostgreSQL and on SQLite) and a booking rate per patient. The expiry
of unanswered requests is in test_request_expiry.py."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from clinic360 import MIGRATIONS_DIR, create_app
from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, Role, User
from tests.conftest import PASSWORD, ApiClient, app_settings
from tests.live import HttpClient, add_schedule, race, run_server


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


def test_a_confirmed_visit_moved_back_to_a_request_counts_against_the_cap(
    patient, scheduled_doctor, logged_in
) -> None:
    _, client = patient
    doctor = scheduled_doctor()
    confirmed = book(client, doctor, 0).get_json()
    doctor_client = logged_in(doctor)
    answer = doctor_client.put(f"/api/appointments/{confirmed['id']}", {"status": "confirmed"})
    assert answer.status_code == 200
    assert book(client, doctor, 1).status_code == 201
    assert book(client, doctor, 2).status_code == 201  # two open requests: the cap

    later = datetime.fromisoformat(confirmed["startTime"]) + timedelta(hours=4)
    moved = client.put(f"/api/appointments/{confirmed['id']}", {"startTime": later.isoformat()})
    assert moved.status_code == 409, moved.get_json()
    assert moved.get_json()["error"]["code"] == "open_request_limit"
    assert client.get(f"/api/appointments/{confirmed['id']}").get_json()["status"] == "confirmed"


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


# --- Live: parallel requests ---------------------------------------------------------------


def live_doctors(live_app, live_user, count: int) -> list[dict[str, Any]]:
    doctors = []
    for _ in range(count):
        doctor = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Live Limits")
        add_schedule(live_app, doctor)
        doctors.append(doctor)
    return doctors


def slot_times(client, doctor_id: int, days_ahead: int = 3) -> list[str]:
    day = (now_utc() + timedelta(days=days_ahead)).date().isoformat()
    status, slots = client.request("GET", f"/api/doctors/{doctor_id}/slots?from={day}&to={day}")
    assert status == 200 and slots, slots
    return [slot["startTime"] for slot in slots]


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
        one, *others = live_doctors(live_app, live_user, 9)
        patient = live_user(Role.PATIENT)
    with run_server(env, workers=4, threads=4) as base:
        client = HttpClient(base)
        client.login(patient)
        client.request("GET", "/api/csrf")

        def booking(doctor_id: int, start: str):
            body = {"doctorId": doctor_id, "startTime": start, "consultationType": "video"}
            return lambda: client.request("POST", "/api/appointments", body)

        # Eight requests to one doctor at once: two get through.
        results = race(*[booking(one["id"], start) for start in slot_times(client, one["id"])[:8]])
        assert sorted(status for status, _ in results) == [201] * 2 + [409] * 6, results
        assert {a["error"]["code"] for s, a in results if s == 409} == {"open_request_limit"}
        # Eight requests to eight other doctors at once (at other hours): three more get
        # through, five in all.
        calls = [
            booking(doctor["id"], slot_times(client, doctor["id"])[8 + n])
            for n, doctor in enumerate(others)
        ]
        results = race(*calls)
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
        (doctor,) = live_doctors(live_app, live_user, 1)
        patient, doctor_client = http_client(), http_client()
        patient.login(live_user(Role.PATIENT))
        doctor_client.login(doctor)
        starts = slot_times(patient, doctor["id"])
        body = {"doctorId": doctor["id"], "startTime": starts[0], "consultationType": "video"}
        status, first = patient.request("POST", "/api/appointments", body)
        assert status == 201, first
        patient.request("GET", "/api/csrf")
        doctor_client.request("GET", "/api/csrf")
        second = {**body, "startTime": starts[3]}
        outcomes += race(
            lambda d=doctor_client, a=first: d.request(
                "PUT", f"/api/appointments/{a['id']}", {"status": "confirmed"}
            ),
            lambda p=patient, b=second: p.request("POST", "/api/appointments", b),
        )
    assert sorted({status for status, _ in outcomes}) == [200, 201], outcomes
