"""The clinics a page of doctors practise at, as cards name them: one query for the page."""

from __future__ import annotations

from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import Clinic, ClinicDoctor


def clinics_of(doctor_ids: list[int]) -> dict[int, list[dict[str, object]]]:
    """Each doctor's open clinics `{id, name, city}`, the first they joined first."""
    if not doctor_ids:
        return {}
    rows = db.session.execute(
        select(ClinicDoctor.doctor_id, Clinic.id, Clinic.name, Clinic.city)
        .join(Clinic, Clinic.id == ClinicDoctor.clinic_id)
        .where(ClinicDoctor.doctor_id.in_(doctor_ids), Clinic.is_active.is_(True))
        .order_by(ClinicDoctor.doctor_id, ClinicDoctor.created_at, ClinicDoctor.clinic_id)
    ).all()
    found: dict[int, list[dict[str, object]]] = {}
    for doctor_id, clinic_id, name, city in rows:
        found.setdefault(doctor_id, []).append({"id": clinic_id, "name": name, "city": city})
    return found
