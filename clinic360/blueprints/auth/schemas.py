"""Schemas of the auth use cases: load request bodies to dicts, dump users to JSON."""

from __future__ import annotations

from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    post_dump,
    validate,
    validates_schema,
)

from clinic360.models import PregnancyStage, Role, User
from clinic360.storage import photo_url
from clinic360.validation import (
    Email,
    Password,
    Phone,
    TimeZoneName,
    Trimmed,
    UtcDateTime,
    past_date,
)


def _optional(field_cls: type[fields.Field], **kwargs: Any) -> fields.Field:
    return field_cls(load_default=None, allow_none=True, **kwargs)


class RegisterSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    full_name = Trimmed(data_key="fullName", required=True, validate=validate.Length(max=120))
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
    date_of_birth = _optional(fields.Date, data_key="dateOfBirth", validate=past_date)
    allergies = _optional(Trimmed, validate=validate.Length(max=2000))
    pregnancy_stage = _optional(
        Trimmed,
        data_key="pregnancyStage",
        validate=validate.OneOf([stage.value for stage in PregnancyStage]),
    )
    specialization = _optional(Trimmed, validate=validate.Length(max=120))
    timezone = _optional(TimeZoneName)

    @validates_schema
    def _email_or_phone(self, data: dict[str, Any], **_: Any) -> None:
        if not data.get("email") and not data.get("phone"):
            message = "Give an email address or a phone number."
            raise ValidationError({"email": [message], "phone": [message]})


class LoginSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    identifier = Trimmed(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(max=1024))
    employee_id = _optional(Trimmed, data_key="employeeId", validate=validate.Length(max=64))


class UserSchema(Schema):
    """The current user as the API shows it to themselves."""

    id = fields.Integer()
    full_name = fields.String(data_key="fullName")
    email = fields.String()
    phone = fields.String()
    role = fields.String()
    is_active = fields.Boolean(data_key="isActive")
    created_at = UtcDateTime(data_key="createdAt")
    photo_url = fields.Function(photo_url, data_key="photoUrl")
    timezone = fields.String(allow_none=True)

    @post_dump(pass_original=True)
    def _with_profile(self, data: dict[str, Any], user: User, **_: Any) -> dict[str, Any]:
        if user.patient_profile is not None:
            profile = user.patient_profile
            dob = profile.date_of_birth
            data["dateOfBirth"] = dob.isoformat() if dob else None
        if user.doctor_profile is not None:
            profile = user.doctor_profile
            data["employeeId"] = profile.employee_id
            data["specialty"] = (
                profile.specialty.name if profile.specialty else profile.applied_specialty
            )
            data["verificationStatus"] = profile.verification_status
        return data


class CsrfSchema(Schema):
    csrf_token = fields.String(data_key="csrfToken", required=True)
