"""What happens in a consultation: video joins and the message thread of an appointment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.crypto import EncryptedText
from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.user import User


class VideoJoin(db.Model):
    """One person opening the video room of an appointment."""

    __tablename__ = "video_joins"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    ip_address: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship(lazy="joined")


class Message(db.Model):
    """Plain text between an appointment's patient and doctor; never rendered as HTML, and
    sealed at rest like other health data."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_appointment_id_id", "appointment_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="CASCADE"))
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(EncryptedText("message.body"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
