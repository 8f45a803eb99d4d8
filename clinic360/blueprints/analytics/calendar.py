"""Date ranges and local days: what `from`/`to` mean, and SQL expressions that put an instant on
its local date, week or month in a time zone.

PostgreSQL does it with `timezone(zone, t)`. SQLite (the embedded database of `make run`) knows
no time zones: there the zone's UTC offsets over the range are worked out here (they change
only at the few daylight-saving transitions) and the expression is a CASE over those stretches,
`date(t, '+60 minutes')` in each. An instant outside the range gets the offset of the nearest
stretch, which is only ever compared against times inside the range.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Integer, String, case, cast, func, literal

from clinic360.clock import local_midnight
from clinic360.database import UTCDateTime
from clinic360.errors import Invalid

MAX_DAYS = 366
DEFAULT_DAYS = 30


def const(value: Any) -> Any:
    """A value written into the statement's text rather than sent as a parameter. The plan of
    an analytics statement depends on its values (how much of the table a range is; whether
    `status <> 'cancelled'` matches a partial index): psycopg prepares a statement run five
    times, and PostgreSQL's generic plan for unknown values then took twice as long (365 days
    of 100,000 visits: 150 -> 300 ms from the fifteenth request on)."""
    if isinstance(value, datetime):
        return literal(value, UTCDateTime(), literal_execute=True)
    if isinstance(value, int):
        return literal(value, Integer(), literal_execute=True)
    return literal(value, String(), literal_execute=True)


def resolve_range(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """`from`/`to` as given, inclusive: `to` defaults to today, `from` to the 30 days ending
    on `to`. Over 366 days, or `from` after `to`: 422."""
    end = end or today
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise Invalid(fields={"to": ["Must not be before from."]})
    if (end - start).days + 1 > MAX_DAYS:
        raise Invalid(fields={"to": [f"At most {MAX_DAYS} days."]})
    return start, end


def days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def _offset_minutes(instant: datetime, zone: ZoneInfo) -> int:
    offset = instant.astimezone(zone).utcoffset() or timedelta()
    return int(offset.total_seconds() // 60)


def offset_stretches(zone: ZoneInfo, lo: datetime, hi: datetime) -> list[tuple[datetime, int]]:
    """[(until, offset minutes)] covering [lo, hi): the offset holds before `until` (the last
    stretch's `until` is hi). Found day by day, then to the minute where it changes."""
    stretches: list[tuple[datetime, int]] = []
    at, current = lo, _offset_minutes(lo, zone)
    while at < hi:
        step = min(at + timedelta(days=1), hi)
        if _offset_minutes(step, zone) != current:
            low, high = at, step  # the offset changes in (low, high]
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) // 2
                if _offset_minutes(middle, zone) == current:
                    low = middle
                else:
                    high = middle
            # Transitions fall on whole minutes: the first instant of the new offset.
            high -= timedelta(seconds=high.second, microseconds=high.microsecond)
            if high < hi:
                stretches.append((high, current))
                at, current = high, _offset_minutes(high, zone)
                continue
        at = step
    stretches.append((hi, current))
    return stretches


@dataclass(frozen=True)
class Period:
    """A range of local dates in a zone and its instants [lo, hi)."""

    start: date
    end: date
    timezone: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def lo(self) -> datetime:
        return local_midnight(self.start, self.zone)

    @property
    def hi(self) -> datetime:
        return local_midnight(self.end + timedelta(days=1), self.zone)

    def bounds(self) -> tuple[Any, Any]:
        """lo and hi as constants of a statement."""
        return const(self.lo), const(self.hi)


class LocalDates:
    """SQL expressions of an instant's local date, week (its Monday) and month (its first)."""

    def __init__(self, dialect: str, period: Period) -> None:
        self.dialect = dialect
        self.period = period
        self.stretches = (
            offset_stretches(period.zone, period.lo, period.hi) if dialect == "sqlite" else []
        )

    def day(self, column: Any) -> Any:
        if self.dialect == "postgresql":
            return cast(func.timezone(const(self.period.timezone), column), Date)
        *head, (_, last) = self.stretches
        if not head:
            return func.date(column, f"{last:+d} minutes")
        return case(
            *((column < until, func.date(column, f"{off:+d} minutes")) for until, off in head),
            else_=func.date(column, f"{last:+d} minutes"),
        )

    def week(self, column: Any) -> Any:
        if self.dialect == "postgresql":
            return cast(
                func.date_trunc(const("week"), func.timezone(const(self.period.timezone), column)),
                Date,
            )
        return func.date(self.day(column), "-6 days", "weekday 1")  # the Monday on or before

    def month(self, column: Any) -> Any:
        if self.dialect == "postgresql":
            return cast(
                func.date_trunc(const("month"), func.timezone(const(self.period.timezone), column)),
                Date,
            )
        return func.date(self.day(column), "start of month")


def as_date(value: Any) -> date:
    """A date from the database: a date on PostgreSQL, ISO text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def minutes_between(dialect: str, start: Any, end: Any) -> Any:
    """SQL: the minutes from start to end."""
    if dialect == "postgresql":
        # date_part is a double; EXTRACT would be a numeric, several times dearer to add up.
        return func.date_part(const("epoch"), end - start) / 60
    return (func.julianday(end) - func.julianday(start)) * 1440
