"""A doctor's weekly schedule, in their own time zone, and its date exceptions."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Time, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.database import utcnow
from clinic360.extensions import db


class DoctorSchedule(db.Model):
    __tablename__ = "doctor_schedules"
    __table_args__ = (
        CheckConstraint("slot_minutes BETWEEN 5 AND 480", name="slot_minutes_range"),
        CheckConstraint("buffer_minutes BETWEEN 0 AND 240", name="buffer_minutes_range"),
        CheckConstraint("min_notice_minutes BETWEEN 0 AND 43200", name="min_notice_range"),
        CheckConstraint("horizon_days BETWEEN 1 AND 365", name="horizon_days_range"),
        CheckConstraint("late_change_hours BETWEEN 0 AND 168", name="late_change_range"),
    )

    doctor_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    slot_minutes: Mapped[int] = mapped_column(default=30)
    buffer_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    min_notice_minutes: Mapped[int] = mapped_column(default=60, server_default="60")
    horizon_days: Mapped[int] = mapped_column(default=30, server_default="30")
    requires_approval: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Patients may not cancel or move an appointment this close to its start.
    late_change_hours: Mapped[int] = mapped_column(default=24, server_default="24")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    rules: Mapped[list[ScheduleRule]] = relationship(
        cascade="all, delete-orphan",
        order_by="(ScheduleRule.day_of_week, ScheduleRule.start_time)",
    )


class ScheduleRule(db.Model):
    __tablename__ = "schedule_rules"
    __table_args__ = (
        CheckConstraint("day_of_week BETWEEN 0 AND 6", name="day_of_week_range"),
        CheckConstraint("start_time != end_time", name="not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(
        ForeignKey("doctor_schedules.doctor_id", ondelete="CASCADE"), index=True
    )
    day_of_week: Mapped[int]
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)


class ScheduleException(db.Model):
    __tablename__ = "schedule_exceptions"
    __table_args__ = (
        Index("ix_schedule_exceptions_doctor_date", "doctor_id", "date"),
        CheckConstraint(
            "(start_time IS NULL AND end_time IS NULL) OR "
            "(start_time IS NOT NULL AND end_time IS NOT NULL)",
            name="times_together",
        ),
        CheckConstraint("is_available = false OR start_time IS NOT NULL", name="hours_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    is_available: Mapped[bool]
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    note: Mapped[str | None] = mapped_column(String(200))
