"""Where a local date begins: a clinic's day (its queue, its calendar) and the analytics' days
are cut at local midnight, or where the day first shows when the clocks skip midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from clinic360.clock import local_days, local_midnight


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        ("Europe/Berlin", date(2026, 3, 29), datetime(2026, 3, 28, 23, tzinfo=UTC)),
        ("Pacific/Auckland", date(2026, 12, 1), datetime(2026, 11, 30, 11, tzinfo=UTC)),
        # Chile and Cuba move their clocks at midnight: the day starts at 01:00.
        ("America/Santiago", date(2026, 9, 6), datetime(2026, 9, 6, 4, tzinfo=UTC)),
        ("America/Havana", date(2026, 3, 8), datetime(2026, 3, 8, 5, tzinfo=UTC)),
    ],
)
def test_a_local_day_starts_at_its_first_instant(zone, day, expected):
    start = local_midnight(day, ZoneInfo(zone))
    assert start == expected
    assert start.astimezone(ZoneInfo(zone)).date() == day
    assert (start - timedelta(seconds=1)).astimezone(ZoneInfo(zone)).date() == day - timedelta(1)


def test_local_days_cover_whole_days_however_long_they_are():
    zone = ZoneInfo("America/Santiago")
    start, end = local_days(date(2026, 9, 5), date(2026, 9, 6), zone)
    assert (start, end) == (
        datetime(2026, 9, 5, 4, tzinfo=UTC),
        datetime(2026, 9, 7, 3, tzinfo=UTC),
    )
    assert end - start == timedelta(hours=47)  # an hour of the 6th never was
