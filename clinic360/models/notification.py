"""In-app notifications and the outbox of messages to send.

An outbox row is written in the same transaction as the change it reports; the dispatcher moves
due rows to the queue and a worker sends them. A row is sent at most once: it carries a stable
Message-ID and is marked sent in the transaction that follows the send.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.user import User, _in_list


class Notification(db.Model):
    """What a user sees in the app: a short line and where it leads."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_created", "user_id", "created_at"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="", server_default="")
    link: Mapped[str | None] = mapped_column(String(200))
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its due time, or for the queue to come back
    QUEUED = "queued"  # handed to the queue
    SENDING = "sending"  # a worker is sending it
    SENT = "sent"
    FAILED = "failed"  # gave up after retries; an admin may resend
    CANCELLED = "cancelled"  # no longer wanted (a reminder of a moved or cancelled visit)
    SKIPPED = "skipped"  # not sent on purpose (too late, or turned off)


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint(_in_list("status", OutboxStatus), name="status_valid"),
        CheckConstraint(_in_list("channel", Channel), name="channel_valid"),
        Index("ix_outbox_messages_due", "status", "due_at"),
        Index("ix_outbox_messages_appointment", "appointment_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8), default=Channel.EMAIL)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE")
    )
    # Ids and small values the template needs; never health details.
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default=OutboxStatus.PENDING)
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
