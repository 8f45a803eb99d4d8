"""Fixtures of the front desk's tests: a clinic's desk (a doctor confirming bookings at once
and its receptionist, logged in), another clinic's, and a booking's body."""

from __future__ import annotations

from typing import Any

import pytest

from clinic360.models import Role


@pytest.fixture
def desk(scheduled_doctor, make_clinic, make_staff, logged_in):
    """A clinic with one doctor (bookings confirmed at once) and its receptionist, logged in."""
    doctor = scheduled_doctor(requires_approval=False)
    clinic = make_clinic(doctors=[doctor], name="Harbour Clinic", timezone="Africa/Lagos")
    staff = make_staff(clinic)
    return {"doctor": doctor, "clinic": clinic, "staff": staff, "client": logged_in(staff)}


@pytest.fixture
def other_desk(scheduled_doctor, make_clinic, make_staff, logged_in):
    doctor = scheduled_doctor(requires_approval=False)
    clinic = make_clinic(doctors=[doctor], name="Hill Clinic")
    staff = make_staff(clinic, Role.CLINIC_ADMIN)
    return {"doctor": doctor, "clinic": clinic, "staff": staff, "client": logged_in(staff)}


def desk_booking(doctor: Any, slot: dict[str, str], **more: Any) -> dict[str, Any]:
    """The body of a desk's booking of `slot` with `doctor` (a video visit, with a reason)."""
    return {
        "doctorId": doctor.id,
        "startTime": slot["startTime"],
        "consultationType": "video",
        "reason": "Follow-up",
        **more,
    }
