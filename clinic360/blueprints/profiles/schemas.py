"""Own-profile schemas: what each role sees of itself and may change."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest.fields import Upload
from marshmallow import fields, post_dump, validate

from clinic360.api import CamelSchema, computed
from clinic360.clock import now_utc
from clinic360.models import (
    AvailabilityStatus,
    ConsultationType,
    PregnancyStage,
    Role,
    Sex,
    User,
)
from clinic360.schemas import MoneySchema, SpecialtyRefSchema
from clinic360.storage import PHOTO_WIDTHS, photo_url
from clinic360.validation import (
    Email,
    Id,
    Phone,
    SingleLine,
    TimeZoneName,
    Trimmed,
    past_date,
)


def _text(max_length: int, **kwargs: Any) -> Trimmed:
    return Trimmed(allow_none=True, validate=validate.Length(max=max_length), **kwargs)


def _line(max_length: int, **kwargs: Any) -> SingleLine:
    return SingleLine(allow_none=True, validate=validate.Length(max=max_length), **kwargs)


# The profile schemas also describe PUT /api/profile's body: their read-only fields are not
# marked required, so that clients are not asked to send them.
def _role(*roles: Role) -> fields.String:
    return fields.String(dump_only=True, metadata={"enum": [role.value for role in roles]})


class BaseProfileSchema(CamelSchema):
    id = fields.Integer(dump_only=True)
    role = _role(*Role)
    full_name = SingleLine(validate=validate.Length(max=120))
    email = Email(allow_none=True)
    phone = Phone(allow_none=True)
    timezone = TimeZoneName(allow_none=True)
    photo_url = computed(photo_url, "string", dump_only=True, allow_none=True)


class EmergencyContactSchema(CamelSchema):
    name = SingleLine(required=True, validate=validate.Length(max=120))
    phone = Phone(required=True)
    relationship = _line(60, load_default=None)


def _age(user: User) -> int | None:
    profile = user.patient_profile
    return profile.age(now_utc().date()) if profile else None


class PatientProfileSchema(BaseProfileSchema):
    role = _role(Role.PATIENT)
    age = computed(_age, "integer", dump_only=True, allow_none=True)
    date_of_birth = fields.Date(
        allow_none=True, validate=past_date, attribute="patient_profile.date_of_birth"
    )
    sex = Trimmed(
        allow_none=True,
        validate=validate.OneOf([s.value for s in Sex]),
        attribute="patient_profile.sex",
    )
    allergies = _text(2000, attribute="patient_profile.allergies")
    chronic_conditions = _text(2000, attribute="patient_profile.chronic_conditions")
    current_medications = _text(2000, attribute="patient_profile.current_medications")
    pregnancy_stage = Trimmed(
        allow_none=True,
        validate=validate.OneOf([s.value for s in PregnancyStage]),
        attribute="patient_profile.pregnancy_stage",
    )
    # Loaded whole into changes["emergency_contact"]; dumped from the profile's three columns.
    emergency_contact = fields.Nested(EmergencyContactSchema, allow_none=True)

    @post_dump(pass_original=True)
    def _contact(self, data: dict[str, Any], user: User, **_: Any) -> dict[str, Any]:
        profile = user.patient_profile
        contact = None
        if profile and profile.emergency_contact_name:
            contact = {
                "name": profile.emergency_contact_name,
                "phone": profile.emergency_contact_phone,
                "relationship": profile.emergency_contact_relationship,
            }
        if "emergency_contact" in self.dump_fields:
            data["emergencyContact"] = contact
        return data


class DoctorProfileSchema(BaseProfileSchema):
    role = _role(Role.DOCTOR)
    email = Email(dump_only=True, allow_none=True)
    employee_id = fields.String(
        dump_only=True, allow_none=True, attribute="doctor_profile.employee_id"
    )
    verification_status = fields.String(
        dump_only=True, attribute="doctor_profile.verification_status"
    )
    specialty_id = Id(allow_none=True, attribute="doctor_profile.specialty_id")
    specialty = fields.Nested(
        SpecialtyRefSchema, dump_only=True, allow_none=True, attribute="doctor_profile.specialty"
    )
    facility = _line(160, attribute="doctor_profile.facility")
    city = _line(120, attribute="doctor_profile.city")
    contact = _line(160, attribute="doctor_profile.contact")
    bio = _text(4000, attribute="doctor_profile.bio")
    languages = fields.List(
        SingleLine(validate=validate.Length(min=1, max=40)),
        validate=validate.Length(max=20),
        attribute="doctor_profile.languages",
    )
    experience_years = fields.Integer(
        allow_none=True,
        strict=True,
        validate=validate.Range(min=0, max=70),
        attribute="doctor_profile.experience_years",
    )
    # Money in the currency's minor unit: {"amount": 8000, "currency": "USD"}; null for none.
    fee = fields.Nested(MoneySchema, allow_none=True, attribute="doctor_profile.fee")
    # The currency of the fee (set with the fee).
    currency = fields.String(dump_only=True, attribute="doctor_profile.currency")
    consultation_types = fields.List(
        fields.String(validate=validate.OneOf([kind.value for kind in ConsultationType])),
        validate=validate.Length(min=1, error="Offer at least one consultation type."),
        attribute="doctor_profile.consultation_types",
    )
    availability_status = Trimmed(
        validate=validate.OneOf([status.value for status in AvailabilityStatus]),
        attribute="doctor_profile.availability_status",
    )

    @post_dump
    def _defaults(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["languages"] = data.get("languages") or []
        return data


class AdminProfileSchema(BaseProfileSchema):
    """The account alone: an admin's, or a clinic's staff member's."""

    role = _role(Role.ADMIN, Role.CLINIC_ADMIN, Role.RECEPTIONIST)


def profile_schema(user: User) -> BaseProfileSchema:
    if user.is_patient:
        return PatientProfileSchema()
    if user.is_doctor:
        return DoctorProfileSchema()
    return AdminProfileSchema()


class OwnProfileSchema(CamelSchema):
    """Your own profile in the shape of your role: dumped with the role schema of the user
    dumped, loaded (as a change: only the fields sent) with the caller's."""

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        return profile_schema(obj).dump(obj)

    def load(self, data: Any, **_: Any) -> Any:  # type: ignore[override]
        schema = profile_schema(current_user)
        # Partial at the top level only: a nested emergency contact is checked whole.
        return schema.load(data, partial=tuple(schema.load_fields))


# How OwnProfileSchema appears in the OpenAPI document: one of the role schemas.
OWN_PROFILE_DOC = {"anyOf": [PatientProfileSchema, DoctorProfileSchema, AdminProfileSchema]}


class PhotoUploadSchema(CamelSchema):
    photo = Upload(
        required=True,
        error_messages={"required": "Choose a photo to upload."},
        metadata={"description": "JPEG, PNG or WebP, 5 MB at most"},
    )


class PhotoSizeArgs(CamelSchema):
    # The longest side in pixels of a smaller copy (WebP); the stored photo without it.
    w = fields.Integer(
        validate=validate.OneOf(PHOTO_WIDTHS, error="Use a width of 96, 192 or 384.")
    )


class PhotoUrlSchema(CamelSchema):
    photo_url = computed(photo_url, "string", required=True)
