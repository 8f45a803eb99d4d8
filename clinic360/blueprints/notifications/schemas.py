"""Schemas of in-app notifications and notification preferences."""

from __future__ import annotations

from marshmallow import fields

from clinic360.api import CamelSchema, page_of
from clinic360.blueprints.notifications.catalogue import Kind
from clinic360.validation import TimeZoneName, UtcDateTime


class NotificationSchema(CamelSchema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": [kind.value for kind in Kind]})
    title = fields.String(required=True)
    body = fields.String(required=True)
    link = fields.String(required=True, allow_none=True)
    appointment_id = fields.Integer(required=True, allow_none=True)
    created_at = UtcDateTime(required=True)
    read_at = UtcDateTime(required=True, allow_none=True)


class NotificationListSchema(page_of(NotificationSchema)):  # type: ignore[misc]
    """A page of your notifications, newest first, and how many of all are unread."""

    unread_count = fields.Integer(required=True)


class NotificationPreferencesSchema(CamelSchema):
    """Give only what changes; smsAvailable says whether this Clinic360 can send SMS."""

    email_reminders = fields.Boolean()
    sms_reminders = fields.Boolean()
    timezone = TimeZoneName(allow_none=True)
    sms_available = fields.Boolean(dump_only=True)
