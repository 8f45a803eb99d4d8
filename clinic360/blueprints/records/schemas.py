"""Schemas of records, prescriptions, documents, the access log, a doctor's chart of a patient
and a patient's export."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import fields, post_load, validate

from clinic360.api import CamelSchema, computed
from clinic360.clock import now_utc
from clinic360.models import User
from clinic360.schemas import PersonRefSchema, VisitSchema
from clinic360.storage import photo_url
from clinic360.validation import Id, Trimmed, UtcDateTime


def _text(max_length: int, **kwargs: Any) -> Trimmed:
    return Trimmed(validate=validate.Length(max=max_length), **kwargs)


class Derived(fields.Nested):
    """A value computed from the object by `get`, already a plain dict or list under the API's
    names (JSON stored as text, say), documented as the nested schema."""

    def __init__(self, nested: Any, get: Callable[[Any], Any], **kwargs: Any) -> None:
        super().__init__(nested, **kwargs)
        self.get = get

    def serialize(self, attr: str, obj: Any, accessor: Any = None, **kwargs: Any) -> Any:
        return self.get(obj)


# --- Records and prescriptions ---------------------------------------------------------------


class PrescriptionItemSchema(CamelSchema):
    medication = _text(200, required=True)
    dose = _text(100, required=True)
    route = _text(60, load_default=None, allow_none=True)
    frequency = _text(100, required=True)
    duration = _text(100, required=True)
    instructions = _text(500, load_default=None, allow_none=True)


class VitalsSchema(CamelSchema):
    temperature_c = fields.Float(validate=validate.Range(25, 45))
    pulse = fields.Integer(validate=validate.Range(20, 250))
    systolic = fields.Integer(validate=validate.Range(50, 260))
    diastolic = fields.Integer(validate=validate.Range(30, 160))
    respiratory_rate = fields.Integer(validate=validate.Range(4, 80))
    oxygen_saturation = fields.Integer(validate=validate.Range(50, 100))
    weight_kg = fields.Float(validate=validate.Range(0.3, 400))
    height_cm = fields.Float(validate=validate.Range(20, 260))


class VitalsAsSent(CamelSchema):
    @post_load
    def _vitals_as_sent(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        """Keep vitals under the names the API uses: that is how the record stores them."""
        if data.get("vitals"):
            data["vitals"] = VitalsSchema().dump(data["vitals"])
        return data


class RecordInSchema(VitalsAsSent):
    patient_id = Id(required=True)
    appointment_id = Id(load_default=None, allow_none=True)
    diagnosis = _text(2000, required=True)
    notes = _text(10000, load_default=None, allow_none=True)
    vitals = fields.Nested(VitalsSchema, load_default=None, allow_none=True)
    follow_up = _text(2000, load_default=None, allow_none=True)
    prescription = fields.List(
        fields.Nested(PrescriptionItemSchema),
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=30),
    )


class AmendmentSchema(VitalsAsSent):
    diagnosis = _text(2000)
    notes = _text(10000, allow_none=True)
    vitals = fields.Nested(VitalsSchema, allow_none=True)
    follow_up = _text(2000, allow_none=True)
    prescription = fields.List(
        fields.Nested(PrescriptionItemSchema), allow_none=True, validate=validate.Length(max=30)
    )
    reason = _text(1000, required=True)


def _json(text: str | None) -> Any:
    return json.loads(text) if text else None


class PrescriptionSchema(CamelSchema):
    id = fields.Integer(required=True)
    record_id = fields.Integer(required=True)
    verification_code = fields.String(required=True)
    created_at = UtcDateTime(required=True)
    items = Derived(PrescriptionItemSchema, lambda p: _json(p.items), many=True, required=True)
    pdf_url = computed(lambda p: f"/api/prescriptions/{p.id}.pdf", "string", required=True)


class RecordSchema(CamelSchema):
    id = fields.Integer(required=True)
    patient_id = fields.Integer(required=True)
    appointment_id = fields.Integer(required=True, allow_none=True)
    amends_id = fields.Integer(data_key="amends", required=True, allow_none=True)
    # Later records that correct this one (the service sets them on a page of records).
    amended_by = fields.List(fields.Integer(), dump_default=list, required=True)
    created_at = UtcDateTime(required=True)
    diagnosis = fields.String(required=True)
    notes = fields.String(required=True, allow_none=True)
    vitals = Derived(VitalsSchema, lambda r: _json(r.vitals), required=True, allow_none=True)
    follow_up = fields.String(required=True, allow_none=True)
    amendment_reason = fields.String(required=True, allow_none=True)
    doctor = fields.Nested(PersonRefSchema, required=True)
    prescriptions = fields.List(fields.Nested(PrescriptionSchema), required=True)


# --- Documents and the access log -----------------------------------------------------------


class DocumentUploadSchema(CamelSchema):
    file = Upload(required=True, error_messages={"required": "Choose a file to upload."})


class DocumentSchema(CamelSchema):
    id = fields.Integer(required=True)
    patient_id = fields.Integer(required=True)
    filename = fields.String(required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    uploaded_by = fields.Nested(PersonRefSchema, required=True)
    download_url = computed(lambda d: f"/api/documents/{d.id}", "string", required=True)


class HealthAccessSchema(CamelSchema):
    id = fields.Integer(required=True)
    at = UtcDateTime(required=True)
    actor_id = fields.Integer(required=True, allow_none=True)
    actor_name = fields.String(attribute="actor.full_name", required=True, allow_none=True)
    actor_role = fields.String(required=True)
    action = fields.String(required=True)
    object_type = fields.String(required=True)
    object_id = fields.Integer(required=True, allow_none=True)


# --- A doctor's chart of a patient, a patient's export --------------------------------------


def _age(user: User) -> int | None:
    profile = user.patient_profile
    return profile.age(now_utc().date()) if profile else None


def _emergency_contact(user: User) -> dict[str, Any] | None:
    profile = user.patient_profile
    if profile is None or not profile.emergency_contact_name:
        return None
    return {
        "name": profile.emergency_contact_name,
        "phone": profile.emergency_contact_phone,
        "relationship": profile.emergency_contact_relationship,
    }


class PatientContactSchema(CamelSchema):
    name = fields.String(required=True)
    phone = fields.String(required=True, allow_none=True)
    relationship = fields.String(required=True, allow_none=True)


class PatientHealthSchema(CamelSchema):
    """A patient's health basics, as their treating doctor's chart shows them."""

    id = fields.Integer(required=True)
    role = fields.String(required=True)
    full_name = fields.String(required=True)
    photo_url = computed(photo_url, "string", required=True, allow_none=True)
    date_of_birth = fields.Date(attribute="patient_profile.date_of_birth", allow_none=True)
    sex = fields.String(attribute="patient_profile.sex", allow_none=True)
    allergies = fields.String(attribute="patient_profile.allergies", allow_none=True)
    chronic_conditions = fields.String(
        attribute="patient_profile.chronic_conditions", allow_none=True
    )
    current_medications = fields.String(
        attribute="patient_profile.current_medications", allow_none=True
    )
    pregnancy_stage = fields.String(attribute="patient_profile.pregnancy_stage", allow_none=True)
    age = computed(_age, "integer", required=True, allow_none=True)
    emergency_contact = Derived(
        PatientContactSchema, _emergency_contact, required=True, allow_none=True
    )


class ChartSchema(CamelSchema):
    patient = fields.Nested(PatientHealthSchema, required=True)
    appointments = fields.List(fields.Nested(VisitSchema), required=True)
