"""Offered minutes: a doctor's weekly hours expanded over a stretch of time. A pure function of
the schedule's zone, its rules and its date exceptions; no database, no clock.

The rules are read as the slot engine reads them (clinic360/blueprints/schedule/slots.py):
wall-clock ranges in the schedule's zone, a range whose end is not after its start running
past midnight; on a date with a day-off exception (unavailable, no hours) nothing is offered;
available exceptions with hours replace the weekly ranges of their date; unavailable ones with
hours take their hours out. A local time in a spring-forward gap counts from the end of the gap,
so an hour that does not exist is never offered. What is offered is then cut to [start, end).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class WeeklyHours:
    day_of_week: int  # 0 = Monday ... 6 = Sunday
    start: time
    end: time


@dataclass(frozen=True)
class DayException:
    day: date
    is_available: bool
    start: time | None = None
    end: time | None = None


@functools.lru_cache(maxsize=16384)
def _instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The first instant whose local wall time is `at` or later on `day`."""
    naive = datetime.combine(day, at)
    exact = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if exact.astimezone(zone).replace(tzinfo=None) == naive:
        return exact
    # In a spring-forward gap: the transition lies between these two readings of the time.
    before = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    after = exact
    while after - before > timedelta(minutes=1):  # transitions fall on whole minutes
        middle = before + (after - before) // 2
        if middle.astimezone(zone).replace(tzinfo=None) >= naive:
            after = middle
        else:
            before = middle
    return after


def _wall(day: date, start: time, end: time, zone: ZoneInfo) -> Interval:
    last = day if end > start else day + timedelta(days=1)
    return _instant(day, start, zone), _instant(last, end, zone)


def _day_ranges(
    day: date,
    weekly: dict[int, list[tuple[time, time]]],
    exceptions: dict[date, list[DayException]],
) -> tuple[list[tuple[time, time]], list[tuple[time, time]]]:
    """The open ranges of a local date, and the ranges taken out of it."""
    todays = exceptions.get(day)
    if not todays:
        return weekly.get(day.weekday(), []), []
    if any(not e.is_available and not (e.start and e.end) for e in todays):
        return [], []
    blocked = [(e.start, e.end) for e in todays if not e.is_available and e.start and e.end]
    replacing = [(e.start, e.end) for e in todays if e.is_available and e.start and e.end]
    if replacing:
        return replacing, blocked  # type: ignore[return-value]
    return weekly.get(day.weekday(), []), blocked  # type: ignore[return-value]


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _minus(intervals: list[Interval], holes: list[Interval]) -> list[Interval]:
    """Sorted, merged intervals with the sorted, merged holes cut out."""
    out: list[Interval] = []
    for start, end in intervals:
        for hole_start, hole_end in holes:
            if hole_end <= start or hole_start >= end:
                continue
            if hole_start > start:
                out.append((start, hole_start))
            start = max(start, hole_end)
            if start >= end:
                break
        if start < end:
            out.append((start, end))
    return out


def offered_intervals(
    timezone: str,
    rules: Sequence[WeeklyHours],
    exceptions: Sequence[DayException],
    start: datetime,
    end: datetime,
) -> list[Interval]:
    """The offered time in [start, end) (aware datetimes) as sorted, disjoint UTC intervals."""
    if end <= start:
        return []
    zone = ZoneInfo(timezone)
    # A range of the day before may run past midnight into the first day.
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    weekly: dict[int, list[tuple[time, time]]] = {}
    for rule in rules:
        weekly.setdefault(rule.day_of_week, []).append((rule.start, rule.end))
    by_day: dict[date, list[DayException]] = {}
    for exception in exceptions:
        by_day.setdefault(exception.day, []).append(exception)
    opened: list[Interval] = []
    closed: list[Interval] = []
    while day <= last:
        open_ranges, closed_ranges = _day_ranges(day, weekly, by_day)
        opened += [_wall(day, s, e, zone) for s, e in open_ranges]
        closed += [_wall(day, s, e, zone) for s, e in closed_ranges]
        day += timedelta(days=1)
    lo, hi = start.astimezone(UTC), end.astimezone(UTC)
    clipped = ((max(s, lo), min(e, hi)) for s, e in _merged(opened))
    return _minus(_merged(clipped), _merged(closed))


def offered_minutes(
    timezone: str,
    rules: Sequence[WeeklyHours],
    exceptions: Sequence[DayException],
    start: datetime,
    end: datetime,
) -> int:
    """Whole minutes offered in [start, end)."""
    seconds = sum(
        (e - s).total_seconds()
        for s, e in offered_intervals(timezone, rules, exceptions, start, end)
    )
    return int(seconds // 60)
