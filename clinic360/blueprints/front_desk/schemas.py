"""Schemas of the front desk: what staff send (bookings on behalf, changes, searches, the
queue's and the calendar's filters) and what they get (their clinic, patients' contact details,
visits with their check-in state). Nothing here carries a health field."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from clinic360.api import CamelSchema
from clinic360.models import AppointmentStatus, ConsultationType
from clinic360.pagination import PageArgs
from clinic360.schemas import ClinicSummarySchema
from clinic360.validation import (
    DB_INT_MAX,
    Email,
    Id,
    Phone,
    SaneDate,
    SingleLine,
    Trimmed,
    UtcDateTime,
    past_date,
)

CONSULTATION_TYPES = [kind.value for kind in ConsultationType]
QUEUE_STATES = ["expected", "arrived", "in_consultation", "done", "no_show", "cancelled"]
CALENDAR_MAX_PAGE_SIZE = 500


def _optional(field_cls: type[fields.Field], **kwargs: Any) -> fields.Field:
    return field_cls(load_default=None, allow_none=True, **kwargs)


def _query_id() -> fields.Field:
    """An optional id in a query string (a string there, so not Id's strict integer)."""
    return fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(1, DB_INT_MAX)
    )


# --- Inputs -----------------------------------------------------------------------------


class PatientSearchArgs(PageArgs):
    """``?q=``: part of a name, phone or email of the clinic's patients, or a phone number or
    email address exactly (any patient's); empty lists the clinic's patients."""

    q = Trimmed(load_default=None, validate=validate.Length(max=254))


class NewPatientSchema(CamelSchema):
    full_name = SingleLine(required=True, validate=validate.Length(min=1, max=120))
    phone = _optional(Phone)
    email = _optional(Email)
    date_of_birth = _optional(SaneDate, validate=past_date)

    @validates_schema
    def _email_or_phone(self, data: dict[str, Any], **_: Any) -> None:
        if not data.get("email") and not data.get("phone"):
            message = "Give the patient's email address or phone number."
            raise ValidationError({"email": [message], "phone": [message]})


class DeskBookingSchema(CamelSchema):
    """A booking on behalf of a patient: an existing one (`patientId`) or a new one."""

    doctor_id = Id(required=True)
    start_time = UtcDateTime(required=True)
    consultation_type = fields.String(required=True, validate=validate.OneOf(CONSULTATION_TYPES))
    patient_id = _optional(Id)
    new_patient = _optional(fields.Nested, nested=NewPatientSchema)
    reason = _optional(Trimmed, validate=validate.Length(max=1000))

    @validates_schema
    def _one_patient(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("patient_id") is None) == (data.get("new_patient") is None):
            message = "Give either patientId or newPatient."
            raise ValidationError({"patientId": [message], "newPatient": [message]})


class DeskChangeSchema(CamelSchema):
    """Cancel and/or move a visit on the patient's behalf."""

    status = _optional(
        fields.String,
        validate=validate.OneOf([AppointmentStatus.CANCELLED.value]),
        metadata={"description": "Only cancelled."},
    )
    start_time = _optional(UtcDateTime)
    reason = _optional(Trimmed, validate=validate.Length(max=1000))


class QueueArgs(PageArgs):
    date = _optional(SaneDate, metadata={"description": "Today in the clinic's zone if left out"})
    doctor_id = _query_id()


class CalendarArgs(PageArgs):
    """``?from=&to=`` (dates in the clinic's zone, at most 7 days; from today for a week when
    left out); pages of up to 500 visits."""

    start = _optional(SaneDate, data_key="from")
    end = _optional(SaneDate, data_key="to")
    doctor_id = _query_id()
    page_size = fields.Integer(
        load_default=200, validate=validate.Range(min=1, max=CALENDAR_MAX_PAGE_SIZE)
    )


# --- Answers ----------------------------------------------------------------------------


class DeskDoctorSchema(CamelSchema):
    """A doctor of the clinic as its front desk sees them."""

    id = fields.Integer(required=True)
    full_name = fields.String(required=True)
    specialty = fields.String(required=True, allow_none=True)
    consultation_types = fields.List(
        fields.String(validate=validate.OneOf(CONSULTATION_TYPES)), required=True
    )


class DeskClinicSchema(ClinicSummarySchema):
    """The staff member's clinic (ClinicSummary), their role there and its doctors."""

    role = fields.String(required=True, metadata={"enum": ["clinic_admin", "receptionist"]})
    doctors = fields.List(fields.Nested(DeskDoctorSchema), required=True)


class DeskPatientSchema(CamelSchema):
    """A patient's contact details (never a health field)."""

    id = fields.Integer(required=True)
    full_name = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    phone = fields.String(required=True, allow_none=True)
    date_of_birth = fields.Date(required=True, allow_none=True)


class DeskDoctorRefSchema(CamelSchema):
    id = fields.Integer(required=True)
    full_name = fields.String(required=True)


class DeskPatientRefSchema(CamelSchema):
    id = fields.Integer(required=True)
    full_name = fields.String(required=True)
    phone = fields.String(required=True, allow_none=True)
    email = fields.String(required=True, allow_none=True)


class FrontDeskAppointmentSchema(CamelSchema):
    """A visit of the clinic with its check-in state. queueState: expected, arrived (checked
    in), in_consultation (called in), done (completed), no_show or cancelled. Not its reason:
    what a patient writes of their symptoms is health data, which the desk does not see."""

    id = fields.Integer(required=True)
    status = fields.String(required=True)
    start_time = UtcDateTime(required=True)
    end_time = UtcDateTime(required=True)
    consultation_type = fields.String(required=True)
    clinic_id = fields.Integer(required=True, allow_none=True)
    doctor = fields.Nested(DeskDoctorRefSchema, required=True)
    patient = fields.Nested(DeskPatientRefSchema, required=True)
    checked_in_at = UtcDateTime(required=True, allow_none=True)
    called_in_at = UtcDateTime(required=True, allow_none=True)
    queue_state = fields.String(required=True, validate=validate.OneOf(QUEUE_STATES))


class _VisitPage(CamelSchema):
    timezone = fields.String(required=True)
    items = fields.List(fields.Nested(FrontDeskAppointmentSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)


class QueueSchema(_VisitPage):
    """A day of the clinic's visits (in its zone), a page at a time."""

    date = fields.Date(required=True)


class CalendarSchema(_VisitPage):
    """Up to 7 days of the clinic's visits, with its doctors (the calendar's columns)."""

    start = fields.Date(required=True, data_key="from")
    end = fields.Date(required=True, data_key="to")
    doctors = fields.List(fields.Nested(DeskDoctorSchema), required=True)
