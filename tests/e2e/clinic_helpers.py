"""Clinics and their staff for the browser tests of the front desk and the analytics, and a
zone to run them in whatever the time of day."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from clinic360.blueprints.clinics import service as clinics
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import DoctorProfile
from tests.conftest import PASSWORD
from tests.factories import add_clinic

# Zones at most 9 hours apart around the clock: in one of them it is at most about 9 in the
# morning, whatever the time in UTC.
SPREAD_ZONES = ("UTC", "Asia/Tokyo", "America/Los_Angeles")


def early_zone() -> str:
    """Of SPREAD_ZONES, the one where the local day is youngest: it has 14 hours or more left,
    so visits placed this evening (local) are ahead and still today."""
    return min(SPREAD_ZONES, key=lambda zone: datetime.now(ZoneInfo(zone)).time())


def local_today(zone: str) -> date:
    return datetime.now(ZoneInfo(zone)).date()


def today_at(zone: str, at: time) -> datetime:
    """Today's `at` in `zone`, as an aware UTC datetime."""
    local = datetime.combine(local_today(zone), at, tzinfo=ZoneInfo(zone))
    return local.astimezone(ZoneInfo("UTC"))


def live_clinic(
    live_app: Flask,
    doctors: Sequence[dict[str, Any]],
    *,
    name: str,
    timezone: str = "UTC",
    in_person: bool = False,
) -> int:
    """A committed active clinic where `doctors` practise (offering in-person visits if asked)."""
    ids = [doctor["id"] for doctor in doctors]
    clinic_id = add_clinic(
        live_app,
        ids,
        name=name,
        city="Lagos",
        address="12 Marina Road",
        timezone=timezone,
        phone="+2348000000000",
        is_active=True,
    )
    if in_person:
        with live_app.app_context():
            for doctor_id in ids:
                profile = db.session.get(DoctorProfile, doctor_id)
                assert profile is not None
                profile.offers_in_person = True
            db.session.commit()
    return clinic_id


def live_staff(live_app: Flask, clinic_id: int, role: str, full_name: str) -> dict[str, Any]:
    """A committed staff account of the clinic, as plain data for `log_in`."""
    email = f"{role}-{secrets.token_hex(4)}@example.test"
    with live_app.app_context():
        user, _row = clinics.new_staff_account(
            clinic_id,
            clinics.NewStaff(
                email=email, phone=None, full_name=full_name, role=role, password=PASSWORD
            ),
            rounds=4,
            now=now_utc(),
        )
        db.session.commit()
        return {"id": user.id, "email": email, "password": PASSWORD, "role": role}
