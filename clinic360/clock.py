"""The one place that reads the wall clock. Logic takes `now` as an argument."""

from __future__ import annotations

from datetime import UTC, datetime


def now_utc() -> datetime:
    return datetime.now(UTC)
