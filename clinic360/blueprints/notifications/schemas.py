"""Schemas of in-app notifications and notification preferences."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from clinic360.api import CamelSchema, page_of
from clinic360.blueprints.notifications.catalogue import Kind
from clinic360.models import Notification
from clinic360.validation import TimeZoneName, UtcDateTime, isoformat_utc


class NotificationSchema(CamelSchema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": [kind.value for kind in Kind]})
    title = fields.String(required=True)
    body = fields.String(required=True)
    link = fields.String(required=True, allow_none=True)
    appointment_id = fields.Integer(required=True, allow_none=True)
    created_at = UtcDateTime(required=True)
    read_at = UtcDateTime(required=True, allow_none=True)


def notification_json(item: Notification) -> dict[str, Any]:
    """A notification as NotificationSchema dumps it, built directly (a page of twenty
    costs the schema more than the query and the rest of the request)."""
    read_at = item.read_at
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "body": item.body,
        "link": item.link,
        "appointmentId": item.appointment_id,
        "createdAt": isoformat_utc(item.created_at),
        "readAt": None if read_at is None else isoformat_utc(read_at),
    }


class NotificationListSchema(page_of(NotificationSchema)):  # type: ignore[misc]
    """A page of your notifications, newest first, and how many of all are unread."""

    unread_count = fields.Integer(required=True)


class NotificationPreferencesSchema(CamelSchema):
    """Give only what changes; smsAvailable says whether this Clinic360 can send SMS."""

    email_reminders = fields.Boolean()
    sms_reminders = fields.Boolean()
    timezone = TimeZoneName(allow_none=True)
    sms_available = fields.Boolean(dump_only=True)
