"""The answers of the consultation endpoints, as dicts for their schemas to dump."""

from __future__ import annotations

from typing import Any

from clinic360.blueprints.consultations.video import Window
from clinic360.models import Appointment, AppointmentStatus, Message


def thread(
    appointment: Appointment, items: list[Message], has_more: bool, unread: int, window: Window
) -> dict[str, Any]:
    return {
        "items": items,
        "has_more": has_more,
        "unread_count": unread,
        "can_post": appointment.status == AppointmentStatus.CONFIRMED,
        "opens_at": window.opens_at,
        "closes_at": window.closes_at,
    }


def unread(counts: dict[int, int]) -> dict[str, Any]:
    return {
        "total": sum(counts.values()),
        "by_appointment": {str(appointment_id): n for appointment_id, n in counts.items()},
    }
