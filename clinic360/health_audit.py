"""The health access log: who read or wrote whose health data, when, from where.

Rows are chained: each carries the hash of the one before, so a changed or removed row breaks
the chain (`verify_chain`). On PostgreSQL the database itself refuses updates and deletes, and
writers take a transaction-scoped advisory lock so the chain stays a line.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text

from clinic360.extensions import db
from clinic360.models import HealthAccess, User

GENESIS = "0" * 64
CHAIN_LOCK = 360_360


def record(
    actor: User,
    action: str,
    patient_id: int,
    object_type: str,
    object_id: int | None,
    *,
    now: datetime,
    ip: str | None,
) -> HealthAccess:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    last = db.session.scalar(select(HealthAccess.hash).order_by(HealthAccess.id.desc()).limit(1))
    entry = HealthAccess(
        at=now,
        actor_id=actor.id,
        actor_role=actor.role,
        action=action,
        patient_id=patient_id,
        object_type=object_type,
        object_id=object_id,
        ip_address=(ip or "")[:45] or None,
        prev_hash=last or GENESIS,
    )
    entry.hash = entry.compute_hash()
    db.session.add(entry)
    db.session.flush()
    return entry


def verify_chain() -> int | None:
    """The id of the first row that does not fit the chain, or None when it is intact."""
    previous = GENESIS
    for entry in db.session.scalars(select(HealthAccess).order_by(HealthAccess.id)):
        if entry.prev_hash != previous or entry.compute_hash() != entry.hash:
            return entry.id
        previous = entry.hash
    return None
