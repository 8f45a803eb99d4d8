"""The clinics feature's public service: other features, the console, the CLI and jobs import
only this module. Nothing here commits."""

from __future__ import annotations

from sqlalchemy import select

from clinic360.errors import Invalid
from clinic360.extensions import db
from clinic360.models import Clinic, ClinicDoctor, ConsultationType


def clinic_for_visit(doctor_id: int, clinic_id: int | None, consultation_type: str) -> int | None:
    """The clinic a new visit of this doctor belongs to: the one asked for (one where the
    doctor practises), else the doctor's first clinic; None for a doctor of no clinic. An
    in-person visit needs a clinic (422 otherwise)."""
    stmt = (
        select(ClinicDoctor.clinic_id)
        .join(Clinic, Clinic.id == ClinicDoctor.clinic_id)
        .where(ClinicDoctor.doctor_id == doctor_id, Clinic.is_active)
        .order_by(ClinicDoctor.created_at, ClinicDoctor.clinic_id)
    )
    if clinic_id is not None:
        found = db.session.scalar(stmt.where(ClinicDoctor.clinic_id == clinic_id))
        if found is None:
            raise Invalid(fields={"clinicId": ["This doctor does not practise at that clinic."]})
        return found
    found = db.session.scalar(stmt.limit(1))
    if found is None and consultation_type == ConsultationType.IN_PERSON:
        raise Invalid(fields={"clinicId": ["An in-person visit needs a clinic of the doctor's."]})
    return found
