"""A patient's request to erase their account, done by an admin."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.user import User


class DeletionStatus(enum.StrEnum):
    OPEN = "open"  # waiting for an admin
    COMPLETED = "completed"  # the account was erased
    WITHDRAWN = "withdrawn"  # the patient changed their mind


class DeletionRequest(db.Model):
    __tablename__ = "account_deletion_requests"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'completed', 'withdrawn')", name="status_valid"),
        # One open request per account, whatever the race.
        Index(
            "uq_account_deletion_requests_open",
            "user_id",
            unique=True,
            postgresql_where=text("status = 'open'"),
            sqlite_where=text("status = 'open'"),
        ),
        Index("ix_account_deletion_requests_status_requested", "status", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=DeletionStatus.OPEN)
    reason: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id], lazy="joined")
