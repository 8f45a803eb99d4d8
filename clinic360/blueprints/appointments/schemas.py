"""Schemas of appointments, their history and proposals, and of the calendar feed."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

from clinic360.api import CamelSchema
from clinic360.models import AppointmentStatus, ConsultationType
from clinic360.pagination import PageArgs
from clinic360.schemas import AppointmentEventSchema, AppointmentSchema
from clinic360.validation import Id, Trimmed, UtcDateTime

STATUSES = [status.value for status in AppointmentStatus]
CONSULTATION_TYPES = [kind.value for kind in ConsultationType]


# --- Inputs -----------------------------------------------------------------------------


class BookAppointmentSchema(CamelSchema):
    doctor_id = Id(required=True)
    start_time = UtcDateTime(required=True)
    reason = Trimmed(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    consultation_type = fields.String(required=True, validate=validate.OneOf(CONSULTATION_TYPES))
    # Where an in-person visit takes place (one of the doctor's clinics; their first when
    # left out).
    clinic_id = Id(load_default=None, allow_none=True)


class AppointmentChangeSchema(CamelSchema):
    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATUSES))
    start_time = UtcDateTime(load_default=None, allow_none=True)
    reason = Trimmed(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class ProposeTimeSchema(CamelSchema):
    start_time = UtcDateTime(required=True)
    note = Trimmed(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class StatusList(fields.String):
    """Comma-separated appointment statuses (``pending,confirmed``), loaded as a list."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[str]:
        text = super()._deserialize(value, attr, data, **kwargs)
        statuses = [part.strip() for part in text.split(",") if part.strip()]
        unknown = [status for status in statuses if status not in STATUSES]
        if unknown:
            raise ValidationError(f"Unknown status: {', '.join(unknown)}.")
        return statuses


class AppointmentListArgs(PageArgs):
    scope = fields.String(load_default=None, validate=validate.OneOf(["upcoming", "past", "today"]))
    status = StatusList(
        load_default=None,
        metadata={"description": f"Comma-separated, any of: {', '.join(STATUSES)}."},
    )


# --- Answers ----------------------------------------------------------------------------


class TimeProposalSchema(CamelSchema):
    id = fields.Integer(required=True)
    start_at = UtcDateTime(data_key="startTime", required=True)
    end_at = UtcDateTime(data_key="endTime", required=True)
    note = fields.String(required=True, allow_none=True)
    status = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class VideoJoinSchema(CamelSchema):
    user_id = fields.Integer(required=True)
    role = fields.String(required=True)
    at = UtcDateTime(attribute="joined_at", required=True)


class AppointmentItemSchema(AppointmentSchema):
    """An appointment as its patient or doctor sees it in a list: with what they may do next
    (presenters.AppointmentView)."""

    status = fields.String(required=True, metadata={"enum": STATUSES})
    consultation_type = fields.String(required=True, metadata={"enum": CONSULTATION_TYPES})
    open_proposal = fields.Nested(TimeProposalSchema, required=True, allow_none=True)
    doctor_timezone = fields.String(required=True)
    allowed_actions = fields.List(fields.String(), required=True)
    ics_url = fields.String(required=True)


class AppointmentClinicSchema(CamelSchema):
    """The clinic a visit belongs to: where an in-person visit takes place."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    address = fields.String(required=True, allow_none=True)
    city = fields.String(required=True)
    timezone = fields.String(required=True)
    phone = fields.String(required=True, allow_none=True)


class AppointmentDetailSchema(AppointmentItemSchema):
    """One appointment, with its clinic (if any), its history and who joined its video room."""

    clinic = fields.Nested(AppointmentClinicSchema, required=True, allow_none=True)
    history = fields.List(fields.Nested(AppointmentEventSchema), required=True)
    video_joins = fields.List(fields.Nested(VideoJoinSchema), required=True)


class CalendarFeedStatusSchema(CamelSchema):
    active = fields.Boolean(required=True)


class CalendarFeedLinkSchema(CamelSchema):
    url = fields.String(required=True)
