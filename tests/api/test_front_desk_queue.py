"""The front desk's day: the queue and the calendar in the clinic's time zone, check-in and
call-in, and the queue's query count whatever its length; through HTTP on real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, AppointmentEvent, Role

AUCKLAND = ZoneInfo("Pacific/Auckland")


@pytest.fixture
def desk(make_doctor, make_user, make_clinic, make_staff, logged_in):
    doctor = make_doctor(full_name="Dr Aroha Ngata")
    clinic = make_clinic(doctors=[doctor], timezone="Pacific/Auckland", city="Auckland")
    staff = make_staff(clinic)
    return {
        "doctor": doctor,
        "patient": make_user(full_name="Wiremu Tane", phone="+6421000001"),
        "clinic": clinic,
        "staff": staff,
        "client": logged_in(staff),
    }


def visit(app, desk, start, *, status="confirmed", minutes=15, patient=None, clinic=None):
    """An appointment of the desk's clinic straight in the database (any time, past too)."""
    with app.app_context():
        appointment = Appointment(
            doctor_id=desk["doctor"].id,
            patient_id=(patient or desk["patient"]).id,
            start_at=start,
            end_at=start + timedelta(minutes=minutes),
            status=status,
            consultation_type="in_person",
            clinic_id=(clinic or desk["clinic"]).id,
            reason="Check-up",
            created_at=now_utc(),
            updated_at=now_utc(),
            sequence=0,
        )
        db.session.add(appointment)
        db.session.commit()
        return appointment.id


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AUCKLAND).astimezone(UTC)


def soon_today(zone: ZoneInfo) -> datetime:
    """A start later today in `zone` (or earlier today, late in the evening there)."""
    now = now_utc()
    if now.astimezone(zone).hour < 22:
        return (now + timedelta(minutes=30)).replace(second=0, microsecond=0)
    return (now - timedelta(hours=2)).replace(second=0, microsecond=0)


def test_the_queue_is_a_day_in_the_clinics_zone(app, desk):
    client = desk["client"]
    day = date(2026, 3, 10)
    before = visit(app, desk, local(day - timedelta(days=1), 23, 30))
    first = visit(app, desk, local(day, 0, 0))
    last = visit(app, desk, local(day, 23, 30))
    after = visit(app, desk, local(day + timedelta(days=1), 0, 0))
    answer = client.get(f"/api/clinic/queue?date={day}").get_json()
    assert answer["date"] == "2026-03-10" and answer["timezone"] == "Pacific/Auckland"
    assert [item["id"] for item in answer["items"]] == [first, last]
    # The day's UTC bounds are the Auckland day's: 11:00 UTC the day before to 11:00 UTC.
    assert answer["items"][0]["startTime"] == "2026-03-09T11:00:00Z"
    assert answer["items"][1]["patient"] == {
        "id": desk["patient"].id,
        "fullName": "Wiremu Tane",
        "phone": "+6421000001",
        "email": None,
    }
    assert answer["items"][0]["doctor"] == {"id": desk["doctor"].id, "fullName": "Dr Aroha Ngata"}
    assert answer["items"][0]["queueState"] == "expected"
    next_day = client.get(f"/api/clinic/queue?date={day + timedelta(days=1)}").get_json()
    assert [item["id"] for item in next_day["items"]] == [after]
    assert before not in [item["id"] for item in next_day["items"]]


def test_the_queue_defaults_to_today_in_the_clinics_zone(app, desk):
    today = now_utc().astimezone(AUCKLAND).date()
    ours = visit(app, desk, local(today, 0, 0))
    visit(app, desk, local(today - timedelta(days=1), 23, 40))  # yesterday there
    answer = desk["client"].get("/api/clinic/queue").get_json()
    assert answer["date"] == today.isoformat()
    assert [item["id"] for item in answer["items"]] == [ours]


def test_the_queue_filters_by_doctor_and_pages(app, desk, make_doctor):
    day = date(2026, 4, 2)
    ids = [visit(app, desk, local(day, 9, 20 * n)) for n in range(3)]
    client = desk["client"]
    page = client.get(f"/api/clinic/queue?date={day}&pageSize=2&page=2").get_json()
    assert page["total"] == 3 and [item["id"] for item in page["items"]] == ids[2:]
    other = make_doctor()
    none = client.get(f"/api/clinic/queue?date={day}&doctorId={other.id}").get_json()
    assert none["total"] == 0


def test_the_queue_answers_in_the_same_queries_however_long_it_is(
    app, desk, make_user, count_queries
):
    client = desk["client"]
    short_day, long_day = date(2026, 5, 4), date(2026, 5, 5)
    visit(app, desk, local(short_day, 9))
    for n in range(40):
        patient = make_user(full_name=f"Patient {n}")
        visit(app, desk, local(long_day, 8) + timedelta(minutes=15 * n), patient=patient)
    counts = []
    for day in (short_day, long_day):
        with count_queries() as counter:
            answer = client.get(f"/api/clinic/queue?date={day}&pageSize=100").get_json()
        counts.append(counter.count)
        assert answer["total"] == len(answer["items"])
    assert counts[0] == counts[1], counts
    # The session and the staff member's clinic, then the page and its total.
    assert counts[1] <= 4, counts


