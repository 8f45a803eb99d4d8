"""All models, imported here so that Alembic and the app see the whole schema."""

from clinic360.models.account_token import AccountToken, TokenPurpose
from clinic360.models.appointment import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentEvent,
    AppointmentStatus,
    ProposalStatus,
    TimeProposal,
)
from clinic360.models.audit import AuditEvent
from clinic360.models.auth_session import AuthSession
from clinic360.models.billing import (
    ChargeStatus,
    DocumentKind,
    Invoice,
    InvoiceCounter,
    LedgerEntry,
    LedgerKind,
    Payment,
    PaymentDue,
    PaymentMethod,
    PaymentStatus,
    ProviderEvent,
    Refund,
    RefundReason,
    RefundStatus,
)
from clinic360.models.clinic import Clinic, ClinicDoctor, ClinicStaff, StaffRole
from clinic360.models.consultation import Message, VideoJoin
from clinic360.models.data_rights import DeletionRequest, DeletionStatus
from clinic360.models.mfa import RecoveryCode, TotpCredential
from clinic360.models.notification import Channel, Notification, OutboxMessage, OutboxStatus
from clinic360.models.record import Document, HealthAccess, MedicalRecord, Prescription
from clinic360.models.review import ReportReason, Review, ReviewReport
from clinic360.models.schedule import DoctorSchedule, ScheduleException, ScheduleRule
from clinic360.models.search import DATABASE_MANAGED, DoctorAvailability, SearchSynonym
from clinic360.models.specialty import Specialty
from clinic360.models.throttle import ThrottleCounter
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
    "ACTIVE_STATUSES",
    "DATABASE_MANAGED",
    "AccountToken",
    "Appointment",
    "AppointmentEvent",
    "AppointmentStatus",
    "AuditEvent",
    "AuthSession",
    "AvailabilityStatus",
    "Channel",
    "ChargeStatus",
    "Clinic",
    "ClinicDoctor",
    "ClinicStaff",
    "ConsultationType",
    "DeletionRequest",
    "DeletionStatus",
    "DoctorAvailability",
    "DoctorProfile",
    "DoctorSchedule",
    "Document",
    "DocumentKind",
    "HealthAccess",
    "Invoice",
    "InvoiceCounter",
    "LedgerEntry",
    "LedgerKind",
    "MedicalRecord",
    "Message",
    "Notification",
    "OutboxMessage",
    "OutboxStatus",
    "PatientProfile",
    "Payment",
    "PaymentDue",
    "PaymentMethod",
    "PaymentStatus",
    "PregnancyStage",
    "Prescription",
    "ProposalStatus",
    "ProviderEvent",
    "RecoveryCode",
    "Refund",
    "RefundReason",
    "RefundStatus",
    "ReportReason",
    "Review",
    "ReviewReport",
    "Role",
    "ScheduleException",
    "ScheduleRule",
    "SearchSynonym",
    "Sex",
    "Specialty",
    "StaffRole",
    "ThrottleCounter",
    "TimeProposal",
    "TokenPurpose",
    "TotpCredential",
    "User",
    "VerificationStatus",
    "VideoJoin",
]
