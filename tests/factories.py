"""Factory fixtures: users, doctors (with a weekly schedule), clinics with their staff and
booked appointments, made through the same services as the API; and `slots_for`, a doctor's
free slots as the API lists them."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.blueprints.clinics import service as clinics
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AuditEvent,
    Clinic,
    ClinicDoctor,
    DoctorProfile,
    DoctorSchedule,
    Role,
    ScheduleRule,
    StaffRole,
    User,
)
from tests.conftest import PASSWORD, ApiClient


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Factory: make_user(role="patient", email=..., verified=True, ...) -> a committed user
    (`verified`: a doctor's application; `email_verified`: the address, True like every account
    not registered by its owner)."""
    counter = iter(range(1, 1_000_000))

    def factory(
        role: str = Role.PATIENT,
        *,
        email: str | None = None,
        phone: str | None = None,
        password: str = PASSWORD,
        full_name: str | None = None,
        employee_id: str | None = None,
        specialty: str | None = "Dermatology",
        verified: bool = True,
        active: bool = True,
        email_verified: bool = True,
        **profile: Any,
    ) -> User:
        n = next(counter)
        tag = secrets.token_hex(3)
        if email is None and phone is None:
            email = f"{role}{n}-{tag}@example.test"
        if role == Role.DOCTOR and verified and employee_id is None:
            employee_id = f"EMP-{tag.upper()}{n}"
        with app.app_context():
            user = create_user(
                NewAccount(
                    full_name=full_name or f"Test {role.title()} {n}",
                    password=password,
                    role=role,
                    email=email,
                    phone=phone,
                    specialty=specialty if role == Role.DOCTOR else None,
                    employee_id=employee_id if role == Role.DOCTOR and verified else None,
                    **profile,
                ),
                rounds=4,
                now=now_utc(),
                email_verified=email_verified,
            )
            user.is_active = active
            db.session.commit()
            user_id = user.id
        with app.app_context():
            loaded = db.session.get(User, user_id)
            assert loaded is not None
            db.session.expunge_all()
            return loaded

    return factory


@pytest.fixture
def make_doctor(app: Flask, make_user: Callable[..., User]) -> Callable[..., User]:
    """Factory: a verified doctor with profile fields set, e.g. make_doctor(city="Lagos")."""

    def factory(
        *,
        specialty: str | None = "Dermatology",
        verified: bool = True,
        active: bool = True,
        full_name: str | None = None,
        **profile: Any,
    ) -> User:
        user = make_user(
            Role.DOCTOR,
            specialty=specialty,
            verified=verified,
            active=active,
            full_name=full_name,
        )
        if profile:
            with app.app_context():
                doctor = db.session.get(DoctorProfile, user.id)
                for name, value in profile.items():
                    setattr(doctor, name, value)
                db.session.commit()
        return user

    return factory


@pytest.fixture
def scheduled_doctor(app: Flask, make_doctor: Callable[..., User]) -> Callable[..., User]:
    """Factory: a listed doctor with a weekly schedule (every day 06:00-22:00 local)."""

    def factory(
        *,
        timezone: str = "UTC",
        requires_approval: bool = True,
        slot_minutes: int = 30,
        late_change_hours: int = 24,
        start: str = "06:00",
        end: str = "22:00",
        **profile: Any,
    ) -> User:
        doctor = make_doctor(**profile)
        with app.app_context():
            db.session.add(
                DoctorSchedule(
                    doctor_id=doctor.id,
                    timezone=timezone,
                    slot_minutes=slot_minutes,
                    buffer_minutes=0,
                    min_notice_minutes=0,
                    horizon_days=30,
                    requires_approval=requires_approval,
                    late_change_hours=late_change_hours,
                    rules=[
                        ScheduleRule(
                            day_of_week=day,
                            start_time=time.fromisoformat(start),
                            end_time=time.fromisoformat(end),
                        )
                        for day in range(7)
                    ],
                )
            )
            db.session.commit()
        return doctor

    return factory


def add_clinic(app: Flask, doctor_ids: Sequence[int], **fields: Any) -> int:
    """Commit a clinic with these fields where these doctors practise (in that order: the
    first is each doctor's first clinic unless they already had one); its id."""
    now = now_utc()
    with app.app_context():
        clinic = Clinic(created_at=now, updated_at=now, **fields)
        db.session.add(clinic)
        db.session.flush()
        for index, doctor_id in enumerate(doctor_ids):
            db.session.add(
                ClinicDoctor(
                    clinic_id=clinic.id,
                    doctor_id=doctor_id,
                    created_at=now + timedelta(microseconds=index),
                )
            )
        db.session.commit()
        return clinic.id


