"""`nextAvailable` and `nextSlots` on the directory's cards (GET /api/doctors/{id} and the
items of GET /api/doctors) equal the first slots the slots endpoint offers, asked from the
doctor's today to the end of their horizon: at first, and after bookings, cancellations,
declines, moves, schedule and exception changes and expired requests."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from clinic360.blueprints.appointments.service import expire_pending
from clinic360.blueprints.directory import reference
from clinic360.blueprints.schedule import availability
from clinic360.blueprints.schedule import service as schedules
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import DoctorSchedule, Role, User
from clinic360.models.search import DoctorAvailability
from tests.conftest import ApiClient
from tests.live import add_schedule, race

MAX_DAYS = 62  # the slots endpoint's longest window


def offered(client: ApiClient, doctor_id: int) -> list[dict[str, str]]:
    """The first three slots the slots endpoint offers from the doctor's today to the end of
    their horizon, asked 62 days at a time."""
    first_answer = client.get(f"/api/doctors/{doctor_id}/slots")
    assert first_answer.status_code == 200
    zone_name = first_answer.headers.get("X-Doctor-Timezone")
    if zone_name is None:
        return []  # no schedule
    with client.raw.application.app_context():
        horizon = db.session.get(DoctorSchedule, doctor_id).horizon_days
    zone = ZoneInfo(zone_name)
    now = now_utc()
    day, last = now.astimezone(zone).date(), (now + timedelta(days=horizon)).astimezone(zone).date()
    found: list[dict[str, str]] = []
    while len(found) < 3 and day <= last:
        to = min(day + timedelta(days=MAX_DAYS - 1), last)
        answer = client.get(f"/api/doctors/{doctor_id}/slots?from={day}&to={to}")
        assert answer.status_code == 200, answer.get_json()
        found += answer.get_json()
        day = to + timedelta(days=1)
    return found[:3]


def card(client: ApiClient, doctor: User) -> dict[str, Any]:
    answer = client.get(f"/api/doctors/{doctor.id}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def list_item(client: ApiClient, doctor: User, city: str) -> dict[str, Any]:
    answer = client.get(f"/api/doctors?city={city}&pageSize=50")
    assert answer.status_code == 200, answer.get_json()
    items = [item for item in answer.get_json()["items"] if item["id"] == doctor.id]
    assert len(items) == 1
    return items[0]


def assert_matches(client: ApiClient, doctor: User, city: str) -> list[dict[str, str]]:
    """Both cards agree with the slots endpoint; the slots offered."""
    slots = offered(client, doctor.id)
    expected_start = slots[0]["startTime"] if slots else None
    for shown in (card(client, doctor), list_item(client, doctor, city)):
        assert shown["nextAvailable"] == expected_start
        assert shown["nextSlots"] == [
            {"startTime": s["startTime"], "endTime": s["endTime"]} for s in slots
        ]
    return slots


@pytest.fixture
def city() -> str:
    return f"Nextville {secrets.token_hex(3)}"


@pytest.fixture
def doctor(scheduled_doctor, city) -> User:
    return scheduled_doctor(city=city, late_change_hours=0)


def _book(client: ApiClient, doctor: User, slot: dict[str, str]) -> dict[str, Any]:
    answer = client.post(
        "/api/appointments",
        {"doctorId": doctor.id, "startTime": slot["startTime"], "consultationType": "video"},
    )
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_the_cards_show_the_first_three_slots(client, doctor, city) -> None:
    slots = assert_matches(client, doctor, city)
    assert len(slots) == 3


def test_a_doctor_without_a_schedule_has_none(client, make_doctor, city) -> None:
    doctor = make_doctor(city=city)
    assert card(client, doctor)["nextAvailable"] is None
    assert card(client, doctor)["nextSlots"] == []
    assert list_item(client, doctor, city)["nextAvailable"] is None


def test_booking_cancelling_and_declining(client, doctor, city, logged_in, make_user) -> None:
    first = assert_matches(client, doctor, city)[0]
    patient = logged_in(make_user())
    appointment = _book(patient, doctor, first)
    after = assert_matches(client, doctor, city)
    assert after[0] != first

    cancelled = patient.put(f"/api/appointments/{appointment['id']}", {"status": "cancelled"})
    assert cancelled.status_code == 200, cancelled.get_json()
    assert assert_matches(client, doctor, city)[0] == first

    again = _book(patient, doctor, first)
    assert assert_matches(client, doctor, city)[0] != first
    declined = logged_in(doctor).put(
        f"/api/appointments/{again['id']}", {"status": "cancelled", "reason": "Away that day"}
    )
    assert declined.status_code == 200, declined.get_json()
    assert assert_matches(client, doctor, city)[0] == first


def test_moving_an_appointment_and_accepting_a_proposal(
    client, doctor, city, logged_in, make_user
) -> None:
    first, second, third = assert_matches(client, doctor, city)
    patient = logged_in(make_user())
    appointment = _book(patient, doctor, second)
    assert assert_matches(client, doctor, city)[1] == third
    moved = patient.put(f"/api/appointments/{appointment['id']}", {"startTime": first["startTime"]})
    assert moved.status_code == 200, moved.get_json()
    now = assert_matches(client, doctor, city)
    assert now[0] == second

    # The doctor proposes the second slot, the patient accepts: the first is free again.
    proposed = logged_in(doctor).post(
        f"/api/appointments/{appointment['id']}/proposals", {"startTime": second["startTime"]}
    )
    assert proposed.status_code == 201, proposed.get_json()
    assert assert_matches(client, doctor, city)[0] == second  # a proposal holds no time
    accepted = patient.post(f"/api/appointments/{appointment['id']}/proposals/accept")
    assert accepted.status_code == 200, accepted.get_json()
    assert assert_matches(client, doctor, city)[:2] == [first, third]


def test_schedule_edits(client, doctor, city, logged_in) -> None:
    before = assert_matches(client, doctor, city)
    doctor_client = logged_in(doctor)
    schedule = doctor_client.get("/api/schedule").get_json()

    late = dict(schedule)
    late["rules"] = [
        {"dayOfWeek": r["dayOfWeek"], "startTime": "20:00", "endTime": "21:30"}
        for r in schedule["rules"]
    ]
    answer = doctor_client.put("/api/schedule", _writable(late))
    assert answer.status_code == 200, answer.get_json()
    after_rules = assert_matches(client, doctor, city)
    assert after_rules != before

    zoned = doctor_client.put("/api/schedule", _writable({**late, "timezone": "Pacific/Auckland"}))
    assert zoned.status_code == 200, zoned.get_json()
    after_zone = assert_matches(client, doctor, city)
    assert after_zone != after_rules

    noticed = doctor_client.put(
        "/api/schedule", _writable({**late, "timezone": "UTC", "minNoticeMinutes": 3 * 24 * 60})
    )
    assert noticed.status_code == 200, noticed.get_json()
    after_notice = assert_matches(client, doctor, city)
    assert after_notice[0]["startTime"] > (now_utc() + timedelta(days=3)).isoformat()[:16]


def _writable(schedule: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "timezone",
        "slotMinutes",
        "bufferMinutes",
        "minNoticeMinutes",
        "horizonDays",
        "requiresApproval",
        "lateChangeHours",
        "rules",
    )
    body = {key: schedule[key] for key in keys if key in schedule}
    body["rules"] = [
        {"dayOfWeek": r["dayOfWeek"], "startTime": r["startTime"][:5], "endTime": r["endTime"][:5]}
        for r in schedule["rules"]
    ]
    return body


def test_a_day_off_added_and_removed(client, scheduled_doctor, city, logged_in) -> None:
    doctor = scheduled_doctor(city=city, start="00:00", end="23:30")
    first = assert_matches(client, doctor, city)[0]
    day = first["startTime"][:10]
    doctor_client = logged_in(doctor)
    added = doctor_client.post("/api/schedule/exceptions", {"date": day, "isAvailable": False})
    assert added.status_code == 201, added.get_json()
    off = assert_matches(client, doctor, city)
    assert all(slot["startTime"][:10] != day for slot in off)
    removed = doctor_client.delete(f"/api/schedule/exceptions/{added.get_json()['id']}")
    assert removed.status_code == 204
    assert assert_matches(client, doctor, city)[0] == first


def test_an_expired_request_frees_its_time(app, client, doctor, city, logged_in, make_user):
    first = assert_matches(client, doctor, city)[0]
    appointment = _book(logged_in(make_user()), doctor, first)
    assert assert_matches(client, doctor, city)[0] != first
    with app.app_context():
        hours = app.config["PENDING_EXPIRY_HOURS"]
        assert expire_pending(now_utc() + timedelta(hours=hours, minutes=1)) == [appointment["id"]]
        db.session.commit()
    assert assert_matches(client, doctor, city)[0] == first


def test_time_passing_the_first_slot(app, doctor) -> None:
    """Worked out at `now`, then asked again once the first slot has started: the row is stale
    from the first slot's notice on, and the next answer is the engine's at that time."""
    with app.app_context():
        now = now_utc()
        first = schedules.fresh_availability([doctor.id], now)[doctor.id]
        row = db.session.get(DoctorAvailability, doctor.id)
        # no notice in this schedule: stale when the first slot starts, or at the cap before it
        assert row.stale_at == min(first.next_start, now + availability.REFRESH_CAP)
        later = first.next_start + timedelta(minutes=1)
        moved_on = schedules.fresh_availability([doctor.id], later)[doctor.id]
        schedule = db.session.get(DoctorSchedule, doctor.id)
        today = schedules.today_for(schedule, later)
        expected = schedules.available_slots(schedule, today, today + timedelta(days=13), later)
        assert moved_on.slots == expected[:3]
        assert moved_on.next_start == first.slots[1].start


def test_a_stale_page_of_20_takes_the_queries_of_a_page_of_2(
    app, client, scheduled_doctor, city, count_queries
) -> None:
    doctors = [scheduled_doctor(city=city) for _ in range(20)]
    with count_queries() as two:  # the first time this total is counted
        answer = client.get(f"/api/doctors?city={city}&pageSize=2")
    assert [item["nextAvailable"] is not None for item in answer.get_json()["items"]] == [True] * 2
    with app.app_context():
        schedules.mark_stale([doctor.id for doctor in doctors])
        db.session.commit()
    reference.clear(totals_only=True)  # counted again, as for the page of 2
    with count_queries() as twenty:
        answer = client.get(f"/api/doctors?city={city}&pageSize=20")
    items = answer.get_json()["items"]
    assert len(items) == 20 and all(item["nextAvailable"] for item in items)
    assert twenty.count == two.count, twenty.statements
    with count_queries() as fresh:
        client.get(f"/api/doctors?city={city}&pageSize=20")
    assert fresh.count < twenty.count


def test_parallel_bookings_and_reads_leave_the_right_times(live_app, live_user, http_client):
    """Bookings of the first free slots racing readers of the card (each a refresh of the
    stale row): afterwards the card says what the slots endpoint says."""
    doctor = live_user(Role.DOCTOR, specialty="Dermatology")
    add_schedule(live_app, doctor)
    path = f"/api/doctors/{doctor['id']}"
    reader = http_client()
    for _ in range(3):
        status, slots = reader.request("GET", f"{path}/slots")
        assert status == 200 and len(slots) >= 4
        patients = []
        for _ in range(4):
            patient = http_client()
            patient.login(live_user(Role.PATIENT))
            patient.request("GET", "/api/csrf")
            patients.append(patient)

        def book(patient, slot):
            body = {"doctorId": doctor["id"], "startTime": slot["startTime"]}
            return patient.request(
                "POST", "/api/appointments", {**body, "consultationType": "video"}
            )

        def read(client):
            return [client.request("GET", path)[0] for _ in range(5)]

        readers = [http_client() for _ in range(4)]
        results = race(
            *(lambda p=p, s=s: book(p, s) for p, s in zip(patients, slots, strict=False)),
            *(lambda r=r: read(r) for r in readers),
        )
        assert [status for status, _ in results[:4]] == [201] * 4
        assert all(statuses == [200] * 5 for statuses in results[4:])
        status, card = reader.request("GET", path)
        status, now_offered = reader.request("GET", f"{path}/slots")
        assert card["nextAvailable"] == now_offered[0]["startTime"]
        assert card["nextSlots"] == now_offered[:3]


def test_a_refresh_caught_in_a_deadlock_gives_way(live_app, live_user):
    """A change that marks two doctors, the second after a refresh of both took the first:
    the refresh (which waited first) is the one PostgreSQL stops; it answers the times it
    worked out, leaves the rows to the change, and the change commits."""
    first, second = (live_user(Role.DOCTOR, specialty="Dermatology") for _ in range(2))
    ids = sorted([first["id"], second["id"]])
    for doctor in (first, second):
        add_schedule(live_app, doctor)
    with live_app.app_context():
        schedules.mark_stale(ids)
        db.session.commit()
        engine = db.engine
    mark = (
        "UPDATE doctor_availability SET stale_at = stale_at - interval '1 second' "
        "WHERE doctor_id = :id"
    )
    change_done = threading.Event()

    def change() -> None:
        with engine.begin() as connection:
            connection.execute(text(mark), {"id": ids[1]})
            time.sleep(0.3)  # the refresh takes ids[0] and waits for ids[1]
            connection.execute(text(mark), {"id": ids[0]})
        change_done.set()

    changer = threading.Thread(target=change)
    changer.start()
    time.sleep(0.1)
    try:
        with live_app.app_context():
            now = now_utc()
            times = schedules.fresh_availability(ids, now)
            db.session.commit()
    finally:
        changer.join()
    assert change_done.is_set()
    with live_app.app_context():
        assert all(times[i].next_start is not None for i in ids)
        rows = db.session.scalars(
            select(DoctorAvailability).where(DoctorAvailability.doctor_id.in_(ids))
        )
        assert all(row.stale_at <= now for row in rows)  # the change's marks stand
