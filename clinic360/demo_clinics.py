"""seed-demo's clinics: two clinics with some demo doctors (keyed by employee ID), and the
first one's clinic admin and receptionist (the README lists their logins)."""

from __future__ import annotations

from datetime import datetime, timedelta

from clinic360.blueprints.clinics import service as clinics
from clinic360.extensions import db
from clinic360.models import Clinic, ClinicDoctor, Role, User

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
