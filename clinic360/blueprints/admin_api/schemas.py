"""Schemas of the admin API."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from clinic360.blueprints.auth.schemas import UserSchema
from clinic360.pagination import PageArgs
from clinic360.validation import Email, Id, Password, Phone, Trimmed, UtcDateTime


class CreateDoctorSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    full_name = Trimmed(data_key="fullName", required=True, validate=validate.Length(max=120))
    email = Email(required=True)
    phone = Phone(load_default=None, allow_none=True)
    employee_id = Trimmed(data_key="employeeId", required=True, validate=validate.Length(max=32))
    specialty = fields.Raw(required=True)
    password = Password(load_default=None, allow_none=True)


class VerifySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    employee_id = Trimmed(data_key="employeeId", required=True, validate=validate.Length(max=32))


class RejectSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    reason = Trimmed(required=True, validate=validate.Length(max=1000))


class ActiveSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    is_active = fields.Boolean(data_key="isActive", required=True, truthy={True}, falsy={False})


class AdminUserSchema(UserSchema):
    """What an admin sees of an account: the user, their application and its state."""

    applied_specialty = fields.String(
        attribute="doctor_profile.applied_specialty", data_key="appliedSpecialty"
    )
    rejection_reason = fields.String(
        attribute="doctor_profile.rejection_reason", data_key="rejectionReason"
    )
    last_login_at = UtcDateTime(data_key="lastLoginAt")


class AuditEventSchema(Schema):
    id = fields.Integer()
    created_at = UtcDateTime(data_key="createdAt")
    actor_id = fields.Integer(data_key="actorId", allow_none=True)
    actor_name = fields.String(attribute="actor.full_name", data_key="actorName")
    action = fields.String()
    target_type = fields.String(data_key="targetType")
    target_id = fields.Integer(data_key="targetId", allow_none=True)
    summary = fields.String()
    details = fields.Dict()
    ip_address = fields.String(data_key="ipAddress", allow_none=True)


class AuditArgs(PageArgs):
    action = Trimmed(load_default=None, validate=validate.Length(max=64))
    actor_id = Id(data_key="actorId", load_default=None)
    target_id = Id(data_key="targetId", load_default=None)
