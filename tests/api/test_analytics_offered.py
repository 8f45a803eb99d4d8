"""Offered minutes (a pure function of a schedule) and the local dates of the SQLite fallback:
explicit daylight-saving cases and properties over random schedules. No database server."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic360.blueprints.analytics.calendar import LocalDates, Period, offset_stretches
from clinic360.blueprints.analytics.offered import DayException, WeeklyHours, offered_minutes
from clinic360.blueprints.schedule.slots import DateException, Rule, ScheduleSpec, compute_slots
from clinic360.database import UTCDateTime

NY = "America/New_York"
ZONES = ["UTC", NY, "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata"]


def hours(day: int, start: str, end: str) -> WeeklyHours:
    return WeeklyHours(day, time.fromisoformat(start), time.fromisoformat(end))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def local(day: str, zone: str = NY) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def test_the_clock_changes_take_and_give_an_hour() -> None:
    night = [hours(6, "00:00", "05:00")]  # Sundays
    spring = offered_minutes(NY, night, [], local("2026-03-08"), local("2026-03-09"))
    autumn = offered_minutes(NY, night, [], local("2026-11-01"), local("2026-11-02"))
    assert (spring, autumn) == (4 * 60, 6 * 60)


def test_a_range_past_midnight_counts_on_the_next_day() -> None:
    late = [hours(0, "22:00", "02:00")]  # Monday 22:00 to Tuesday 02:00
    tuesday = offered_minutes("UTC", late, [], utc("2026-11-03T00:00"), utc("2026-11-04T00:00"))
    assert tuesday == 120


def test_exceptions_take_out_replace_or_cancel_a_day() -> None:
    week = [hours(d, "09:00", "17:00") for d in range(5)]
    monday = (utc("2026-11-02T00:00"), utc("2026-11-03T00:00"))
    lunch = DayException(date(2026, 11, 2), False, time(12), time(13))
    other = DayException(date(2026, 11, 2), True, time(8), time(9))
    off = DayException(date(2026, 11, 2), False)
    assert offered_minutes("UTC", week, [], *monday) == 480
    assert offered_minutes("UTC", week, [lunch], *monday) == 420
    assert offered_minutes("UTC", week, [other], *monday) == 60
    assert offered_minutes("UTC", week, [other, off], *monday) == 0
    # The week: Monday off, the rest as usual.
    assert offered_minutes(
        "UTC", week, [off], utc("2026-11-02T00:00"), utc("2026-11-09T00:00")
    ) == (4 * 480)


def test_the_window_cuts_what_is_offered() -> None:
    week = [hours(d, "09:00", "17:00") for d in range(7)]
    assert offered_minutes("UTC", week, [], utc("2026-11-02T16:30"), utc("2026-11-03T09:15")) == 45


clock = st.integers(min_value=0, max_value=95).map(lambda q: time(q // 4, q % 4 * 15))
rules = st.lists(
    st.builds(WeeklyHours, st.integers(0, 6), clock, clock).filter(lambda r: r.start != r.end),
    max_size=8,
)
first_day = st.dates(date(2025, 1, 1), date(2027, 12, 1))
exceptions = st.lists(
    st.builds(
        lambda offset, available, a, b: DayException(
            date(2026, 1, 1) + timedelta(days=offset),
            available,
            *((min(a, b), max(a, b)) if a != b else (None, None)),
        ),
        st.integers(0, 30),
        st.booleans(),
        clock,
        clock,
    ).filter(lambda e: not e.is_available or e.start is not None),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ZONES), rules, exceptions, first_day, st.integers(0, 40), st.integers(0, 40))
def test_offered_time_adds_up_over_adjoining_windows(zone, weekly, days_off, day, a, b) -> None:
    """offered(lo, hi) = offered(lo, mid) + offered(mid, hi), never negative, never more than
    the window; an exception that takes time out never adds any."""
    lo = datetime.combine(day, time(), tzinfo=UTC)
    mid, hi = lo + timedelta(hours=a * 7), lo + timedelta(hours=(a + b) * 7)
    whole = offered_minutes(zone, weekly, days_off, lo, hi)
    assert whole == (
        offered_minutes(zone, weekly, days_off, lo, mid)
        + offered_minutes(zone, weekly, days_off, mid, hi)
    )
    assert 0 <= whole <= (hi - lo).total_seconds() // 60
    day_off = DayException(mid.date(), False)
    assert offered_minutes(zone, weekly, [*days_off, day_off], lo, hi) <= whole


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ZONES), rules, exceptions, st.dates(date(2026, 1, 1), date(2026, 1, 25)))
def test_the_slot_engine_books_no_more_than_is_offered(zone, weekly, days_off, day) -> None:
    """Hour slots of the same schedule fit in the offered time; in UTC they fill it whenever
    every range and exception is whole hours."""
    spec = ScheduleSpec(
        timezone=zone,
        slot_minutes=60,
        horizon_days=10_000,
        rules=tuple(Rule(r.day_of_week, r.start, r.end) for r in weekly),
    )
    same = [DateException(e.day, e.is_available, e.start, e.end) for e in days_off]
    last = day + timedelta(days=6)
    slots = compute_slots(spec, same, [], day, last, datetime(2000, 1, 1, tzinfo=UTC))
    zone_info = ZoneInfo(zone)
    lo = datetime.combine(day, time(), tzinfo=zone_info).astimezone(UTC)
    hi = datetime.combine(last + timedelta(days=1), time(), tzinfo=zone_info).astimezone(UTC)
    offered = offered_minutes(zone, weekly, days_off, lo, hi)
    # A slot is the engine's when it starts on one of the dates: it may end up to an hour later.
    assert len(slots) * 60 <= offered_minutes(zone, weekly, days_off, lo, hi + timedelta(hours=1))
    whole_hours = all(t.minute == 0 for r in weekly for t in (r.start, r.end)) and all(
        t is None or t.minute == 0 for e in days_off for t in (e.start, e.end)
    )
    if zone == "UTC" and whole_hours:
        assert len(slots) * 60 == offered


def test_new_york_offsets_over_2026() -> None:
    zone = ZoneInfo(NY)
    stretches = offset_stretches(zone, utc("2026-01-01T05:00"), utc("2027-01-01T05:00"))
    assert stretches == [
        (utc("2026-03-08T07:00"), -300),
        (utc("2026-11-01T06:00"), -240),
        (utc("2027-01-01T05:00"), -300),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.dates(date(2026, 1, 1), date(2026, 12, 1)),
    st.integers(1, 366),
    st.floats(0, 1),
)
def test_sqlite_local_dates_match_the_zone(zone, start, length, where) -> None:
    """The SQLite expressions give every instant of the range its local date, week and month."""
    period = Period(start, start + timedelta(days=length - 1), zone)
    instant = period.lo + (period.hi - period.lo) * where
    instant = min(instant.replace(microsecond=0), period.hi - timedelta(seconds=1))
    dates = LocalDates("sqlite", period)
    column = sa.bindparam("t", instant, type_=UTCDateTime())
    engine = sa.create_engine("sqlite://")
    with engine.connect() as conn:
        day, week, month = conn.execute(
            sa.select(dates.day(column), dates.week(column), dates.month(column))
        ).one()
    engine.dispose()
    expected = instant.astimezone(ZoneInfo(zone)).date()
    assert day == expected.isoformat()
    assert week == (expected - timedelta(days=expected.weekday())).isoformat()
    assert month == expected.replace(day=1).isoformat()
