"""The audit trail of admin actions: who acted, from where and when, on what. Nothing here
commits; the caller's transaction does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import request
from flask_login import current_user

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import AuditEvent, User


@dataclass(frozen=True)
class Actor:
    """Who acts, from where, and when."""

    user: User
    now: datetime
    ip: str | None = None


def request_actor() -> Actor:
    """The logged-in user acting through the current request (API or console)."""
    return Actor(user=current_user._get_current_object(), now=now_utc(), ip=request.remote_addr)


def record(
    actor: Actor,
    action: str,
    *,
    target_type: str,
    target_id: int | None,
    summary: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        created_at=actor.now,
        actor_id=actor.user.id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        summary=summary,
        details=details or {},
        ip_address=(actor.ip or "")[:45] or None,
    )
    db.session.add(event)
    return event
