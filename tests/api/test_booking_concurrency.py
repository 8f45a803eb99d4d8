"""Double booking is impossible under real concurrency: parallel HTTP requests to a gunicorn
server (4 processes x 8 threads) on PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import ACTIVE_STATUSES, Appointment, Role
from tests.live import add_schedule, race

PARALLEL = 50


def _scheduled_doctor(live_app, live_user):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology")
    add_schedule(live_app, doctor)
    return doctor


def _active_count(live_app, doctor_id):
    with live_app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(Appointment.doctor_id == doctor_id, Appointment.status.in_(ACTIVE_STATUSES))
        )


def _first_slot(client, doctor_id):
    day = (now_utc() + timedelta(days=2)).date().isoformat()
    status, slots = client.request("GET", f"/api/doctors/{doctor_id}/slots?from={day}&to={day}")
    assert status == 200 and slots
    return slots[0]


def _logged_in_patients(live_user, http_client, count):
    clients = []
    for _ in range(count):
        client = http_client()
        client.login(live_user(Role.PATIENT))
        client.request("GET", "/api/csrf")
        clients.append(client)
    return clients


def test_fifty_parallel_bookings_of_one_slot_make_one_appointment(live_app, live_user, http_client):
    doctor = _scheduled_doctor(live_app, live_user)
    patients = _logged_in_patients(live_user, http_client, PARALLEL)
    slot = _first_slot(patients[0], doctor["id"])
    body = {"doctorId": doctor["id"], "startTime": slot["startTime"], "consultationType": "video"}
    start = threading.Barrier(PARALLEL)

    def attempt(client):
        start.wait()
        return client.request("POST", "/api/appointments", body)

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        results = list(pool.map(attempt, patients))
    statuses = sorted(status for status, _ in results)
    assert statuses.count(201) == 1, statuses
    assert statuses.count(409) == PARALLEL - 1, statuses
    assert {answer["error"]["code"] for status, answer in results if status == 409} == {
        "slot_unavailable"
    }
    assert _active_count(live_app, doctor["id"]) == 1


def test_an_approval_racing_second_bookings_never_double_books(live_app, live_user, http_client):
    doctor = _scheduled_doctor(live_app, live_user)
    doctor_client = http_client()
    doctor_client.login(doctor)
    first, *others = _logged_in_patients(live_user, http_client, 20)
    slot = _first_slot(first, doctor["id"])
    body = {"doctorId": doctor["id"], "startTime": slot["startTime"], "consultationType": "video"}
    status, appointment = first.request("POST", "/api/appointments", body)
    assert status == 201
    path = f"/api/appointments/{appointment['id']}"

    results = race(
        lambda: doctor_client.request("PUT", path, {"status": "confirmed"}),
        *[lambda c=c: c.request("POST", "/api/appointments", body) for c in others],
    )
    assert results[0][0] == 200
    assert sorted(status for status, _ in results[1:]) == [409] * len(others)
    assert _active_count(live_app, doctor["id"]) == 1


def test_a_withdrawal_racing_an_approval_and_rebookings_keeps_one_active(
    live_app, live_user, http_client
):
    doctor = _scheduled_doctor(live_app, live_user)
    doctor_client = http_client()
    doctor_client.login(doctor)
    first, *others = _logged_in_patients(live_user, http_client, 20)
    slot = _first_slot(first, doctor["id"])
    body = {"doctorId": doctor["id"], "startTime": slot["startTime"], "consultationType": "video"}
    status, appointment = first.request("POST", "/api/appointments", body)
    assert status == 201
    path = f"/api/appointments/{appointment['id']}"

    results = race(
        lambda: doctor_client.request("PUT", path, {"status": "confirmed"}),
        lambda: first.request("PUT", path, {"status": "cancelled"}),
        *[lambda c=c: c.request("POST", "/api/appointments", body) for c in others],
    )
    assert all(status in (200, 201, 409) for status, _ in results), results
    assert results[1][0] == 200  # a patient may always withdraw (late-change window is 0)
    rebooked = sum(1 for status, _ in results[2:] if status == 201)
    assert rebooked <= 1
    assert _active_count(live_app, doctor["id"]) == rebooked
