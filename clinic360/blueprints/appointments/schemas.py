"""Schemas of appointments, their history and proposals."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from clinic360.models import AppointmentStatus, ConsultationType
from clinic360.pagination import PageArgs
from clinic360.storage import photo_url
from clinic360.validation import Id, Trimmed, UtcDateTime

STATUSES = [status.value for status in AppointmentStatus]


class BookSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    doctor_id = Id(data_key="doctorId", required=True)
    start_time = UtcDateTime(data_key="startTime", required=True)
    reason = Trimmed(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    consultation_type = fields.String(
        data_key="consultationType",
        required=True,
        validate=validate.OneOf([kind.value for kind in ConsultationType]),
    )


class ChangeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATUSES))
    start_time = UtcDateTime(data_key="startTime", load_default=None, allow_none=True)
    reason = Trimmed(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class ProposeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    start_time = UtcDateTime(data_key="startTime", required=True)
    note = Trimmed(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class ListArgs(PageArgs):
    scope = fields.String(load_default=None, validate=validate.OneOf(["upcoming", "past", "today"]))
    status = fields.String(load_default=None)


class PersonSchema(Schema):
    id = fields.Integer()
    full_name = fields.String(data_key="fullName")
    photo_url = fields.Function(photo_url, data_key="photoUrl")


class DoctorRefSchema(PersonSchema):
    specialty = fields.Function(
        lambda user: (
            user.doctor_profile.specialty.name
            if user.doctor_profile and user.doctor_profile.specialty
            else None
        )
    )


class ProposalSchema(Schema):
    id = fields.Integer()
    start_at = UtcDateTime(data_key="startTime")
    end_at = UtcDateTime(data_key="endTime")
    note = fields.String(allow_none=True)
    status = fields.String()
    created_at = UtcDateTime(data_key="createdAt")


class EventSchema(Schema):
    id = fields.Integer()
    at = UtcDateTime()
    action = fields.String()
    actor_id = fields.Integer(data_key="actorId", allow_none=True)
    actor_name = fields.String(attribute="actor.full_name", data_key="actorName", allow_none=True)
    from_status = fields.String(data_key="fromStatus", allow_none=True)
    to_status = fields.String(data_key="toStatus", allow_none=True)
    from_start = UtcDateTime(data_key="fromStartTime", allow_none=True)
    to_start = UtcDateTime(data_key="toStartTime", allow_none=True)
    reason = fields.String(allow_none=True)


class AppointmentSchema(Schema):
    id = fields.Integer()
    status = fields.String()
    start_at = UtcDateTime(data_key="startTime")
    end_at = UtcDateTime(data_key="endTime")
    consultation_type = fields.String(data_key="consultationType")
    reason = fields.String(allow_none=True)
    cancel_reason = fields.String(data_key="cancelReason", allow_none=True)
    sequence = fields.Integer()
    created_at = UtcDateTime(data_key="createdAt")
    updated_at = UtcDateTime(data_key="updatedAt")
    doctor = fields.Nested(DoctorRefSchema)
    patient = fields.Nested(PersonSchema)
