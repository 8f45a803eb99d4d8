"""The answers of the notification endpoints, as dicts for their schemas to dump."""

from __future__ import annotations

from typing import Any

from clinic360.models import User


def preferences(user: User, sms_available: bool) -> dict[str, Any]:
    return {
        "email_reminders": user.email_reminders,
        "sms_reminders": user.sms_reminders,
        "timezone": user.timezone,
        "sms_available": sms_available,
    }
