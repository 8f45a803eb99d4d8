"""seed-demo's clinics: two clinics with some demo doctors (keyed by employee ID), the first
one's clinic admin and receptionist (the README lists their logins), and its visits: eight
weeks of past ones for its figures and today's in person for its front desk."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from clinic360.blueprints.clinics import service as clinics
from clinic360.extensions import db
from clinic360.models import Appointment, Clinic, ClinicDoctor, Role, User

# Demo clinics and the demo doctors practising there (each doctor's first clinic first).
DEMO_CLINICS = [
    {
        "name": "Clinic360 Downtown",
        "city": "Boston",
        "address": "200 Boylston Street, Boston, MA 02116",
        "timezone": "America/New_York",
        "phone": "+16175550100",
        "email": "downtown@clinic360.test",
        "opening_notes": "Monday to Friday 9:00-17:00. Step-free entrance on Arlington Street.",
        "doctors": ["DOC-1004", "DOC-1001"],
    },
    {
        "name": "Clinic360 Lagos Island",
        "city": "Lagos",
        "address": "14 Broad Street, Lagos Island",
        "timezone": "Africa/Lagos",
        "phone": "+2348005550100",
        "email": "lagos@clinic360.test",
        "opening_notes": "Monday to Saturday 8:00-16:00.",
        "doctors": ["DOC-1003"],
    },
]
# Clinic360 Downtown's visits: each past week, (weekday, local hour, doctor, status); the
# patients take turns; Dr. Watanabe's morning visits are in person, the others by video.
DEMO_WEEK = [
    (0, 9, "DOC-1004", "completed"),
    (0, 11, "DOC-1001", "completed"),
    (1, 10, "DOC-1004", "no_show"),
    (2, 14, "DOC-1001", "completed"),
    (3, 9, "DOC-1004", "cancelled"),
    (3, 15, "DOC-1004", "completed"),
    (4, 13, "DOC-1001", "completed"),
]
DEMO_WEEKS = 8
DEMO_TODAY = [(9, 30), (11, 0), (14, 30), (16, 0)]  # Dr. Watanabe's, in person
DEMO_PATIENT_EMAILS = ["paula@clinic360.test", "omar@clinic360.test", "lena@clinic360.test"]
# The front desk of Clinic360 Downtown.
DEMO_CLINIC_STAFF = [
    {"name": "Carmen Diaz", "email": "clinicadmin@clinic360.test", "role": Role.CLINIC_ADMIN},
    {"name": "Ray Fontaine", "email": "reception@clinic360.test", "role": Role.RECEPTIONIST},
]


def seed_demo_clinics(people: dict[str, User], rounds: int, now: datetime, password: str) -> None:
    """The demo clinics with their doctors, and the first one's clinic admin and receptionist."""
    clinic_ids = []
    for demo in DEMO_CLINICS:
        clinic = Clinic(
            **{key: value for key, value in demo.items() if key != "doctors"},
            created_at=now,
            updated_at=now,
        )
        db.session.add(clinic)
        db.session.flush()
        clinic_ids.append(clinic.id)
        for order, employee_id in enumerate(demo["doctors"]):
            db.session.add(
                ClinicDoctor(
                    clinic_id=clinic.id,
                    doctor_id=people[employee_id].id,
                    created_at=now + timedelta(seconds=order),
                )
            )
    for staff in DEMO_CLINIC_STAFF:
        clinics.new_staff_account(
            clinic_ids[0],
            clinics.NewStaff(
                email=staff["email"],
                full_name=staff["name"],
                role=staff["role"],
                password=password,
            ),
            rounds=rounds,
            now=now,
            check_policy=False,
        )
    _seed_demo_visits(people, clinic_ids[0], now)


def _seed_demo_visits(people: dict[str, User], clinic_id: int, now: datetime) -> None:
    """The clinic's visits (see DEMO_WEEK, DEMO_TODAY), and the clinic of every earlier demo
    visit of a doctor who practises at one (their first)."""
    first_clinic = (
        select(ClinicDoctor.clinic_id)
        .where(ClinicDoctor.doctor_id == Appointment.doctor_id)
        .order_by(ClinicDoctor.created_at)
        .limit(1)
        .scalar_subquery()
    )
    db.session.execute(
        update(Appointment).where(Appointment.clinic_id.is_(None)).values(clinic_id=first_clinic)
    )
    zone = ZoneInfo(DEMO_CLINICS[0]["timezone"])
    today = now.astimezone(zone).date()
    patients = itertools.cycle([people[email] for email in DEMO_PATIENT_EMAILS])

    def visit(day: date, hour: int, minute: int, employee_id: str, status: str, kind: str) -> None:
        start = datetime.combine(day, time(hour, minute), tzinfo=zone)
        patient = next(patients)
        db.session.add(
            Appointment(
                doctor_id=people[employee_id].id,
                patient_id=patient.id,
                clinic_id=clinic_id,
                start_at=start,
                end_at=start + timedelta(minutes=30),
                status=status,
                consultation_type=kind,
                created_at=start - timedelta(days=4),
                updated_at=min(now, start + timedelta(minutes=30)),
            )
        )

    monday = today - timedelta(days=today.weekday())
    for week in range(1, DEMO_WEEKS + 1):
        for weekday, hour, employee_id, status in DEMO_WEEK:
            day = monday - timedelta(weeks=week) + timedelta(days=weekday)
            in_person = employee_id == "DOC-1004" and hour < 12
            visit(day, hour, 0, employee_id, status, "in_person" if in_person else "video")
    for hour, minute in DEMO_TODAY:
        start = datetime.combine(today, time(hour, minute), tzinfo=zone)
        status = "completed" if start + timedelta(minutes=30) <= now else "confirmed"
        visit(today, hour, minute, "DOC-1004", status, "in_person")
