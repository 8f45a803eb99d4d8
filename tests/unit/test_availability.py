"""The stored next free times, called directly: against the slot engine, their stale times,
the marks of changes, the periodic refresh and the number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import event, select

from clinic360.blueprints.schedule import availability, service, staleness
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.jobs.expiry import refresh_availability
from clinic360.models import DoctorSchedule, ScheduleException
from clinic360.models.search import DoctorAvailability
from tests.api.test_booking_limits import _sqlite_people
from tests.conftest import ApiClient


def _reference(doctor_id, now):
    """The first three slots the slots endpoint's service offers from today to the horizon."""
    schedule = service.get_schedule(doctor_id)
    if schedule is None:
        return []
    first = service.today_for(schedule, now)
    horizon_end = service.today_for(schedule, now + timedelta(days=schedule.horizon_days))
    found = []
    while len(found) < 3 and first <= horizon_end:
        last = min(first + timedelta(days=service.MAX_WINDOW_DAYS - 1), horizon_end)
        found += service.available_slots(schedule, first, last, now)
        first = last + timedelta(days=1)
    return found[:3]


def _row(doctor_id):
    return db.session.execute(
        select(DoctorAvailability.__table__).where(DoctorAvailability.doctor_id == doctor_id)
    ).one_or_none()


def _set(doctor_id, **values):
    schedule = db.session.get(DoctorSchedule, doctor_id)
    for name, value in values.items():
        setattr(schedule, name, value)
    db.session.flush()


def test_fresh_matches_the_slots(app, scheduled_doctor, make_doctor):
    doctors = [
        scheduled_doctor(),
        scheduled_doctor(timezone="Asia/Kolkata"),
        scheduled_doctor(timezone="America/St_Johns", slot_minutes=45),
        make_doctor(),
    ]
    now = now_utc()
    with app.app_context():
        times = service.fresh_availability([d.id for d in doctors], now)
        for doctor in doctors:
            expected = _reference(doctor.id, now)
            assert times[doctor.id].slots == expected
            assert times[doctor.id].next_start == (expected[0].start if expected else None)
        assert times[doctors[-1].id] == service.NextTimes(None, [])
        assert all(_row(d.id) is not None for d in doctors)
        assert service.fresh_availability([d.id for d in doctors], now) == times


def test_far_and_few_slots_and_when_they_go_stale(app, scheduled_doctor):
    """Slots found only weeks ahead (past the first round), or fewer than three in the whole
    horizon: then the row is stale when the moving horizon reaches the next slot."""
    far, few = scheduled_doctor(), scheduled_doctor(start="11:30", end="23:30")
    now = datetime.combine(now_utc().date() + timedelta(days=1), time(12, 10), UTC)
    with app.app_context():
        _set(far.id, min_notice_minutes=43199, horizon_days=90)
        # Only the last day of a 20-day horizon is worked.
        _set(few.id, horizon_days=20)
        last = (now + timedelta(days=20)).date()
        day = now.date() - timedelta(days=1)
        while day < last:
            db.session.add(ScheduleException(doctor_id=few.id, date=day, is_available=False))
            day += timedelta(days=1)
        db.session.flush()
        times = service.fresh_availability([far.id, few.id], now)
        for doctor in (far, few):
            assert times[doctor.id].slots == _reference(doctor.id, now)
        assert times[far.id].next_start > now + timedelta(days=29)
        assert _row(far.id).stale_at == times[far.id].next_start - timedelta(minutes=43199)

        # 11:30 and 12:00 on the last day are inside the horizon; 12:30 comes in at 12:30.
        assert [slot.start.time() for slot in times[few.id].slots] == [time(11, 30), time(12)]
        assert _row(few.id).stale_at == now.replace(minute=30, hour=12)
        later = now.replace(minute=30, hour=12)
        moved_on = service.fresh_availability([few.id], later)[few.id]
        assert moved_on.slots == _reference(few.id, later)
        assert len(moved_on.slots) == 3


def test_a_refresh_keeps_a_mark_written_after_it_read(app, scheduled_doctor):
    """A refresh that read a stale row, then a change marked it again: the refresh's times
    (worked out without the change) are not stored."""
    doctor = scheduled_doctor()
    now = now_utc()
    with app.app_context():
        service.mark_stale([doctor.id])
        read = _row(doctor.id)
        worked_out = availability.compute_next_times([doctor.id], now)
        service.mark_stale([doctor.id])  # a booking committed meanwhile
        availability._store(worked_out, {doctor.id: (read.stale_at, read.computed_at)}, now)
        assert _row(doctor.id).stale_at <= now
        # Unchanged since it was read: stored.
        read = _row(doctor.id)
        availability._store(worked_out, {doctor.id: (read.stale_at, read.computed_at)}, now)
        assert _row(doctor.id).stale_at > now


