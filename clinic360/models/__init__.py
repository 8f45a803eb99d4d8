"""All models, imported here so that Alembic and the app see the whole schema."""

from clinic360.models.audit import AuditEvent
from clinic360.models.auth_session import AuthSession
from clinic360.models.specialty import Specialty
from clinic360.models.user import (
    AvailabilityStatus,
    ConsultationType,
    DoctorProfile,
    PatientProfile,
    PregnancyStage,
    Role,
    Sex,
    User,
    VerificationStatus,
)

__all__ = [
    "AuditEvent",
    "AuthSession",
    "AvailabilityStatus",
    "ConsultationType",
    "DoctorProfile",
    "PatientProfile",
    "PregnancyStage",
    "Role",
    "Sex",
    "Specialty",
    "User",
    "VerificationStatus",
]
