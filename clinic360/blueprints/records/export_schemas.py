"""A patient's export: everything the account holds about them, as one JSON document."""

from __future__ import annotations

from marshmallow import fields

from clinic360.api import CamelSchema, computed
from clinic360.blueprints.records.schemas import (
    DocumentSchema,
    HealthAccessSchema,
    PatientHealthSchema,
    PrescriptionSchema,
    RecordSchema,
)
from clinic360.schemas import AppointmentEventSchema, AppointmentSchema
from clinic360.validation import UtcDateTime


class ExportProfileSchema(PatientHealthSchema):
    email = fields.String(required=True, allow_none=True)
    phone = fields.String(required=True, allow_none=True)
    timezone = fields.String(required=True, allow_none=True)
    created_at = UtcDateTime(required=True)
    last_login_at = UtcDateTime(required=True, allow_none=True)
    email_verified = computed(lambda u: u.email_verified_at is not None, "boolean", required=True)
    mfa_enabled = fields.Boolean(required=True)


class ExportPreferencesSchema(CamelSchema):
    email_reminders = fields.Boolean(required=True)
    sms_reminders = fields.Boolean(required=True)
    timezone = fields.String(required=True, allow_none=True)
    calendar_feed = fields.Boolean(required=True)


class ExportAppointmentSchema(AppointmentSchema):
    """An appointment in a patient's export, with every change made to it."""

    history = fields.List(fields.Nested(AppointmentEventSchema), attribute="events", required=True)


class ExportMessageSchema(CamelSchema):
    id = fields.Integer(required=True)
    appointment_id = fields.Integer(required=True)
    sender_id = fields.Integer(required=True)
    sender_name = fields.String(required=True)
    created_at = UtcDateTime(required=True)
    body = fields.String(required=True)


class ExportNotificationSchema(CamelSchema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    body = fields.String(required=True)
    link = fields.String(required=True, allow_none=True)
    created_at = UtcDateTime(required=True)
    read_at = UtcDateTime(required=True, allow_none=True)


class ExportMailSchema(CamelSchema):
    """A mail or SMS sent (or due) to the patient: what kind, and what became of it."""

    kind = fields.String(required=True)
    channel = fields.String(required=True)
    status = fields.String(required=True)
    created_at = UtcDateTime(required=True)
    sent_at = UtcDateTime(required=True, allow_none=True)


class ExportSessionSchema(CamelSchema):
    id = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    last_seen_at = UtcDateTime(required=True)
    expires_at = UtcDateTime(required=True)
    revoked_at = UtcDateTime(required=True, allow_none=True)
    ip_address = fields.String(required=True, allow_none=True)
    user_agent = fields.String(required=True, allow_none=True)


class ExportVideoJoinSchema(CamelSchema):
    appointment_id = fields.Integer(required=True)
    joined_at = UtcDateTime(required=True)
    ip_address = fields.String(required=True, allow_none=True)


class ExportDeletionRequestSchema(CamelSchema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)
    requested_at = UtcDateTime(required=True)
    completed_at = UtcDateTime(required=True, allow_none=True)


class ExportReplySchema(CamelSchema):
    body = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class ExportReviewSchema(CamelSchema):
    """A review the patient wrote, whether a moderator hid it (and why), and the reply."""

    id = fields.Integer(required=True)
    appointment_id = fields.Integer(required=True)
    doctor_id = fields.Integer(required=True)
    doctor_name = fields.String(required=True)
    rating = fields.Integer(required=True)
    comment = fields.String(required=True, allow_none=True)
    created_at = UtcDateTime(required=True)
    edited_at = UtcDateTime(required=True, allow_none=True)
    hidden_at = UtcDateTime(required=True, allow_none=True)
    hidden_reason = fields.String(required=True, allow_none=True)
    reply = fields.Nested(ExportReplySchema, required=True, allow_none=True)


class ExportReviewReportSchema(CamelSchema):
    """A report of a review the patient sent, and what became of it."""

    id = fields.Integer(required=True)
    review_id = fields.Integer(required=True)
    reason = fields.String(required=True)
    details = fields.String(required=True, allow_none=True)
    created_at = UtcDateTime(required=True)
    resolved_at = UtcDateTime(required=True, allow_none=True)
    resolution = fields.String(required=True, allow_none=True)


class ExportSchema(CamelSchema):
    """Everything the account holds about the patient."""

    exported_at = UtcDateTime(required=True)
    profile = fields.Nested(ExportProfileSchema, required=True)
    preferences = fields.Nested(ExportPreferencesSchema, required=True)
    appointments = fields.List(fields.Nested(ExportAppointmentSchema), required=True)
    records = fields.List(fields.Nested(RecordSchema), required=True)
    prescriptions = fields.List(fields.Nested(PrescriptionSchema), required=True)
    documents = fields.List(fields.Nested(DocumentSchema), required=True)
    messages = fields.List(fields.Nested(ExportMessageSchema), required=True)
    notifications = fields.List(fields.Nested(ExportNotificationSchema), required=True)
    mail = fields.List(fields.Nested(ExportMailSchema), required=True)
    sessions = fields.List(fields.Nested(ExportSessionSchema), required=True)
    video_joins = fields.List(fields.Nested(ExportVideoJoinSchema), required=True)
    access_log = fields.List(fields.Nested(HealthAccessSchema), required=True)
    deletion_requests = fields.List(fields.Nested(ExportDeletionRequestSchema), required=True)
    reviews = fields.List(fields.Nested(ExportReviewSchema), required=True)
    review_reports = fields.List(fields.Nested(ExportReviewReportSchema), required=True)
