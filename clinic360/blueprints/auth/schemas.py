"""Schemas of the auth use cases: load request bodies to dicts, dump answers."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, missing, validate, validates_schema

from clinic360.api import CamelSchema
from clinic360.extensions import db
from clinic360.models import ClinicStaff, PregnancyStage, Role, User
from clinic360.schemas import UserSchema as BaseUserSchema
from clinic360.validation import (
    Email,
    Password,
    Phone,
    SingleLine,
    TimeZoneName,
    Trimmed,
    UtcDateTime,
    past_date,
)

__all__ = [
    "CsrfSchema",
    "LoginSchema",
    "RegisterSchema",
    "RegistrationPendingSchema",
    "UserSchema",
    "UserStateSchema",
]


class StaffClinicSchema(CamelSchema):
    """The clinic a staff member works at."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    timezone = fields.String(required=True)


class _StaffClinic(fields.Nested):
    """A clinic admin's or receptionist's clinic: one query, and none for anyone else."""

    def get_value(self, obj: User, attr: str, accessor: Any = None, default: Any = missing):
        if not obj.is_clinic_staff:
            return None
        row = db.session.get(ClinicStaff, obj.id)  # with its clinic
        return row.clinic if row is not None else None


class UserSchema(BaseUserSchema):
    """The current user as the API shows it to themselves. Patients also carry dateOfBirth;
    doctors employeeId, specialty and verificationStatus; clinic staff (role clinic_admin or
    receptionist) the clinic they work at, null for everyone else."""

    clinic = _StaffClinic(StaffClinicSchema, required=True, allow_none=True)


def _optional(field_cls: type[fields.Field], **kwargs: Any) -> fields.Field:
    return field_cls(load_default=None, allow_none=True, **kwargs)


class RegisterSchema(CamelSchema):
    full_name = SingleLine(required=True, validate=validate.Length(max=120))
    email = _optional(Email)
    phone = _optional(Phone)
    password = Password(required=True)
    role = fields.String(
        required=True,
        validate=validate.OneOf(
            [Role.PATIENT.value, Role.DOCTOR.value],
            error="Choose patient or doctor.",
        ),
    )
    date_of_birth = _optional(fields.Date, validate=past_date)
    allergies = _optional(Trimmed, validate=validate.Length(max=2000))
    pregnancy_stage = _optional(
        Trimmed, validate=validate.OneOf([stage.value for stage in PregnancyStage])
    )
    specialization = _optional(SingleLine, validate=validate.Length(max=120))
    timezone = _optional(TimeZoneName)

    @validates_schema
    def _email_or_phone(self, data: dict[str, Any], **_: Any) -> None:
        if not data.get("email") and not data.get("phone"):
            message = "Give an email address or a phone number."
            raise ValidationError({"email": [message], "phone": [message]})


class LoginSchema(CamelSchema):
    identifier = Trimmed(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(max=1024))
    employee_id = _optional(SingleLine, validate=validate.Length(max=64))


class RegistrationPendingSchema(CamelSchema):
    """A doctor's application, received: not logged in until an admin verifies it."""

    status = fields.String(required=True, metadata={"enum": ["pending_verification"]})


class UserStateSchema(CamelSchema):
    """Who is signed in: the user as GET /api/user answers it, or null for nobody."""

    user = fields.Nested(UserSchema, required=True, allow_none=True)


class CsrfSchema(CamelSchema):
    csrf_token = fields.String(required=True)


# --- Second factor and sessions ---------------------------------------------------------------


class MfaRequiredSchema(CamelSchema):
    """The password was right and a second factor is on: send it to POST /api/login/mfa."""

    mfa_required = fields.Boolean(required=True, metadata={"enum": [True]})


class MfaCodeSchema(CamelSchema):
    code = Trimmed(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "A 6-digit code from the app, or an unused recovery code."},
    )


class TotpEnrolmentSchema(CamelSchema):
    secret = fields.String(required=True, metadata={"description": "Base32, for manual entry."})
    otpauth_uri = fields.String(
        required=True,
        metadata={"description": "otpauth://totp/... for the QR code (30 s, 6 digits, SHA-1)."},
    )


class RecoveryCodesSchema(CamelSchema):
    recovery_codes = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Ten single-use codes, shown this once."},
    )


class PasswordConfirmSchema(CamelSchema):
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class SessionSchema(CamelSchema):
    id = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    last_seen_at = UtcDateTime(required=True)
    ip_address = fields.String(required=True, allow_none=True)
    user_agent = fields.String(required=True, allow_none=True)
    current = fields.Boolean(required=True)
