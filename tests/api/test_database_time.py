"""Times read from PostgreSQL come as UTC datetimes with nothing converted per value: the app's
connections run in UTC, whatever the server's own time zone (here Etc/UTC, which would come
back as another tzinfo)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text

from clinic360.extensions import db
from clinic360.models import Appointment, User


def test_the_app_reads_times_as_utc_datetimes(app, scheduled_doctor, booked):
    _, made = booked(scheduled_doctor())
    with app.app_context():
        assert db.session.execute(text("SHOW TimeZone")).scalar() == "UTC"
        # Nor does PostgreSQL compile statements (its default is on): see config.py.
        assert db.session.execute(text("SHOW jit")).scalar() == "off"
        start, created = db.session.execute(
            select(Appointment.start_at, User.created_at)
            .join(User, User.id == Appointment.patient_id)
            .where(Appointment.id == made["id"])
        ).one()
    assert start.tzinfo is UTC and created.tzinfo is UTC
    assert start == datetime.fromisoformat(made["startTime"])
