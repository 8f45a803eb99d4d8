"""Schemas of the public directory."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from clinic360.api import CamelSchema, computed
from clinic360.blueprints.directory.service import SORTS
from clinic360.models import ConsultationType, DoctorProfile
from clinic360.pagination import PageArgs
from clinic360.schemas import SpecialtyRefSchema
from clinic360.storage import photo_url
from clinic360.validation import Trimmed


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
    fee = fields.Decimal(
        places=2,
        as_string=True,
        required=True,
        allow_none=True,
        metadata={"type": "string", "format": "decimal"},
    )
    currency = fields.String(required=True)
    consultation_types = fields.List(fields.String(), required=True)
    availability_status = fields.String(required=True)
    rating = fields.Float(required=True, allow_none=True)
    rating_count = fields.Integer(required=True)
    timezone = computed(_timezone, "string", required=True, allow_none=True)


class DoctorSearchArgs(PageArgs):
    q = Trimmed(load_default=None, validate=validate.Length(max=200))
    specialty = Trimmed(load_default=None, validate=validate.Length(max=80))
    city = Trimmed(load_default=None, validate=validate.Length(max=120))
    consultation_type = Trimmed(
        load_default=None, validate=validate.OneOf([kind.value for kind in ConsultationType])
    )
    sort = Trimmed(load_default="relevance", validate=validate.OneOf(SORTS))
