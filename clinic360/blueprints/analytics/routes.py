"""Analytics: a doctor's, a clinic's and the platform's figures over a date range."""

from __future__ import annotations

from clinic360.blueprints.analytics import bp  # noqa: F401
