"""In-app notifications and notification preferences."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_login import current_user

from clinic360.api import page_json
from clinic360.blueprints.notifications import bp, presenters, service
from clinic360.blueprints.notifications.schemas import (
    NotificationListSchema,
    NotificationPreferencesSchema,
    NotificationSchema,
    notification_json,
)
from clinic360.clock import now_utc
from clinic360.errors import NotFound
from clinic360.http import login_required, signed_in_user
from clinic360.pagination import PageArgs
from clinic360.read_only import read_only


@bp.get("/notifications")
@read_only
@bp.arguments(PageArgs, location="query")
@bp.response(200, NotificationListSchema)
@login_required
def list_notifications(args: dict[str, Any]):
    """Your notifications, newest first, with unreadCount"""
    items, total, unread = service.list_notifications(
        signed_in_user(), args["page"], args["page_size"]
    )
    # Built directly (notification_json); @bp.response above documents it and leaves a Response
    # as is.
    return page_json(
        [notification_json(item) for item in items],
        total,
        args["page"],
        args["page_size"],
        unreadCount=unread,
    )


@bp.post("/notifications/<int:notification_id>/read")
@bp.response(200, NotificationSchema)
@bp.errors(404)
@login_required
def read_notification(notification_id: int):
    """Mark one of your notifications read"""
    notification = service.mark_read(current_user, notification_id, now_utc())
    if notification is None:
        raise NotFound("No such notification.")
    return notification


@bp.post("/notifications/read-all")
@bp.response(204)
@login_required
def read_all_notifications():
    """Mark all your notifications read"""
    service.mark_all_read(current_user, now_utc())


@bp.get("/notifications/preferences")
@bp.response(200, NotificationPreferencesSchema)
@login_required
def get_preferences():
    """Your notification preferences"""
    return _preferences()


@bp.put("/notifications/preferences")
@bp.arguments(NotificationPreferencesSchema)
@bp.response(200, NotificationPreferencesSchema)
@login_required
def put_preferences(data: dict[str, Any]):
    """Turn reminder mail or SMS on or off, and set your time zone"""
    service.update_preferences(current_user, data)
    return _preferences()


def _preferences() -> dict[str, Any]:
    return presenters.preferences(current_user, bool(current_app.config["SMS_BACKEND"]))
