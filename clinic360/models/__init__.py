"""All models, imported here so that Alembic and the app see the whole schema."""

from clinic360.models.auth_session import AuthSession
from clinic360.models.user import (
    DoctorProfile,
    PatientProfile,
    PregnancyStage,
    Role,
    User,
    VerificationStatus,
)

__all__ = [
    "AuthSession",
    "DoctorProfile",
    "PatientProfile",
    "PregnancyStage",
    "Role",
    "User",
    "VerificationStatus",
]
