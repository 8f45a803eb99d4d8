"""Schemas of records, prescriptions, documents and the access log."""

from __future__ import annotations

import json
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_dump, post_load, validate

from clinic360.models import MedicalRecord, Prescription
from clinic360.validation import Id, Trimmed, UtcDateTime


def _text(max_length: int, **kwargs: Any) -> Trimmed:
    return Trimmed(validate=validate.Length(max=max_length), **kwargs)


class ItemSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    medication = _text(200, required=True)
    dose = _text(100, required=True)
    route = _text(60, load_default=None, allow_none=True)
    frequency = _text(100, required=True)
    duration = _text(100, required=True)
    instructions = _text(500, load_default=None, allow_none=True)


class VitalsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    temperature_c = fields.Float(data_key="temperatureC", validate=validate.Range(25, 45))
    pulse = fields.Integer(validate=validate.Range(20, 250))
    systolic = fields.Integer(validate=validate.Range(50, 260))
    diastolic = fields.Integer(validate=validate.Range(30, 160))
    respiratory_rate = fields.Integer(data_key="respiratoryRate", validate=validate.Range(4, 80))
    oxygen_saturation = fields.Integer(
        data_key="oxygenSaturation", validate=validate.Range(50, 100)
    )
    weight_kg = fields.Float(data_key="weightKg", validate=validate.Range(0.3, 400))
    height_cm = fields.Float(data_key="heightCm", validate=validate.Range(20, 260))


class VitalsAsSent(Schema):
    @post_load
    def _vitals_as_sent(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        """Keep vitals under the names the API uses: that is how the record stores them."""
        if data.get("vitals"):
            data["vitals"] = VitalsSchema().dump(data["vitals"])
        return data


class RecordInSchema(VitalsAsSent):
    class Meta:
        unknown = EXCLUDE

    patient_id = Id(data_key="patientId", required=True)
    appointment_id = Id(data_key="appointmentId", load_default=None, allow_none=True)
    diagnosis = _text(2000, required=True)
    notes = _text(10000, load_default=None, allow_none=True)
    vitals = fields.Nested(VitalsSchema, load_default=None, allow_none=True)
    follow_up = _text(2000, data_key="followUp", load_default=None, allow_none=True)
    prescription = fields.List(
        fields.Nested(ItemSchema),
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=30),
    )


class AmendmentSchema(VitalsAsSent):
    class Meta:
        unknown = EXCLUDE

    diagnosis = _text(2000)
    notes = _text(10000, allow_none=True)
    vitals = fields.Nested(VitalsSchema, allow_none=True)
    follow_up = _text(2000, data_key="followUp", allow_none=True)
    prescription = fields.List(
        fields.Nested(ItemSchema), allow_none=True, validate=validate.Length(max=30)
    )
    reason = _text(1000, required=True)


class PrescriptionSchema(Schema):
    id = fields.Integer()
    record_id = fields.Integer(data_key="recordId")
    verification_code = fields.String(data_key="verificationCode")
    created_at = UtcDateTime(data_key="createdAt")

    @post_dump(pass_original=True)
    def _items(self, data: dict[str, Any], prescription: Prescription, **_: Any) -> dict[str, Any]:
        data["items"] = json.loads(prescription.items)
        data["pdfUrl"] = f"/api/prescriptions/{prescription.id}.pdf"
        return data


class RecordSchema(Schema):
    id = fields.Integer()
    patient_id = fields.Integer(data_key="patientId")
    appointment_id = fields.Integer(data_key="appointmentId", allow_none=True)
    amends_id = fields.Integer(data_key="amends", allow_none=True)
    created_at = UtcDateTime(data_key="createdAt")
    diagnosis = fields.String()
    notes = fields.String(allow_none=True)
    follow_up = fields.String(data_key="followUp", allow_none=True)
    amendment_reason = fields.String(data_key="amendmentReason", allow_none=True)
    prescriptions = fields.List(fields.Nested(PrescriptionSchema))

    @post_dump(pass_original=True)
    def _derived(self, data: dict[str, Any], record: MedicalRecord, **_: Any) -> dict[str, Any]:
        data["vitals"] = json.loads(record.vitals) if record.vitals else None
        data["doctor"] = {"id": record.doctor.id, "fullName": record.doctor.full_name}
        data["amendedBy"] = self.context_amended.get(record.id, [])
        return data

    def __init__(
        self, *args: Any, amended_by: dict[int, list[int]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.context_amended = amended_by or {}


class DocumentSchema(Schema):
    id = fields.Integer()
    patient_id = fields.Integer(data_key="patientId")
    filename = fields.String()
    content_type = fields.String(data_key="contentType")
    size = fields.Integer()
    created_at = UtcDateTime(data_key="createdAt")
    uploaded_by = fields.Function(
        lambda d: {"id": d.uploaded_by.id, "fullName": d.uploaded_by.full_name},
        data_key="uploadedBy",
    )

    @post_dump(pass_original=True)
    def _url(self, data: dict[str, Any], document: Any, **_: Any) -> dict[str, Any]:
        data["downloadUrl"] = f"/api/documents/{document.id}"
        return data


class AccessSchema(Schema):
    id = fields.Integer()
    at = UtcDateTime()
    actor_id = fields.Integer(data_key="actorId", allow_none=True)
    actor_name = fields.String(attribute="actor.full_name", data_key="actorName")
    actor_role = fields.String(data_key="actorRole")
    action = fields.String()
    object_type = fields.String(data_key="objectType")
    object_id = fields.Integer(data_key="objectId", allow_none=True)