def test_marks_are_distinct_and_stale(app, scheduled_doctor):
    doctor = scheduled_doctor()
    with app.app_context():
        service.mark_stale([doctor.id])
        first = _row(doctor.id).stale_at
        service.mark_stale([doctor.id])
        second = _row(doctor.id).stale_at
        assert first < second < now_utc() - timedelta(days=365 * 50)
        service.mark_stale([10**9])  # no such user: nothing written, no error
        assert _row(10**9) is None


def test_the_periodic_refresh(app, scheduled_doctor, make_doctor):
    listed = [scheduled_doctor() for _ in range(3)]
    unlisted = scheduled_doctor(verified=False)
    now = now_utc()
    with app.app_context():
        service.fresh_availability([listed[0].id], now)
        service.mark_stale([listed[0].id, unlisted.id])
        db.session.commit()
        assert refresh_availability(now) == 3
        for doctor in listed:
            assert _row(doctor.id).stale_at > now
            assert service.fresh_availability([doctor.id], now)[doctor.id].slots == (
                _reference(doctor.id, now)
            )
        assert _row(unlisted.id).stale_at < now  # not listed: left for whoever asks
        assert refresh_availability(now) == 0


def test_doctors_without_a_row_share_the_batch_with_stale_rows(app, scheduled_doctor, make_doctor):
    stale = [scheduled_doctor() for _ in range(4)]
    without_row = make_doctor()
    now = now_utc()
    with app.app_context():
        service.mark_stale([d.id for d in stale])
        db.session.execute(
            DoctorAvailability.__table__.delete().where(
                DoctorAvailability.doctor_id == without_row.id
            )
        )
        assert _row(without_row.id) is None
        due = staleness.due_doctors(now, limit=2)
        assert due == [stale[0].id, without_row.id]
        assert len(staleness.due_doctors(now, limit=5)) == 5


def test_stale_pages_of_2_and_20_take_the_same_queries(app, scheduled_doctor, count_queries):
    doctors = [scheduled_doctor() for _ in range(20)]
    now = now_utc()
    with app.app_context():
        with count_queries() as two:
            service.fresh_availability([d.id for d in doctors[:2]], now)
        service.mark_stale([d.id for d in doctors])
        with count_queries() as twenty:
            times = service.fresh_availability([d.id for d in doctors], now)
        assert len(times) == 20
        assert two.count == twenty.count <= 6, twenty.statements
        with count_queries() as fresh:
            service.fresh_availability([d.id for d in doctors], now)
        assert fresh.count == 1


def test_a_busy_doctor_is_worked_out_from_two_days_of_bookings(app, scheduled_doctor):
    """Three free slots within two days: the refresh reads no further (not two weeks)."""
    doctor = scheduled_doctor()
    now = now_utc()
    read_through: list[date] = []

    def spy(_conn, _cursor, statement, parameters, _context, _many):
        if "FROM schedule_exceptions" in statement:
            values = parameters.values() if isinstance(parameters, dict) else parameters
            read_through.extend(v for v in values if isinstance(v, date))

    with app.app_context():
        engine = db.engines[None].engine
        event.listen(engine, "before_cursor_execute", spy)
        try:
            times = service.fresh_availability([doctor.id], now)
        finally:
            event.remove(engine, "before_cursor_execute", spy)
        assert times[doctor.id].slots == _reference(doctor.id, now)
    assert read_through and max(read_through) <= now.date() + timedelta(days=2)


def test_every_round_is_still_bounded(app, scheduled_doctor, count_queries):
    """Doctors that need the whole horizon: at most ten statements, whatever their number."""
    doctors = [scheduled_doctor() for _ in range(12)]
    now = now_utc()
    with app.app_context():
        for doctor in doctors:
            _set(doctor.id, min_notice_minutes=43200, horizon_days=30 + doctor.id % 3)
        with count_queries() as counter:
            times = service.fresh_availability([d.id for d in doctors], now)
        assert counter.count <= 10, counter.statements
        for doctor in doctors:
            assert times[doctor.id].slots == _reference(doctor.id, now)


def test_on_sqlite(tmp_path):
    """The same statements on SQLite: refresh, the flush hook's mark, the stale row refreshed."""
    app, (doctor,), patient = _sqlite_people(f"sqlite:///{tmp_path / 'next.db'}", 1)
    client = ApiClient(app.test_client())
    now = now_utc()
    with app.app_context():
        first = service.fresh_availability([doctor["id"]], now)[doctor["id"]]
        db.session.commit()
        assert first.slots == _reference(doctor["id"], now)
    response = client.login(patient["email"])
    assert response.status_code == 200, response.get_json()
    booked = client.post(
        "/api/appointments",
        {
            "doctorId": doctor["id"],
            "startTime": first.next_start.isoformat(),
            "consultationType": "video",
        },
    )
    assert booked.status_code == 201, booked.get_json()
    with app.app_context():
        assert _row(doctor["id"]).stale_at < now
        later = now_utc()
        after = service.fresh_availability([doctor["id"]], later)[doctor["id"]]
        db.session.commit()
        assert after.slots == _reference(doctor["id"], later)
        assert after.next_start == first.slots[1].start
        assert _row(doctor["id"]).stale_at > later
