"""Server-side login sessions: the cookie carries a random token, the database its hash."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.user import User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AuthSession(db.Model):
    __tablename__ = "auth_sessions"
    __table_args__ = (Index("ix_auth_sessions_user_device", "user_id", "device_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(255))
    # SHA-256 of the browser's device cookie: tells a new device from one seen before.
    device_hash: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship(lazy="joined")


def session_is_live(
    revoked_at: datetime | None,
    expires_at: datetime,
    last_seen_at: datetime,
    now: datetime,
    idle: timedelta,
) -> bool:
    """Whether a session with these columns is live: not revoked, not expired, and used within
    `idle` (automatic logoff)."""
    return revoked_at is None and expires_at > now and now - last_seen_at < idle
