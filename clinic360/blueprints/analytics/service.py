"""The analytics feature's public service: who may see which clinic's figures, what the range
is, and the figures themselves (clinic.py, doctor.py, platform.py; definitions in
figures.py; offered hours in offered.py). Nothing here writes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clinic360.blueprints.analytics.calendar import resolve_range
from clinic360.blueprints.analytics.clinic import clinic_analytics
from clinic360.blueprints.analytics.doctor import doctor_analytics
from clinic360.blueprints.analytics.platform import platform_analytics
from clinic360.blueprints.clinics import service as clinics
from clinic360.errors import Forbidden, Invalid
from clinic360.extensions import db
from clinic360.models import Clinic, DoctorSchedule, Role, User

__all__ = ["clinic_for", "clinic_report", "doctor_report", "platform_report"]


def clinic_for(user: User, clinic_id: int | None) -> Clinic:
    """The clinic whose figures the caller asked for. An admin names it (422 without
    clinicId, 404 unknown); a clinic admin gets their own clinic, and naming another one is
    a 404 (its existence is not theirs to learn), as is their clinic once closed."""
    if clinic_id is None:
        if user.role == Role.ADMIN:
            raise Invalid(fields={"clinicId": ["Name the clinic."]})
        row = clinics.staff_row(user)
        if row is None:  # no clinic's staff (a receptionist's row is refused below)
            raise Forbidden()
        clinic_id = row.clinic_id
    # As for managing the clinic: a clinic admin their own open clinic, anyone else 403.
    return clinics.managed_clinic(user, clinic_id)


def _today(zone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


def _known_zone(name: str | None) -> str:
    """The zone as stored when the system knows it, else UTC (never a 500 over a bad name)."""
    try:
        ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name or "UTC"


def clinic_report(
    user: User, clinic_id: int | None, start: date | None, end: date | None, now: datetime
) -> dict[str, Any]:
    clinic = clinic_for(user, clinic_id)
    zone = _known_zone(clinic.timezone)
    first, last = resolve_range(start, end, _today(zone, now))
    return clinic_analytics(clinic, zone, first, last)


def doctor_report(
    doctor: User, start: date | None, end: date | None, now: datetime
) -> dict[str, Any]:
    schedule = db.session.get(DoctorSchedule, doctor.id)
    zone = _known_zone(schedule.timezone if schedule is not None else None)
    first, last = resolve_range(start, end, _today(zone, now))
    return doctor_analytics(doctor, zone, first, last)


def platform_report(
    start: date | None, end: date | None, group_by: str | None, now: datetime
) -> dict[str, Any]:
    """By month for ranges over 92 days unless asked otherwise, else by week."""
    first, last = resolve_range(start, end, _today("UTC", now))
    group_by = group_by or ("month" if (last - first).days + 1 > 92 else "week")
    return platform_analytics(first, last, group_by)
