"""/api/schedule, /api/schedule/exceptions and /api/doctors/{id}/slots."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clinic360.clock import now_utc
from clinic360.models import Role
from tests.factories import slots_for

WEEKDAYS = {
    "timezone": "America/New_York",
    "slotMinutes": 30,
    "minNoticeMinutes": 0,
    "horizonDays": 30,
    "bufferMinutes": 0,
    "rules": [{"dayOfWeek": d, "startTime": "09:00", "endTime": "12:00"} for d in range(5)]
    + [{"dayOfWeek": 0, "startTime": "13:00", "endTime": "15:00"}],
}


@pytest.fixture
def doctor_client(make_client, make_doctor):
    client = make_client()
    doctor = make_doctor()
    client.login_as(doctor)
    client.doctor = doctor
    return client


def test_schedule_defaults_then_round_trips(doctor_client):
    default = doctor_client.get("/api/schedule").get_json()
    assert default["timezone"] == "UTC" and default["rules"] == []
    response = doctor_client.put("/api/schedule", WEEKDAYS)
    assert response.status_code == 200, response.get_json()
    saved = doctor_client.get("/api/schedule").get_json()
    assert saved["timezone"] == "America/New_York"
    assert saved["requiresApproval"] is True and saved["lateChangeHours"] == 24
    assert len(saved["rules"]) == 6
    assert {"dayOfWeek": 0, "startTime": "13:00", "endTime": "15:00"} in saved["rules"]
    replaced = doctor_client.put("/api/schedule", {**WEEKDAYS, "rules": []}).get_json()
    assert replaced["rules"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": None}, "timezone"),
        ({"slotMinutes": 0}, "slotMinutes"),
        ({"slotMinutes": "30"}, "slotMinutes"),
        ({"horizonDays": 400}, "horizonDays"),
        ({"bufferMinutes": -5}, "bufferMinutes"),
        (
            {"rules": [{"dayOfWeek": 7, "startTime": "09:00", "endTime": "10:00"}]},
            "rules.0.dayOfWeek",
        ),
        (
            {"rules": [{"dayOfWeek": 1, "startTime": "25:00", "endTime": "10:00"}]},
            "rules.0.startTime",
        ),
        (
            {"rules": [{"dayOfWeek": 1, "startTime": "9am", "endTime": "10:00"}]},
            "rules.0.startTime",
        ),
        (
            {"rules": [{"dayOfWeek": 1, "startTime": "10:00", "endTime": "10:00"}]},
            "rules.0.endTime",
        ),
        ({"rules": "mondays"}, "rules"),
    ],
)
def test_invalid_schedules_are_422(doctor_client, change, field):
    response = doctor_client.put("/api/schedule", {**WEEKDAYS, **change})
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


def test_schedule_is_for_doctors_only(client, make_user):
    assert client.get("/api/schedule").status_code == 401
    client.login_as(make_user(Role.PATIENT))
    assert client.get("/api/schedule").status_code == 403
    assert client.put("/api/schedule", WEEKDAYS).status_code == 403


def test_exceptions_crud_and_ownership(doctor_client, make_client, make_doctor):
    day = (now_utc() + timedelta(days=5)).date().isoformat()
    created = doctor_client.post("/api/schedule/exceptions", {"date": day, "isAvailable": False})
    assert created.status_code == 201
    other_hours = doctor_client.post(
        "/api/schedule/exceptions",
        {
            "date": day,
            "isAvailable": True,
            "startTime": "14:00",
            "endTime": "16:00",
            "note": "Clinic day",
        },
    )
    assert other_hours.status_code == 201
    listed = doctor_client.get("/api/schedule/exceptions").get_json()
    assert listed["total"] == 2 and [e["date"] for e in listed["items"]] == [day, day]

    other = make_client()
    other.login_as(make_doctor())
    exception_id = created.get_json()["id"]
    assert other.delete(f"/api/schedule/exceptions/{exception_id}").status_code == 404
    assert other.get("/api/schedule/exceptions").get_json()["total"] == 0
    assert doctor_client.delete(f"/api/schedule/exceptions/{exception_id}").status_code == 204
    assert doctor_client.get("/api/schedule/exceptions").get_json()["total"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"date": "2026-13-01", "isAvailable": False},
        {"isAvailable": False},
        {"date": "2026-12-01", "isAvailable": True},
        {"date": "2026-12-01", "isAvailable": False, "startTime": "10:00"},
        {"date": "2026-12-01", "isAvailable": True, "startTime": "10:00", "endTime": "10:00"},
    ],
)
def test_invalid_exceptions_are_422(doctor_client, body):
    assert doctor_client.post("/api/schedule/exceptions", body).status_code == 422


def test_slots_follow_the_schedule_in_the_doctors_zone(doctor_client, client):
    doctor_client.put("/api/schedule", WEEKDAYS)
    doctor_id = doctor_client.doctor.id
    today = now_utc().date()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    response = client.get(
        f"/api/doctors/{doctor_id}/slots?from={monday}&to={monday + timedelta(days=6)}"
    )
    assert response.status_code == 200
    assert response.headers["X-Doctor-Timezone"] == "America/New_York"
    slots = response.get_json()
    # Monday: 6 + 4 slots, Tuesday-Friday: 6 each, weekend: none.
    assert len(slots) == 10 + 4 * 6
    assert all(s["startTime"].endswith("Z") and s["endTime"].endswith("Z") for s in slots)
    first = slots[0]["startTime"]
    assert first.startswith(monday.isoformat()) and first[11:16] in ("14:00", "13:00")


def test_exceptions_change_the_slots(doctor_client, client):
    doctor_client.put(
        "/api/schedule",
        {
            **WEEKDAYS,
            "timezone": "UTC",
            "rules": [{"dayOfWeek": d, "startTime": "09:00", "endTime": "11:00"} for d in range(7)],
        },
    )
    doctor_id = doctor_client.doctor.id
    day = (now_utc() + timedelta(days=4)).date().isoformat()
    assert len(client.get(f"/api/doctors/{doctor_id}/slots?from={day}&to={day}").get_json()) == 4
    doctor_client.post("/api/schedule/exceptions", {"date": day, "isAvailable": False})
    assert client.get(f"/api/doctors/{doctor_id}/slots?from={day}&to={day}").get_json() == []


@pytest.mark.parametrize(
    "query",
    ["from=2026-01-10&to=2026-01-01", "from=2026-01-01&to=2026-06-01", "from=yesterday"],
)
def test_bad_slot_windows_are_422(client, scheduled_doctor, query):
    doctor = scheduled_doctor()
    assert client.get(f"/api/doctors/{doctor.id}/slots?{query}").status_code == 422


def test_slots_of_unknown_or_unlisted_doctors_are_404(client, make_doctor, make_user):
    assert client.get("/api/doctors/999999/slots").status_code == 404
    pending = make_doctor(verified=False)
    assert client.get(f"/api/doctors/{pending.id}/slots").status_code == 404
    assert client.get(f"/api/doctors/{make_user().id}/slots").status_code == 404


def test_a_doctor_without_schedule_has_no_slots(client, make_doctor):
    doctor = make_doctor()
    assert client.get(f"/api/doctors/{doctor.id}/slots").get_json() == []


def test_the_slot_query_count_does_not_grow_with_the_window(
    client, scheduled_doctor, count_queries
):
    doctor = scheduled_doctor()
    today = now_utc().date()
    counts = []
    for days in (0, 27):
        with count_queries() as counter:
            client.get(f"/api/doctors/{doctor.id}/slots?from={today}&to={today + timedelta(days)}")
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 8
    assert len(slots_for(client, doctor.id)) == 32
