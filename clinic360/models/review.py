"""Patients' reviews of completed visits, the doctor's public reply and admin moderation."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
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
    # When the author last changed their rating or comment (inside the edit window).
    edited_at: Mapped[datetime | None]
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


class ReportReason(enum.StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    PERSONAL_INFORMATION = "personal_information"
    FALSE = "false"
    OTHER = "other"


class ReviewReport(db.Model):
    """A user's report that a review breaks the rules, one per user and review, waiting for an
    admin until resolved (the review hidden, or the report dismissed)."""

    __tablename__ = "review_reports"
    __table_args__ = (
        UniqueConstraint("review_id", "reporter_id"),
        CheckConstraint(
            "reason IN ('spam', 'offensive', 'personal_information', 'false', 'other')",
            name="reason_valid",
        ),
        # The moderation queue: open reports, oldest first.
        Index("ix_review_reports_resolved_created", "resolved_at", "created_at"),
        Index("ix_review_reports_reporter_id", "reporter_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(32))
    details: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # "hidden" (the review was hidden) or "dismissed".
    resolution: Mapped[str | None] = mapped_column(String(16))

    review: Mapped[Review] = relationship()
