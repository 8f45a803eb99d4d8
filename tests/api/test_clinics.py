"""Clinics: the public list and pages, their management by admins and clinic admins, staff
accounts, doctors practising at a clinic, and in-person visits."""

from __future__ import annotations

from collections.abc import Callable

from clinic360.models import Role, User
from tests.conftest import ApiClient


def test_factories_make_a_clinic_with_staff_who_log_in(
    make_clinic, make_staff, make_doctor, logged_in: Callable[[User], ApiClient]
) -> None:
    doctor = make_doctor()
    clinic = make_clinic(doctors=[doctor])
    receptionist = make_staff(clinic)
    admin = make_staff(clinic, Role.CLINIC_ADMIN)
    assert receptionist.role == Role.RECEPTIONIST and admin.role == Role.CLINIC_ADMIN
    client = logged_in(receptionist)
    assert client.get("/api/user").get_json()["role"] == "receptionist"
