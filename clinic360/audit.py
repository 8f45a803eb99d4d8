"""Recording audit events. Callers pass the actor and client address; nothing here commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from clinic360.extensions import db
from clinic360.models import AuditEvent, User


def record(
    action: str,
    *,
    actor: User | None,
    target_type: str,
    target_id: int | None,
    summary: str,
    now: datetime,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        created_at=now,
        actor_id=actor.id if actor else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        summary=summary,
        details=details or {},
        ip_address=(ip or "")[:45] or None,
    )
    db.session.add(event)
    return event
