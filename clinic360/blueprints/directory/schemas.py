"""Schemas of the public directory."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, post_dump, validate

from clinic360.blueprints.directory.service import SORTS
from clinic360.models import ConsultationType, DoctorProfile
from clinic360.pagination import PageArgs
from clinic360.storage import photo_url
from clinic360.validation import Trimmed


class SpecialtySchema(Schema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    description = fields.String()
    symptoms = fields.List(fields.String())


class SpecialtyRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()


class DoctorCardSchema(Schema):
    """A doctor's public, professional profile: nothing personal beyond it."""

    id = fields.Integer(attribute="user_id")
    full_name = fields.String(attribute="user.full_name", data_key="fullName")
    specialty = fields.Nested(SpecialtyRefSchema, allow_none=True)
    facility = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    contact = fields.String(allow_none=True)
    bio = fields.String(allow_none=True)
    languages = fields.List(fields.String())
    experience_years = fields.Integer(data_key="experienceYears", allow_none=True)
    fee = fields.Decimal(places=2, as_string=True, allow_none=True)
    currency = fields.String()
    consultation_types = fields.List(fields.String(), data_key="consultationTypes")
    availability_status = fields.String(data_key="availabilityStatus")
    rating = fields.Float(allow_none=True)
    rating_count = fields.Integer(data_key="ratingCount")

    @post_dump(pass_original=True)
    def _photo(self, data: dict[str, Any], doctor: DoctorProfile, **_: Any) -> dict[str, Any]:
        data["photoUrl"] = photo_url(doctor.user)
        data["timezone"] = doctor.schedule.timezone if doctor.schedule else None
        data["languages"] = data.get("languages") or []
        return data


class DoctorSearchArgs(PageArgs):
    q = Trimmed(load_default=None, validate=validate.Length(max=200))
    specialty = Trimmed(load_default=None, validate=validate.Length(max=80))
    city = Trimmed(load_default=None, validate=validate.Length(max=120))
    consultation_type = Trimmed(
        data_key="consultationType",
        load_default=None,
        validate=validate.OneOf([kind.value for kind in ConsultationType]),
    )
    sort = Trimmed(load_default="relevance", validate=validate.OneOf(SORTS))
