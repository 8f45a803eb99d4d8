"""Throttle counters for the database backend of clinic360.throttle (used without Redis)."""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from clinic360.extensions import db


class ThrottleCounter(db.Model):
    """One counter: failures or requests of one account or address in one scope.

    Times are UTC epoch seconds (plain numbers compare the same way on every backend)."""

    __tablename__ = "throttle_counters"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    # A kind prefix and a keyed hash: no identifier or address is stored in clear.
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int] = mapped_column(default=0, server_default="0")
    window_start: Mapped[float] = mapped_column(Float)
    locked_until: Mapped[float | None] = mapped_column(Float)
