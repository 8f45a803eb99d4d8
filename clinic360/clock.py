"""The one place that reads the wall clock. Logic takes `now` as an argument. And where a
local date begins, in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def now_utc() -> datetime:
    return datetime.now(UTC)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of a local date, in UTC (where the clocks skip midnight, as some
    zones' daylight saving does, the day starts when it first shows)."""
    naive = datetime.combine(day, time())
    instant = naive.replace(tzinfo=zone).astimezone(UTC)
    if instant.astimezone(zone).date() != day:  # midnight in a gap: the day starts later
        instant = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
        while instant.astimezone(zone).date() != day:
            instant += timedelta(minutes=15)
    return instant


def local_days(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of `first` to the end of `last` (local dates), as UTC times."""
    return local_midnight(first, zone), local_midnight(last + timedelta(days=1), zone)
