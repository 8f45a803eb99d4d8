"""Schemas of the admin API: request bodies and query strings, and what an admin sees of an
account and of the audit trail."""

from __future__ import annotations

from marshmallow import fields, validate

from clinic360.api import CamelSchema
from clinic360.pagination import PageArgs
from clinic360.schemas import UserSchema
from clinic360.validation import (
    DB_INT_MAX,
    Email,
    Password,
    Phone,
    SingleLine,
    Trimmed,
    UtcDateTime,
)


class CreateDoctorSchema(CamelSchema):
    full_name = SingleLine(required=True, validate=validate.Length(max=120))
    email = Email(required=True)
    phone = Phone(load_default=None, allow_none=True)
    employee_id = SingleLine(required=True, validate=validate.Length(max=32))
    specialty = SingleLine(
        required=True,
        validate=validate.Length(max=120),
        metadata={"description": "A specialty's name or slug."},
    )
    password = Password(
        load_default=None,
        allow_none=True,
        metadata={"description": "Leave out to get a temporary password in the answer."},
    )


class VerifySchema(CamelSchema):
    employee_id = SingleLine(required=True, validate=validate.Length(max=32))


class RejectSchema(CamelSchema):
    reason = Trimmed(required=True, validate=validate.Length(max=1000))


class ActiveSchema(CamelSchema):
    is_active = fields.Boolean(required=True, truthy={True}, falsy={False})


class AdminUserSchema(UserSchema):
    """What an admin sees of an account: the user, and for doctors their application."""

    class Meta(CamelSchema.Meta):
        # The signed-in user's own settings, not a list column (each would cost a query).
        exclude = ("mfa_enabled", "mfa_enrollment_required", "idle_timeout_minutes")

    last_login_at = UtcDateTime(allow_none=True)
    applied_specialty = fields.String(
        attribute="doctor_profile.applied_specialty",
        allow_none=True,
        metadata={"description": "Doctors only."},
    )
    rejection_reason = fields.String(
        attribute="doctor_profile.rejection_reason",
        allow_none=True,
        metadata={"description": "Doctors only."},
    )


class OnboardedDoctorSchema(AdminUserSchema):
    """A doctor just onboarded, with the temporary password when none was given."""

    temporary_password = fields.String(
        metadata={"description": "Only when no password was given: share it privately."}
    )


class AuditEventSchema(CamelSchema):
    id = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String(attribute="actor.full_name", allow_none=True)
    action = fields.String(required=True)
    target_type = fields.String(required=True)
    target_id = fields.Integer(allow_none=True)
    summary = fields.String(required=True)
    details = fields.Dict(keys=fields.String(), required=True)
    ip_address = fields.String(allow_none=True)


class AuditArgs(PageArgs):
    action = Trimmed(load_default=None, validate=validate.Length(max=64))
    actor_id = fields.Integer(load_default=None, validate=validate.Range(1, DB_INT_MAX))
    target_id = fields.Integer(load_default=None, validate=validate.Range(1, DB_INT_MAX))