def test_the_calendar_is_at_most_a_week(app, desk):
    client = desk["client"]
    start = date(2026, 6, 1)
    inside = [visit(app, desk, local(start + timedelta(days=n), 10)) for n in (0, 6)]
    visit(app, desk, local(start + timedelta(days=7), 10))
    answer = client.get(f"/api/clinic/calendar?from={start}&to=2026-06-07").get_json()
    assert (answer["from"], answer["to"]) == ("2026-06-01", "2026-06-07")
    assert answer["timezone"] == "Pacific/Auckland"
    assert [item["id"] for item in answer["items"]] == inside
    assert [doctor["id"] for doctor in answer["doctors"]] == [desk["doctor"].id]
    assert client.get(f"/api/clinic/calendar?from={start}&to=2026-06-08").status_code == 422
    assert client.get(f"/api/clinic/calendar?from={start}&to=2026-05-31").status_code == 422
    assert client.get("/api/clinic/calendar?pageSize=501").status_code == 422
    default = client.get("/api/clinic/calendar").get_json()
    days = date.fromisoformat(default["to"]) - date.fromisoformat(default["from"])
    assert days == timedelta(days=6)


def test_check_in(app, desk, logged_in, make_user, make_clinic, make_staff):
    client = desk["client"]
    today = visit(app, desk, soon_today(AUCKLAND))
    path = f"/api/appointments/{today}/check-in"

    first = client.post(path)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["queueState"] == "arrived" and first.get_json()["checkedInAt"]
    again = client.post(path)
    assert again.status_code == 200 and again.get_json() == first.get_json()
    with app.app_context():
        appointment = db.session.get(Appointment, today)
        assert appointment.checked_in_by_id == desk["staff"].id
        events = db.session.query(AppointmentEvent).filter_by(appointment_id=today).all()
        assert [event.action for event in events] == ["checked_in"]

    cancelled = visit(app, desk, soon_today(AUCKLAND) + timedelta(minutes=40), status="cancelled")
    refused = client.post(f"/api/appointments/{cancelled}/check-in")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "invalid_transition"
    tomorrow = visit(app, desk, soon_today(AUCKLAND) + timedelta(days=1))
    assert client.post(f"/api/appointments/{tomorrow}/check-in").status_code == 409
    assert client.post("/api/appointments/999999/check-in").status_code == 404

    other_clinic = make_clinic(doctors=[desk["doctor"]])
    stranger = logged_in(make_staff(other_clinic, Role.CLINIC_ADMIN))
    elsewhere = visit(app, desk, soon_today(AUCKLAND) + timedelta(minutes=80), clinic=other_clinic)
    assert client.post(f"/api/appointments/{elsewhere}/check-in").status_code == 404
    assert stranger.post(path).status_code == 404
    assert logged_in(desk["patient"]).post(path).status_code == 403
    assert logged_in(desk["doctor"]).post(path).status_code == 403
    assert logged_in(make_user(Role.ADMIN)).post(path).status_code == 403


def test_call_in(app, desk, logged_in, make_doctor):
    client = desk["client"]
    start = soon_today(AUCKLAND)
    by_staff = visit(app, desk, start)
    by_doctor = visit(app, desk, start + timedelta(minutes=30))

    early = client.post(f"/api/appointments/{by_staff}/call-in")
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "invalid_transition"
    assert client.post(f"/api/appointments/{by_staff}/check-in").status_code == 200
    called = client.post(f"/api/appointments/{by_staff}/call-in")
    assert called.status_code == 200 and called.get_json()["queueState"] == "in_consultation"
    assert client.post(f"/api/appointments/{by_staff}/call-in").get_json() == called.get_json()

    assert client.post(f"/api/appointments/{by_doctor}/check-in").status_code == 200
    other_doctor = logged_in(make_doctor())
    assert other_doctor.post(f"/api/appointments/{by_doctor}/call-in").status_code == 404
    patient = logged_in(desk["patient"])
    assert patient.post(f"/api/appointments/{by_doctor}/call-in").status_code == 403
    doctor = logged_in(desk["doctor"])
    answer = doctor.post(f"/api/appointments/{by_doctor}/call-in")
    assert answer.status_code == 200 and answer.get_json()["calledInAt"]

    queue = client.get("/api/clinic/queue").get_json()
    states = {item["id"]: item["queueState"] for item in queue["items"]}
    assert states[by_staff] == states[by_doctor] == "in_consultation"


def _daytime_zone() -> str:
    """A zone where it is now between 07:00 and 19:00, so that today has slots left."""
    for name in ("UTC", "America/Los_Angeles", "Asia/Tokyo", "America/New_York", "Asia/Kolkata"):
        if 7 <= now_utc().astimezone(ZoneInfo(name)).hour < 19:
            return name
    raise AssertionError("some zone has daytime")


def test_only_an_in_person_visit_is_checked_in_and_a_move_clears_it(
    app, scheduled_doctor, make_clinic, make_staff, logged_in
):
    zone = _daytime_zone()
    doctor = scheduled_doctor(
        requires_approval=False, offers_in_person=True, timezone=zone, late_change_hours=0
    )
    clinic = make_clinic(doctors=[doctor], timezone=zone)
    client = logged_in(make_staff(clinic))
    today = client.get("/api/clinic/queue").get_json()["date"]
    slots = client.get(f"/api/doctors/{doctor.id}/slots?from={today}&to={today}").get_json()
    assert len(slots) >= 3

    def book(slot, kind, phone):
        body = {
            "doctorId": doctor.id,
            "startTime": slot["startTime"],
            "consultationType": kind,
            "newPatient": {"fullName": "Walk In", "phone": phone},
        }
        made = client.post("/api/clinic/appointments", body)
        assert made.status_code == 201, made.get_json()
        return made.get_json()["id"]

    online = book(slots[0], "video", "+6421000101")
    refused = client.post(f"/api/appointments/{online}/check-in")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "invalid_transition"

    at_desk = book(slots[1], "in_person", "+6421000102")
    assert client.post(f"/api/appointments/{at_desk}/check-in").get_json()["queueState"] == (
        "arrived"
    )
    moved = client.put(f"/api/clinic/appointments/{at_desk}", {"startTime": slots[2]["startTime"]})
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["queueState"] == "expected"
    assert moved.get_json()["checkedInAt"] is None
