"""Schemas of the clinics: what anyone reads of a clinic, and what admins send to make and
change one, its staff and its doctors."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import fields, validate

from clinic360.api import CamelSchema, computed
from clinic360.models import StaffRole
from clinic360.pagination import PageArgs
from clinic360.schemas import ClinicSummarySchema, SpecialtyRefSchema
from clinic360.storage import photo_url
from clinic360.validation import Email, Id, Password, Phone, SingleLine, TimeZoneName, Trimmed

STAFF_ROLES = [role.value for role in StaffRole]


class ClinicDoctorSchema(CamelSchema):
    """A doctor on a clinic's page."""

    id = fields.Integer(attribute="user_id", required=True)
    full_name = fields.String(attribute="user.full_name", required=True)
    specialty = fields.Nested(SpecialtyRefSchema, required=True, allow_none=True)
    photo_url = computed(lambda doctor: photo_url(doctor.user), "string", allow_none=True)
    rating = fields.Float(required=True, allow_none=True)
    rating_count = fields.Integer(required=True)
    consultation_types = fields.List(fields.String(), required=True)


class ClinicDetailSchema(ClinicSummarySchema):
    """A clinic with its listed doctors (100 at most, by name)."""

    is_active = fields.Boolean(required=True)
    doctors = fields.List(fields.Nested(ClinicDoctorSchema), required=True)


class ClinicArgs(PageArgs):
    q = Trimmed(load_default=None, validate=validate.Length(max=160))
    city = SingleLine(load_default=None, validate=validate.Length(max=120))


class ClinicChangesSchema(CamelSchema):
    """The fields of a clinic; on a change only those sent change."""

    name = SingleLine(validate=validate.Length(max=160))
    city = SingleLine(validate=validate.Length(max=120))
    address = SingleLine(allow_none=True, validate=validate.Length(max=300))
    timezone = TimeZoneName(metadata={"description": "An IANA time zone, e.g. Africa/Lagos."})
    phone = Phone(allow_none=True, validate=validate.Length(max=20))
    email = Email(allow_none=True)
    opening_notes = Trimmed(allow_none=True, validate=validate.Length(max=2000))
    is_active = fields.Boolean(
        truthy={True}, falsy={False}, metadata={"description": "Admins only."}
    )


class NewClinicSchema(ClinicChangesSchema):
    name = SingleLine(required=True, validate=validate.Length(max=160))
    city = SingleLine(required=True, validate=validate.Length(max=120))
    timezone = TimeZoneName(
        required=True, metadata={"description": "An IANA time zone, e.g. Africa/Lagos."}
    )


class LogoUploadSchema(CamelSchema):
    logo = Upload(
        required=True,
        error_messages={"required": "Choose an image to upload."},
        metadata={"description": "JPEG, PNG or WebP, 5 MB at most"},
    )


class NewStaffSchema(CamelSchema):
    email = Email(required=True)
    full_name = SingleLine(required=True, validate=validate.Length(max=120))
    role = SingleLine(required=True, validate=validate.OneOf(STAFF_ROLES))
    password = Password(
        load_default=None,
        allow_none=True,
        metadata={"description": "Leave out to mail the person a link to choose one."},
    )
    phone = Phone(load_default=None, allow_none=True)


class StaffMemberSchema(CamelSchema):
    id = fields.Integer(attribute="user_id", required=True)
    full_name = fields.String(attribute="user.full_name", required=True)
    email = fields.String(attribute="user.email", required=True, allow_none=True)
    phone = fields.String(attribute="user.phone", required=True, allow_none=True)
    role = fields.String(required=True, validate=validate.OneOf(STAFF_ROLES))
    clinic_id = fields.Integer(required=True)
    is_active = fields.Boolean(attribute="user.is_active", required=True)


class DoctorLinkSchema(CamelSchema):
    doctor_id = Id(required=True)
