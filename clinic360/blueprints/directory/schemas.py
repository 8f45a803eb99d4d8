"""Schemas of the public directory."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from clinic360.api import CamelSchema, computed
from clinic360.blueprints.directory.reasons import KINDS
from clinic360.blueprints.directory.service import AVAILABLE, SORTS
from clinic360.models import ConsultationType, DoctorProfile
from clinic360.pagination import PageArgs
from clinic360.schemas import MoneySchema, SpecialtyRefSchema
from clinic360.storage import photo_url
from clinic360.validation import DB_INT_MAX, SingleLine, TimeZoneName, Trimmed, UtcDateTime

# Fees in a currency's minor unit (8000 is 80.00 US dollars).
MAX_FEE = 10**11


class SpecialtySchema(CamelSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)
    description = fields.String(required=True)
    symptoms = fields.List(fields.String(), required=True)


def _timezone(doctor: DoctorProfile) -> str | None:
    return doctor.schedule.timezone if doctor.schedule else None


def _languages(doctor: DoctorProfile) -> list[Any]:
    return list(doctor.languages or [])


class SlotTimesSchema(CamelSchema):
    start_time = UtcDateTime(attribute="start", required=True)
    end_time = UtcDateTime(attribute="end", required=True)


class MatchReasonSchema(CamelSchema):
    """Why a doctor matched: the words as typed, where they matched, and what they matched
    (shown "rash → Dermatology")."""

    term = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    label = fields.String(required=True)


class ClinicRefSchema(CamelSchema):
    """A clinic where the doctor practises."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    city = fields.String(required=True)


class DoctorCardSchema(CamelSchema):
    """A doctor's public, professional profile: nothing personal beyond it."""

    id = fields.Integer(attribute="user_id", required=True)
    full_name = fields.String(attribute="user.full_name", required=True)
    photo_url = computed(lambda doctor: photo_url(doctor.user), "string", allow_none=True)
    specialty = fields.Nested(SpecialtyRefSchema, required=True, allow_none=True)
    facility = fields.String(required=True, allow_none=True)
    city = fields.String(required=True, allow_none=True)
    contact = fields.String(required=True, allow_none=True)
    bio = fields.String(required=True, allow_none=True)
    languages = fields.Function(
        _languages, required=True, metadata={"type": "array", "items": {"type": "string"}}
    )
    experience_years = fields.Integer(required=True, allow_none=True)
    fee = fields.Nested(MoneySchema, required=True, allow_none=True)
    currency = fields.String(required=True)
    consultation_types = fields.List(fields.String(), required=True)
    availability_status = fields.String(required=True)
    rating = fields.Float(required=True, allow_none=True)
    rating_count = fields.Integer(required=True)
    timezone = computed(_timezone, "string", required=True, allow_none=True)
    # The first bookable slot (UTC) and the first three, null and empty when there is none.
    next_available = UtcDateTime(required=True, allow_none=True)
    next_slots = fields.List(fields.Nested(SlotTimesSchema), required=True)
    # Why the doctor matched the search's q; empty without q (and on the profile).
    match_reasons = fields.List(fields.Nested(MatchReasonSchema), required=True)
    # The open clinics where the doctor practises, the first they joined first.
    clinics = fields.List(fields.Nested(ClinicRefSchema), required=True)


class DoctorSearchArgs(PageArgs):
    q = Trimmed(load_default=None, validate=validate.Length(max=200))
    specialty = Trimmed(load_default=None, validate=validate.Length(max=80))
    city = Trimmed(load_default=None, validate=validate.Length(max=120))
    consultation_type = Trimmed(
        load_default=None, validate=validate.OneOf([kind.value for kind in ConsultationType])
    )
    sort = Trimmed(load_default="relevance", validate=validate.OneOf(SORTS))
    # In the currency's minor unit, as fees are (minFee=5000 is 50.00 dollars).
    min_fee = fields.Integer(
        load_default=None, strict=False, validate=validate.Range(min=0, max=MAX_FEE)
    )
    max_fee = fields.Integer(
        load_default=None, strict=False, validate=validate.Range(min=0, max=MAX_FEE)
    )
    language = SingleLine(load_default=None, validate=validate.Length(max=60))
    available = Trimmed(load_default=None, validate=validate.OneOf(list(AVAILABLE)))
    # The searcher's IANA time zone: where "today" and "this week" begin and end.
    tz = TimeZoneName(load_default="UTC")
    # Only doctors practising at this clinic.
    clinic_id = fields.Integer(
        load_default=None, strict=False, validate=validate.Range(min=1, max=DB_INT_MAX)
    )

    @validates_schema
    def _fee_range(self, data: dict[str, Any], **_kwargs: Any) -> None:
        low, high = data.get("min_fee"), data.get("max_fee")
        if low is not None and high is not None and low > high:
            raise ValidationError("minFee is more than maxFee.", field_name="minFee")


class SuggestArgs(CamelSchema):
    q = Trimmed(load_default=None, validate=validate.Length(max=100))


class SuggestedSymptomSchema(CamelSchema):
    phrase = fields.String(required=True)
    specialty = fields.Nested(SpecialtyRefSchema, required=True)


class SuggestedDoctorSchema(CamelSchema):
    id = fields.Integer(attribute="user_id", required=True)
    full_name = fields.String(attribute="user.full_name", required=True)
    specialty = fields.Nested(SpecialtyRefSchema, required=True, allow_none=True)
    photo_url = computed(lambda doctor: photo_url(doctor.user), "string", allow_none=True)


class SuggestionsSchema(CamelSchema):
    """What to offer as the searcher types: at most five of each."""

    specialties = fields.List(fields.Nested(SpecialtyRefSchema), required=True)
    symptoms = fields.List(fields.Nested(SuggestedSymptomSchema), required=True)
    doctors = fields.List(fields.Nested(SuggestedDoctorSchema), required=True)
