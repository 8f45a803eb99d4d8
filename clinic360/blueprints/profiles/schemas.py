"""Own-profile schemas: what each role sees of itself and may change."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    fields,
    post_dump,
    validate,
)

from clinic360.blueprints.directory.schemas import SpecialtyRefSchema
from clinic360.clock import now_utc
from clinic360.models import (
    AvailabilityStatus,
    ConsultationType,
    PregnancyStage,
    Sex,
    User,
)
from clinic360.storage import photo_url
from clinic360.validation import Email, Id, Phone, TimeZoneName, Trimmed, past_date

CURRENCIES = [
    "USD",
    "EUR",
    "GBP",
    "INR",
    "NGN",
    "KES",
    "ZAR",
    "CAD",
    "AUD",
    "JPY",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "BRL",
    "MXN",
    "AED",
    "SAR",
    "EGP",
    "GHS",
    "UGX",
    "TZS",
    "RWF",
    "PKR",
    "BDT",
    "LKR",
    "PHP",
    "IDR",
    "MYR",
    "SGD",
    "NZD",
    "CNY",
    "HKD",
    "KRW",
    "TRY",
    "ILS",
]


def _text(max_length: int, **kwargs: Any) -> Trimmed:
    return Trimmed(allow_none=True, validate=validate.Length(max=max_length), **kwargs)


class BaseProfileSchema(Schema):
    id = fields.Integer(dump_only=True)
    role = fields.String(dump_only=True)
    full_name = Trimmed(data_key="fullName", validate=validate.Length(max=120))
    email = Email(allow_none=True)
    phone = Phone(allow_none=True)
    timezone = TimeZoneName(allow_none=True)

    class Meta:
        unknown = EXCLUDE

    @post_dump(pass_original=True)
    def _photo(self, data: dict[str, Any], user: User, **_: Any) -> dict[str, Any]:
        data["photoUrl"] = photo_url(user)
        return data


class EmergencyContactSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = Trimmed(required=True, validate=validate.Length(max=120))
    phone = Phone(required=True)
    relationship = _text(60, load_default=None)


class PatientProfileSchema(BaseProfileSchema):
    date_of_birth = fields.Date(
        data_key="dateOfBirth",
        allow_none=True,
        validate=past_date,
        attribute="patient_profile.date_of_birth",
    )
    sex = Trimmed(
        allow_none=True,
        validate=validate.OneOf([s.value for s in Sex]),
        attribute="patient_profile.sex",
    )
    allergies = _text(2000, attribute="patient_profile.allergies")
    chronic_conditions = _text(
        2000, data_key="chronicConditions", attribute="patient_profile.chronic_conditions"
    )
    current_medications = _text(
        2000, data_key="currentMedications", attribute="patient_profile.current_medications"
    )
    pregnancy_stage = Trimmed(
        data_key="pregnancyStage",
        allow_none=True,
        validate=validate.OneOf([s.value for s in PregnancyStage]),
        attribute="patient_profile.pregnancy_stage",
    )
    emergency_contact = fields.Nested(
        EmergencyContactSchema, data_key="emergencyContact", allow_none=True, load_only=True
    )

    @post_dump(pass_original=True)
    def _derived(self, data: dict[str, Any], user: User, **_: Any) -> dict[str, Any]:
        profile = user.patient_profile
        data["age"] = profile.age(now_utc().date()) if profile else None
        contact = None
        if profile and profile.emergency_contact_name:
            contact = {
                "name": profile.emergency_contact_name,
                "phone": profile.emergency_contact_phone,
                "relationship": profile.emergency_contact_relationship,
            }
        data["emergencyContact"] = contact
        return data


class DoctorProfileSchema(BaseProfileSchema):
    email = Email(dump_only=True)
    employee_id = fields.String(
        data_key="employeeId", dump_only=True, attribute="doctor_profile.employee_id"
    )
    verification_status = fields.String(
        data_key="verificationStatus",
        dump_only=True,
        attribute="doctor_profile.verification_status",
    )
    specialty_id = Id(
        data_key="specialtyId", allow_none=True, attribute="doctor_profile.specialty_id"
    )
    specialty = fields.Nested(
        SpecialtyRefSchema, dump_only=True, allow_none=True, attribute="doctor_profile.specialty"
    )
    facility = _text(160, attribute="doctor_profile.facility")
    city = _text(120, attribute="doctor_profile.city")
    contact = _text(160, attribute="doctor_profile.contact")
    bio = _text(4000, attribute="doctor_profile.bio")
    languages = fields.List(
        Trimmed(validate=validate.Length(min=1, max=40)),
        validate=validate.Length(max=20),
        attribute="doctor_profile.languages",
    )
    experience_years = fields.Integer(
        data_key="experienceYears",
        allow_none=True,
        strict=True,
        validate=validate.Range(min=0, max=70),
        attribute="doctor_profile.experience_years",
    )
    fee = fields.Decimal(
        places=2,
        as_string=True,
        allow_none=True,
        allow_nan=False,
        validate=validate.Range(min=Decimal(0), max=Decimal(100_000)),
        attribute="doctor_profile.fee",
    )
    currency = Trimmed(
        validate=validate.OneOf(CURRENCIES, error="Use a three-letter currency code."),
        attribute="doctor_profile.currency",
    )
    consultation_types = fields.List(
        fields.String(validate=validate.OneOf([kind.value for kind in ConsultationType])),
        data_key="consultationTypes",
        validate=validate.Length(min=1, error="Offer at least one consultation type."),
        attribute="doctor_profile.consultation_types",
    )
    availability_status = Trimmed(
        data_key="availabilityStatus",
        validate=validate.OneOf([status.value for status in AvailabilityStatus]),
        attribute="doctor_profile.availability_status",
    )

    @post_dump
    def _defaults(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["languages"] = data.get("languages") or []
        return data


class AdminProfileSchema(BaseProfileSchema):
    pass


def profile_schema(user: User) -> BaseProfileSchema:
    if user.is_patient:
        return PatientProfileSchema()
    if user.is_doctor:
        return DoctorProfileSchema()
    return AdminProfileSchema()
