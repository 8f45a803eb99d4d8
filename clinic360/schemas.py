"""Presentation schemas that several features share: people and doctors as the API shows them,
references to the objects they point at, and an appointment's own fields."""

from __future__ import annotations

from typing import Any

from flask import current_app
from marshmallow import fields, missing, validate

from clinic360.api import CamelSchema, computed
from clinic360.models import Appointment, Role, User
from clinic360.money import CURRENCIES
from clinic360.storage import photo_url
from clinic360.validation import UtcDateTime


class SpecialtyRefSchema(CamelSchema):
    """A specialty as other objects refer to it."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)


def _doctor_specialty(user: User) -> Any:
    profile = user.doctor_profile
    if profile is None:
        return missing
    return profile.specialty.name if profile.specialty else profile.applied_specialty


def _mfa_enrollment_required(user: User) -> bool:
    return user.needs_mfa_enrolment(current_app.config["REQUIRE_MFA_ROLES"])


def _idle_timeout_minutes(_user: User) -> int:
    return current_app.config["SESSION_IDLE_MINUTES"]


def _email_verified(user: User) -> bool:
    return user.email_verified_at is not None


class UserSchema(CamelSchema):
    """The current user as the API shows it to themselves. Patients also carry dateOfBirth;
    doctors employeeId, specialty and verificationStatus."""

    id = fields.Integer(required=True)
    full_name = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    phone = fields.String(required=True, allow_none=True)
    role = fields.String(required=True, validate=validate.OneOf([role.value for role in Role]))
    is_active = fields.Boolean(required=True)
    created_at = UtcDateTime(required=True)
    photo_url = computed(photo_url, "string", required=True, allow_none=True)
    timezone = fields.String(required=True, allow_none=True)
    date_of_birth = fields.Date(attribute="patient_profile.date_of_birth", allow_none=True)
    employee_id = fields.String(attribute="doctor_profile.employee_id", allow_none=True)
    specialty = computed(_doctor_specialty, "string", allow_none=True)
    verification_status = fields.String(attribute="doctor_profile.verification_status")
    email_verified = computed(_email_verified, "boolean", required=True)
    mfa_enabled = fields.Boolean(required=True)
    mfa_enrollment_required = computed(_mfa_enrollment_required, "boolean", required=True)
    idle_timeout_minutes = computed(_idle_timeout_minutes, "integer", required=True)


class ClinicSummarySchema(CamelSchema):
    """A clinic: where it is, its time zone, how to reach it and how many doctors practise
    there (dumped from the clinics feature's ClinicView)."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    city = fields.String(required=True)
    address = fields.String(required=True, allow_none=True)
    timezone = fields.String(required=True)
    phone = fields.String(required=True, allow_none=True)
    email = fields.String(required=True, allow_none=True)
    opening_notes = fields.String(required=True, allow_none=True)
    logo_url = fields.String(required=True, allow_none=True)
    doctor_count = fields.Integer(required=True)


class PersonRefSchema(CamelSchema):
    """A person as other objects refer to them (a record's doctor, a document's uploader)."""

    id = fields.Integer(required=True)
    full_name = fields.String(required=True)
    photo_url = computed(photo_url, "string", required=True, allow_none=True)


def _specialty_name(user: User) -> str | None:
    profile = user.doctor_profile
    return profile.specialty.name if profile and profile.specialty else None


class DoctorRefSchema(PersonRefSchema):
    """A doctor as other objects refer to them, with their specialty's name."""

    specialty = computed(_specialty_name, "string", required=True, allow_none=True)


class MoneySchema(CamelSchema):
    """An amount in the minor unit of its ISO 4217 currency: {"amount": 8000, "currency":
    "USD"} is 80.00 US dollars."""

    amount = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=10**11))
    currency = fields.String(
        required=True,
        validate=validate.OneOf(sorted(CURRENCIES), error="Use an ISO 4217 code like USD."),
    )


class PaymentStateSchema(CamelSchema):
    """Where an appointment's payment stands: `status` (not_required, unpaid, pending, paid,
    refunded, partially_refunded), when it was paid, how much was refunded, and when a priced
    visit is due to be paid (before_confirm, after_visit). `online`: payments can be made
    online (a provider is configured); without one, priced visits are paid at the clinic."""

    status = fields.String(required=True, attribute="payment_status")
    paid_at = UtcDateTime(allow_none=True)
    refunded_amount = fields.Integer(required=True)
    due = fields.String(attribute="payment_due", allow_none=True)
    online = computed(lambda _: payments_online(), "boolean", required=True)


def payments_online() -> bool:
    return current_app.config["PAYMENTS_PROVIDER"] != "none"


class _Price(fields.Nested):
    """The appointment's price as Money, or null when it has none."""

    def get_value(self, obj: Appointment, attr: str, accessor: Any = None, default: Any = missing):
        if obj.price_amount is None or obj.price_currency is None:
            return None
        return {"amount": obj.price_amount, "currency": obj.price_currency}


class _Same(fields.Nested):
    """A nested object made of the parent object's own attributes."""

    def get_value(self, obj: Any, attr: str, accessor: Any = None, default: Any = missing):
        return obj


class VisitSchema(CamelSchema):
    """An appointment's time, kind and reason (a doctor's chart lists visits so)."""

    id = fields.Integer(required=True)
    status = fields.String(required=True)
    start_at = UtcDateTime(data_key="startTime", required=True)
    end_at = UtcDateTime(data_key="endTime", required=True)
    consultation_type = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)


class AppointmentSchema(VisitSchema):
    """An appointment's own fields and its two people: the base of the appointments
    feature's answers, and an appointment in a patient's export."""

    cancel_reason = fields.String(required=True, allow_none=True)
    sequence = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)
    doctor = fields.Nested(DoctorRefSchema, required=True)
    patient = fields.Nested(PersonRefSchema, required=True)
    price = _Price(MoneySchema, required=True, allow_none=True)
    payment = _Same(PaymentStateSchema, required=True)


class AppointmentEventSchema(CamelSchema):
    """One change in an appointment's history (the appointment's answer and the export)."""

    id = fields.Integer(required=True)
    at = UtcDateTime(required=True)
    action = fields.String(required=True)
    actor_id = fields.Integer(required=True, allow_none=True)
    actor_name = fields.String(attribute="actor.full_name", required=True, allow_none=True)
    from_status = fields.String(required=True, allow_none=True)
    to_status = fields.String(required=True, allow_none=True)
    from_start = UtcDateTime(data_key="fromStartTime", required=True, allow_none=True)
    to_start = UtcDateTime(data_key="toStartTime", required=True, allow_none=True)
    reason = fields.String(required=True, allow_none=True)
