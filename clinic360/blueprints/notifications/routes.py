"""In-app notifications and notification preferences."""

from __future__ import annotations

from flask import current_app, jsonify
from flask_login import current_user
from marshmallow import EXCLUDE, Schema, fields

from clinic360.blueprints.notifications import bp, service
from clinic360.clock import now_utc
from clinic360.errors import NotFound
from clinic360.extensions import db
from clinic360.http import load, login_required
from clinic360.openapi import doc, paged_of
from clinic360.pagination import PageArgs, paged, query_args
from clinic360.validation import TimeZoneName, UtcDateTime


class NotificationSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    body = fields.String()
    link = fields.String(allow_none=True)
    appointment_id = fields.Integer(data_key="appointmentId", allow_none=True)
    created_at = UtcDateTime(data_key="createdAt")
    read_at = UtcDateTime(data_key="readAt", allow_none=True)


class PreferencesSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    email_reminders = fields.Boolean(data_key="emailReminders")
    sms_reminders = fields.Boolean(data_key="smsReminders")
    timezone = TimeZoneName(allow_none=True)


@bp.get("/notifications")
@doc(
    "Your notifications, newest first, with unreadCount",
    response=paged_of(NotificationSchema),
    errors=(422,),
)
@login_required
def list_notifications():
    args = query_args(PageArgs())
    items, total, unread = service.list_notifications(current_user, args["page"], args["page_size"])
    body = paged(NotificationSchema(many=True).dump(items), total, args["page"], args["page_size"])
    body["unreadCount"] = unread
    return jsonify(body)


@bp.post("/notifications/<int:notification_id>/read")
@doc("Mark one of your notifications read", response=NotificationSchema, errors=(404,))
@login_required
def read_notification(notification_id: int):
    notification = service.mark_read(current_user, notification_id, now_utc())
    if notification is None:
        raise NotFound("No such notification.")
    db.session.commit()
    return jsonify(NotificationSchema().dump(notification))


@bp.post("/notifications/read-all")
@doc("Mark all your notifications read", status=204)
@login_required
def read_all_notifications():
    service.mark_all_read(current_user, now_utc())
    db.session.commit()
    return "", 204


@bp.get("/notifications/preferences")
@doc("Your notification preferences", response=PreferencesSchema)
@login_required
def get_preferences():
    return jsonify(_preferences())


@bp.put("/notifications/preferences")
@doc(
    "Turn reminder mail or SMS on or off, and set your time zone",
    body=PreferencesSchema,
    response=PreferencesSchema,
)
@login_required
def put_preferences():
    data = load(PreferencesSchema(), partial=True)
    for name, value in data.items():
        setattr(current_user, name, value)
    db.session.commit()
    return jsonify(_preferences())


def _preferences() -> dict:
    body = PreferencesSchema().dump(current_user)
    body["smsAvailable"] = bool(current_app.config["SMS_BACKEND"])
    return body
