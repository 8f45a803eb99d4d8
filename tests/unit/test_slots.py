"""The slot engine: explicit daylight-saving cases and properties over random schedules."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from clinic360.blueprints.schedule.slots import (
    DateException,
    Rule,
    ScheduleSpec,
    compute_slots,
    local_to_utc,
)

NY = "America/New_York"
BERLIN = "Europe/Berlin"
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def every_day(start: str, end: str) -> tuple[Rule, ...]:
    return tuple(Rule(d, time.fromisoformat(start), time.fromisoformat(end)) for d in range(7))


def spec(zone: str, rules, **kwargs) -> ScheduleSpec:
    kwargs.setdefault("horizon_days", 5000)
    return ScheduleSpec(timezone=zone, rules=rules, **kwargs)


def local_starts(slots, zone: str) -> list[str]:
    return [slot.start.astimezone(ZoneInfo(zone)).strftime("%H:%M") for slot in slots]


def slots_on(day: date, schedule: ScheduleSpec, *, busy=(), exceptions=(), now=LONG_AGO):
    return compute_slots(schedule, list(exceptions), list(busy), day, day, now)


# --- Daylight saving --------------------------------------------------------------------


def test_a_nine_oclock_rule_starts_at_nine_local_on_both_sides_of_dst():
    schedule = spec(NY, every_day("09:00", "10:00"), slot_minutes=60)
    before = slots_on(date(2026, 3, 7), schedule)
    after = slots_on(date(2026, 3, 9), schedule)
    assert local_starts(before, NY) == ["09:00"] == local_starts(after, NY)
    assert before[0].start.hour == 14 and after[0].start.hour == 13  # UTC shifts by an hour


def test_us_spring_forward_has_no_slot_in_the_gap():
    schedule = spec(NY, every_day("00:00", "05:00"))
    slots = slots_on(date(2026, 3, 8), schedule)
    starts = local_starts(slots, NY)
    assert "02:00" not in starts and "02:30" not in starts
    assert starts == ["00:00", "00:30", "01:00", "01:30", "03:00", "03:30", "04:00", "04:30"]
    assert all(s.end - s.start == timedelta(minutes=30) for s in slots)


def test_us_fall_back_has_no_duplicate_in_the_repeated_hour():
    schedule = spec(NY, every_day("00:00", "03:00"))
    slots = slots_on(date(2026, 11, 1), schedule)
    starts = local_starts(slots, NY)
    assert starts == ["00:00", "00:30", "01:00", "01:30", "02:00", "02:30"]
    assert len({s.start for s in slots}) == len(slots)
    for earlier, later in itertools.pairwise(slots):
        assert earlier.end <= later.start


def test_eu_spring_forward_and_fall_back():
    schedule = spec(BERLIN, every_day("01:00", "04:00"), slot_minutes=60)
    spring = local_starts(slots_on(date(2026, 3, 29), schedule), BERLIN)
    assert spring == ["01:00", "03:00"]
    autumn = slots_on(date(2026, 10, 25), schedule)
    assert local_starts(autumn, BERLIN) == ["01:00", "02:00", "03:00"]
    assert len({s.start for s in autumn}) == 3


def test_a_range_ending_inside_the_gap_ends_at_the_gap():
    schedule = spec(NY, every_day("00:00", "02:30"), slot_minutes=30)
    starts = local_starts(slots_on(date(2026, 3, 8), schedule), NY)
    assert starts == ["00:00", "00:30", "01:00", "01:30"]


def test_a_range_starting_inside_the_gap_starts_after_it():
    schedule = spec(NY, every_day("02:00", "04:00"), slot_minutes=30)
    starts = local_starts(slots_on(date(2026, 3, 8), schedule), NY)
    assert starts == ["03:00", "03:30"]


def test_local_to_utc_refuses_times_that_do_not_exist():
    zone = ZoneInfo(NY)
    assert local_to_utc(date(2026, 3, 8), time(2, 30), zone) is None
    repeated = local_to_utc(date(2026, 11, 1), time(1, 30), zone)
    assert repeated == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # first occurrence, EDT


# --- Ranges, notice, horizon, buffers, exceptions ---------------------------------------


def test_ranges_can_cross_midnight():
    rules = (Rule(0, time(22, 0), time(2, 0)),)  # Monday night
    schedule = spec("UTC", rules, slot_minutes=60)
    monday, tuesday = date(2026, 5, 4), date(2026, 5, 5)
    both = compute_slots(schedule, [], [], monday, tuesday, LONG_AGO)
    assert [s.start.strftime("%a %H:%M") for s in both] == [
        "Mon 22:00",
        "Mon 23:00",
        "Tue 00:00",
        "Tue 01:00",
    ]
    assert local_starts(slots_on(tuesday, schedule), "UTC") == ["00:00", "01:00"]


def test_several_ranges_a_day_leave_the_break_free():
    rules = (Rule(2, time(9), time(12)), Rule(2, time(13), time(15)))
    starts = local_starts(slots_on(date(2026, 5, 6), spec("UTC", rules, slot_minutes=60)), "UTC")
    assert starts == ["09:00", "10:00", "11:00", "13:00", "14:00"]


def test_minimum_notice_and_horizon():
    schedule = spec(
        "UTC", every_day("08:00", "18:00"), slot_minutes=60, min_notice_minutes=120, horizon_days=2
    )
    now = datetime(2026, 5, 4, 9, 15, tzinfo=UTC)
    slots = compute_slots(schedule, [], [], date(2026, 5, 4), date(2026, 5, 10), now)
    assert slots[0].start == datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
    assert max(s.start for s in slots) <= now + timedelta(days=2)
    assert all(s.start >= now + timedelta(minutes=120) for s in slots)


def test_busy_times_and_buffers_remove_neighbouring_slots():
    schedule = spec("UTC", every_day("09:00", "13:00"), slot_minutes=30, buffer_minutes=15)
    day = date(2026, 5, 4)
    busy = [(datetime(2026, 5, 4, 10, 30, tzinfo=UTC), datetime(2026, 5, 4, 11, 0, tzinfo=UTC))]
    starts = local_starts(slots_on(day, schedule, busy=busy), "UTC")
    assert starts == ["09:00", "09:30", "11:30", "12:00", "12:30"]


def test_exceptions_give_a_day_off_other_hours_or_a_blocked_range():
    schedule = spec("UTC", every_day("09:00", "12:00"), slot_minutes=60)
    day = date(2026, 5, 4)
    off = slots_on(day, schedule, exceptions=[DateException(day, False)])
    assert off == []
    other = slots_on(day, schedule, exceptions=[DateException(day, True, time(14), time(16))])
    assert local_starts(other, "UTC") == ["14:00", "15:00"]
    blocked = slots_on(day, schedule, exceptions=[DateException(day, False, time(10), time(11))])
    assert local_starts(blocked, "UTC") == ["09:00", "11:00"]
    assert local_starts(slots_on(day + timedelta(days=1), schedule), "UTC") == [
        "09:00",
        "10:00",
        "11:00",
    ]


def test_a_patient_whose_date_differs_sees_the_doctors_day():
    # Doctor in Auckland works 08:00-10:00 on Tuesday 5 May; in Los Angeles it is still Monday.
    schedule = spec("Pacific/Auckland", (Rule(1, time(8), time(10)),), slot_minutes=60)
    slots = slots_on(date(2026, 5, 5), schedule)
    la = ZoneInfo("America/Los_Angeles")
    assert [s.start.astimezone(la).strftime("%a %d %H:%M") for s in slots] == [
        "Mon 04 13:00",
        "Mon 04 14:00",
    ]
    assert [s.start.isoformat() for s in slots] == [
        "2026-05-04T20:00:00+00:00",
        "2026-05-04T21:00:00+00:00",
    ]


# --- Properties -------------------------------------------------------------------------

ZONES = st.sampled_from(
    [
        "UTC",
        NY,
        BERLIN,
        "America/Los_Angeles",
        "Europe/London",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "Pacific/Auckland",
        "America/Sao_Paulo",
        "Asia/Kathmandu",
    ]
)
TIMES = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
RULES = st.lists(
    st.builds(Rule, st.integers(0, 6), TIMES, TIMES).filter(lambda r: r.start != r.end), max_size=6
)


@settings(max_examples=150, deadline=None)
@given(
    zone=ZONES,
    rules=RULES,
    slot_minutes=st.sampled_from([15, 20, 30, 45, 60, 90]),
    buffer=st.sampled_from([0, 5, 10, 30]),
    notice=st.integers(0, 3000),
    start_offset=st.integers(0, 400),
    span=st.integers(0, 9),
    busy_hours=st.lists(st.integers(0, 24 * 12), max_size=5),
    now_offset_minutes=st.integers(-3000, 3000),
)
# Two ranges that touch (00:00-00:15 and 00:15-24:00) are one stretch of hours: a 20-minute
# slot may start at 00:00 across the seam.
@example(
    zone="UTC",
    rules=[
        Rule(day_of_week=0, start=time(0, 0), end=time(0, 15)),
        Rule(day_of_week=0, start=time(0, 15), end=time(0, 0)),
    ],
    slot_minutes=20,
    buffer=0,
    notice=0,
    start_offset=0,
    span=4,
    busy_hours=[],
    now_offset_minutes=0,
)
def test_slot_properties(
    zone, rules, slot_minutes, buffer, notice, start_offset, span, busy_hours, now_offset_minutes
):
    tz = ZoneInfo(zone)
    first = date(2026, 1, 1) + timedelta(days=start_offset)
    last = first + timedelta(days=span)
    now = datetime.combine(first, time(12), tz).astimezone(UTC) + timedelta(
        minutes=now_offset_minutes
    )
    busy = [
        (
            b := datetime.combine(first, time(0), tz).astimezone(UTC) + timedelta(hours=h),
            b + timedelta(minutes=50),
        )
        for h in busy_hours
    ]
    schedule = ScheduleSpec(zone, slot_minutes, buffer, notice, 7, tuple(rules))
    slots = compute_slots(schedule, [], busy, first, last, now)

    step = timedelta(minutes=slot_minutes)
    assert slots == sorted(slots)
    assert len({s.start for s in slots}) == len(slots)
    for slot in slots:
        assert slot.start.tzinfo is not None and slot.end - slot.start == step
        local = slot.start.astimezone(tz)
        assert first <= local.date() <= last
        # The start is a real local time that maps back to itself.
        assert local_to_utc(local.date(), local.time().replace(tzinfo=None), tz) in (
            slot.start,
            local_to_utc(local.date(), local.time(), tz),
        )
        assert slot.start >= now + timedelta(minutes=notice)
        assert slot.start <= now + timedelta(days=7)
        for b_start, b_end in busy:
            assert slot.end <= b_start - timedelta(
                minutes=buffer
            ) or slot.start >= b_end + timedelta(minutes=buffer)
        # The slot lies inside the wall-clock hours of its own local day (or the day before,
        # for a range past midnight): the union of the rules, ranges that touch joined.
        assert _inside(slot, rules, tz)
    for earlier, later in itertools.pairwise(slots):
        assert earlier.end <= later.start  # slots of one doctor never overlap


def _inside(slot, rules: list[Rule], tz: ZoneInfo) -> bool:
    local_start = slot.start.astimezone(tz).replace(tzinfo=None)
    local_end = slot.end.astimezone(tz).replace(tzinfo=None)
    ranges = []
    for back in (0, 1):
        day = local_start.date() - timedelta(days=back)
        for rule in rules:
            if day.weekday() == rule.day_of_week:
                end_day = day if rule.end > rule.start else day + timedelta(days=1)
                ranges.append(
                    (datetime.combine(day, rule.start), datetime.combine(end_day, rule.end))
                )
    joined: list[list[datetime]] = []
    for begin, end in sorted(ranges):
        if joined and begin <= joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([begin, end])
    for begin, end in joined:
        fits = local_end <= end or slot.end - slot.start <= end - begin  # DST-shortened ends
        if begin <= local_start < end and fits:
            return True
    return False
