"""Patients' reviews of completed visits, the doctor's public reply and admin moderation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.user import User

COMMENT_MAX = 2000
REPLY_MAX = 2000


class Review(db.Model):
    """One per completed appointment. Hidden reviews (hidden_at set) are left out of the
    doctor's public list and rating."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        # The doctor's public list: visible ones, newest first.
        Index("ix_reviews_doctor_hidden_created", "doctor_id", "hidden_at", "created_at"),
        Index("ix_reviews_patient_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), unique=True
    )
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    reply_body: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None]

    patient: Mapped[User] = relationship(foreign_keys=[patient_id])

    @property
    def reply(self) -> dict[str, object] | None:
        """The doctor's public reply, if any: ``{body, created_at}``."""
        if self.reply_body is None:
            return None
        return {"body": self.reply_body, "created_at": self.replied_at}
