"""The slot engine: a pure function from a doctor's weekly rules, date exceptions, busy times,
a window and `now` to the bookable slots. No database, no clock.

Rules are wall-clock times in the doctor's zone: a 09:00 rule starts at 09:00 local time on
both sides of a daylight-saving change. A local time that does not exist (the spring-forward
gap) gets no slot; a repeated local time (the fall-back hour) gets one slot, at its first
occurrence. A range whose end is not after its start runs past midnight into the next day.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Rule:
    day_of_week: int  # 0 = Monday ... 6 = Sunday
    start: time
    end: time


@dataclass(frozen=True)
class DateException:
    day: date
    is_available: bool
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class ScheduleSpec:
    timezone: str
    slot_minutes: int = 30
    buffer_minutes: int = 0
    min_notice_minutes: int = 0
    horizon_days: int = 30
    rules: Sequence[Rule] = field(default_factory=tuple)


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a local wall-clock time, or None when that time does not exist.

    For a repeated (fall-back) time, the first occurrence is taken.
    """
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        return None
    return instant


def first_instant_at_or_after(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The first instant whose local wall time is `at` or later: the time itself when it
    exists, the end of the spring-forward gap when it does not."""
    exact = local_to_utc(day, at, zone)
    if exact is not None:
        return exact
    naive = datetime.combine(day, at)
    before = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)  # wall time before `at`
    after = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)  # wall time after `at`
    while after - before > timedelta(minutes=1):  # transitions fall on whole minutes
        middle = before + (after - before) // 2
        middle -= timedelta(seconds=middle.second, microseconds=middle.microsecond)
        if middle <= before:
            break
        if middle.astimezone(zone).replace(tzinfo=None) >= naive:
            after = middle
        else:
            before = middle
    return after


def _ranges_for(
    day: date, rules: Sequence[Rule], exceptions: Sequence[DateException]
) -> tuple[list[tuple[time, time]], list[tuple[time, time]]]:
    """Working ranges of a local date, and ranges blocked on it."""
    todays = [exception for exception in exceptions if exception.day == day]
    blocked = [(e.start, e.end) for e in todays if not e.is_available and e.start and e.end]
    if any(not e.is_available and not (e.start and e.end) for e in todays):
        return [], []
    replacing = [(e.start, e.end) for e in todays if e.is_available and e.start and e.end]
    if replacing:
        return replacing, blocked
    weekly = [(rule.start, rule.end) for rule in rules if rule.day_of_week == day.weekday()]
    return weekly, blocked


def _wall(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """A range of a day as local wall-clock datetimes (past midnight when end <= start)."""
    return (
        datetime.combine(day, start),
        datetime.combine(day if end > start else day + timedelta(days=1), end),
    )


def _merged(ranges: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Sorted ranges with overlapping and touching ones joined."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _instants(wall: tuple[datetime, datetime], zone: ZoneInfo) -> tuple[datetime, datetime]:
    start, end = wall
    return (
        first_instant_at_or_after(start.date(), start.time(), zone),
        first_instant_at_or_after(end.date(), end.time(), zone),
    )


def compute_slots(
    schedule: ScheduleSpec,
    exceptions: Sequence[DateException],
    busy: Iterable[tuple[datetime, datetime]],
    first_day: date,
    last_day: date,
    now: datetime,
) -> list[Slot]:
    """Bookable slots starting on local dates first_day..last_day (in the doctor's zone)."""
    zone = ZoneInfo(schedule.timezone)
    step = timedelta(minutes=schedule.slot_minutes)
    buffer = timedelta(minutes=schedule.buffer_minutes)
    earliest = now + timedelta(minutes=schedule.min_notice_minutes)
    latest = now + timedelta(days=schedule.horizon_days)
    taken = _merged((start - buffer, end + buffer) for start, end in busy)

    working: list[tuple[datetime, datetime]] = []
    blocked: list[tuple[datetime, datetime]] = []
    day = first_day - timedelta(days=1)  # a range of the day before may run past midnight
    while day <= last_day:
        open_ranges, closed_ranges = _ranges_for(day, schedule.rules, exceptions)
        working += [_wall(day, start, end) for start, end in open_ranges]
        blocked += [_wall(day, start, end) for start, end in closed_ranges]
        day += timedelta(days=1)
    blocked_instants = _merged(_instants(wall, zone) for wall in blocked)

    slots: list[Slot] = []
    for wall in _merged(working):
        for slot, local_day in _range_slots_of(wall, zone, step):
            if not first_day <= local_day <= last_day:
                continue
            if slot.start < earliest or slot.start > latest:
                continue
            if _overlaps(slot, taken) or _overlaps(slot, blocked_instants):
                continue
            slots.append(slot)
    return sorted(set(slots))


@functools.lru_cache(maxsize=4096)
def _range_slots_of(
    wall_range: tuple[datetime, datetime], zone: ZoneInfo, step: timedelta
) -> tuple[tuple[Slot, date], ...]:
    """The slots of one working range with their local dates, remembered: they depend on
    nothing but wall-clock times, a zone and a length, which doctors with the same hours
    share, so most requests find them computed (at most a few MB per process)."""
    return tuple(
        (slot, slot.start.astimezone(zone).date()) for slot in _range_slots(wall_range, zone, step)
    )


def _range_slots(wall_range: tuple[datetime, datetime], zone: ZoneInfo, step: timedelta):
    """Slots of one working range, stepping in local wall-clock time."""
    range_start, range_end = _instants(wall_range, zone)
    wall, wall_end = wall_range
    previous_end = range_start
    while wall < wall_end:
        slot_start = local_to_utc(wall.date(), wall.time(), zone)
        wall += step
        if slot_start is None or slot_start < range_start:
            continue  # a wall time that does not exist today
        if slot_start < previous_end:
            continue  # across a spring-forward gap: it would overlap the slot before
        slot_end = slot_start + step
        if slot_end > range_end:
            break
        previous_end = slot_end
        yield Slot(slot_start, slot_end)


def _overlaps(slot: Slot, intervals: Sequence[tuple[datetime, datetime]]) -> bool:
    """Whether the slot meets any of the sorted, merged intervals (a binary search)."""
    index = bisect.bisect_right(intervals, slot.start, key=lambda interval: interval[1])
    return index < len(intervals) and intervals[index][0] < slot.end
