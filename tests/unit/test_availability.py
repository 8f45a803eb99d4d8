"""The stored next free times against the slot engine, called directly."""

from __future__ import annotations

from datetime import timedelta

from clinic360.blueprints.schedule import service
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models.search import DoctorAvailability


def _reference(doctor_id, now):
    schedule = service.get_schedule(doctor_id)
    if schedule is None:
        return []
    first = service.today_for(schedule, now)
    found = []
    while len(found) < 3:
        last = first + timedelta(days=service.MAX_WINDOW_DAYS - 1)
        found += service.available_slots(schedule, first, last, now)
        horizon_end = service.today_for(schedule, now + timedelta(days=schedule.horizon_days))
        if last >= horizon_end:
            break
        first = last + timedelta(days=1)
    return found[:3]


def test_fresh_matches_slots(app, scheduled_doctor, make_doctor):
    doctors = [scheduled_doctor(), scheduled_doctor(timezone="Asia/Kolkata"), make_doctor()]
    now = now_utc()
    with app.app_context():
        times = service.fresh_availability([d.id for d in doctors], now)
        for doctor in doctors:
            expected = _reference(doctor.id, now)
            assert times[doctor.id].slots == expected
            assert times[doctor.id].next_start == (expected[0].start if expected else None)
        rows = {row.doctor_id: row for row in db.session.query(DoctorAvailability)}
        assert set(rows) == {d.id for d in doctors}
        again = service.fresh_availability([d.id for d in doctors], now)
        assert again == times


def test_booking_marks_stale(app, scheduled_doctor, booked):
    doctor = scheduled_doctor()
    now = now_utc()
    with app.app_context():
        before = service.fresh_availability([doctor.id], now)[doctor.id]
        db.session.commit()
    booked(doctor, days_ahead=0)
    with app.app_context():
        row = db.session.get(DoctorAvailability, doctor.id)
        assert row.stale_at < now
        after = service.fresh_availability([doctor.id], now_utc())[doctor.id]
        assert after.slots == _reference(doctor.id, now_utc())
        assert after.next_start != before.next_start