@pytest.fixture
def make_clinic(app: Flask) -> Callable[..., Clinic]:
    """Factory: make_clinic(doctors=[doctor, ...], name=..., city=..., timezone=...) -> a
    committed active clinic where those doctors practise (in that order: the first is each
    doctor's first clinic unless they already had one)."""
    counter = iter(range(1, 1_000_000))

    def factory(
        *,
        doctors: Sequence[User] = (),
        name: str | None = None,
        city: str = "Lagos",
        address: str | None = "12 Marina Road",
        timezone: str = "UTC",
        active: bool = True,
        **fields: Any,
    ) -> Clinic:
        n = next(counter)
        clinic_id = add_clinic(
            app,
            [doctor.id for doctor in doctors],
            name=name or f"Test Clinic {n} {secrets.token_hex(2)}",
            city=city,
            address=address,
            timezone=timezone,
            is_active=active,
            **fields,
        )
        with app.app_context():
            loaded = db.session.get(Clinic, clinic_id)
            assert loaded is not None
            db.session.expunge_all()
            return loaded

    return factory


@pytest.fixture
def make_staff(app: Flask) -> Callable[..., User]:
    """Factory: make_staff(clinic, role="receptionist", email=..., full_name=...) -> a committed
    staff account of the clinic (a ClinicStaff row), logging in with PASSWORD."""
    counter = iter(range(1, 1_000_000))

    def factory(
        clinic: Clinic | int,
        role: str = StaffRole.RECEPTIONIST,
        *,
        email: str | None = None,
        phone: str | None = None,
        full_name: str | None = None,
        password: str = PASSWORD,
    ) -> User:
        n = next(counter)
        clinic_id = clinic if isinstance(clinic, int) else clinic.id
        with app.app_context():
            user, _row = clinics.new_staff_account(
                clinic_id,
                clinics.NewStaff(
                    email=email or f"{role}{n}-{secrets.token_hex(3)}@example.test",
                    phone=phone,
                    full_name=full_name or f"Test {str(role).replace('_', ' ').title()} {n}",
                    role=str(role),
                    password=password,
                ),
                rounds=4,
                now=now_utc(),
            )
            db.session.commit()
            user_id = user.id
        with app.app_context():
            loaded = db.session.get(User, user_id)
            assert loaded is not None
            db.session.expunge_all()
            return loaded

    return factory


def slots_for(client: ApiClient, doctor_id: int, days_ahead: int = 3) -> list[dict[str, str]]:
    """The doctor's free slots on one date `days_ahead` days from today (UTC)."""
    day = (now_utc() + timedelta(days=days_ahead)).date().isoformat()
    response = client.get(f"/api/doctors/{doctor_id}/slots?from={day}&to={day}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def booked(make_client: Callable[[], ApiClient], make_user: Callable[..., User]):
    """Factory: book(doctor, days_ahead=3, index=0) -> (patient client, appointment json)."""

    def factory(
        doctor: User,
        days_ahead: int = 3,
        index: int = 0,
        patient: User | None = None,
        consultation_type: str = "video",
    ):
        client = make_client()
        client.login_as(patient or make_user())
        slot = slots_for(client, doctor.id, days_ahead)[index]
        response = client.post(
            "/api/appointments",
            {
                "doctorId": doctor.id,
                "startTime": slot["startTime"],
                "consultationType": consultation_type,
                "reason": "Itchy rash",
            },
        )
        assert response.status_code == 201, response.get_json()
        return client, response.get_json()

    return factory


@pytest.fixture
def logged_in(make_client: Callable[[], ApiClient]) -> Callable[[User], ApiClient]:
    """Factory: logged_in(user) -> a new client logged in as the user."""

    def login(user: User) -> ApiClient:
        client = make_client()
        client.login_as(user)
        return client

    return login


def move_into_past(app: Flask, appointment_id: int) -> None:
    """Move an appointment to have started two hours ago, keeping its length."""
    with app.app_context():
        appointment = db.session.get(Appointment, appointment_id)
        assert appointment is not None
        length = appointment.end_at - appointment.start_at
        appointment.start_at = now_utc() - timedelta(hours=2)
        appointment.end_at = appointment.start_at + length
        db.session.commit()


@dataclass
class Actors:
    """A confirmed appointment between a patient and a doctor, and a client for every role."""

    clients: dict[str, ApiClient]  # anonymous, patient, doctor (of the visit) and admin
    appointment: dict[str, Any]  # as the patient's booking answer gave it
    doctor: User


@pytest.fixture
def actors(
    booked: Callable[..., Any],
    scheduled_doctor: Callable[..., User],
    logged_in: Callable[[User], ApiClient],
    make_client: Callable[[], ApiClient],
    make_user: Callable[..., User],
) -> Actors:
    """Every role's client around one confirmed appointment (for tests that walk the API)."""
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor)
    doc = logged_in(doctor)
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    admin = logged_in(make_user(Role.ADMIN))
    clients = {"anonymous": make_client(), "patient": patient, "doctor": doc, "admin": admin}
    return Actors(clients, appointment, doctor)


def audit_actions(app: Flask, target_type: str, target_id: int) -> list[str]:
    """The audit trail's actions on one object, oldest first."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.target_type == target_type, AuditEvent.target_id == target_id)
                .order_by(AuditEvent.id)
            )
        )
