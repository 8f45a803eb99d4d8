"""The front desk: booking on behalf of patients, the day's queue, check-in."""

from __future__ import annotations

from clinic360.blueprints.front_desk import bp  # noqa: F401
