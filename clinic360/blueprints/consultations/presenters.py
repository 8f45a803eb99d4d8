"""The answers of the consultation endpoints: dicts for their schemas to dump, or the JSON
itself where a schema would cost more than the request (:func:`thread`)."""

from __future__ import annotations

from typing import Any

from clinic360.blueprints.consultations.service import ThreadMessage
from clinic360.blueprints.consultations.video import Window
from clinic360.models import Appointment, AppointmentStatus, Message
from clinic360.validation import isoformat_utc


def thread(
    appointment: Appointment,
    items: list[Message] | list[ThreadMessage],
    has_more: bool,
    unread: int,
    window: Window,
) -> dict[str, Any]:
    """The thread as MessageThreadSchema dumps it, built directly (the schema cost more than
    the rest of the request on a full page)."""
    return {
        "items": [
            {
                "id": item.id,
                "senderId": item.sender_id,
                "body": item.body,
                "createdAt": isoformat_utc(item.created_at),
            }
            for item in items
        ],
        "hasMore": has_more,
        "unreadCount": unread,
        "canPost": appointment.status == AppointmentStatus.CONFIRMED,
        "opensAt": isoformat_utc(window.opens_at),
        "closesAt": isoformat_utc(window.closes_at),
    }


def unread(counts: dict[int, int]) -> dict[str, Any]:
    return {
        "total": sum(counts.values()),
        "by_appointment": {str(appointment_id): n for appointment_id, n in counts.items()},
    }
