"""Appointments, their history and the doctor's time proposals."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func, text
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.user import ConsultationType, User, _in_list

if TYPE_CHECKING:
    from clinic360.models.clinic import Clinic


class AppointmentStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


ACTIVE_STATUSES = (AppointmentStatus.PENDING, AppointmentStatus.CONFIRMED)
_ACTIVE_SQL = "status IN ('pending', 'confirmed')"


def new_room_name() -> str:
    """`c360-` and 32 hex digits: 128 bits of randomness, [a-z0-9-] only."""
    return f"c360-{secrets.token_hex(16)}"


def _no_overlap(column: str) -> ExcludeConstraint:
    """PostgreSQL: two active appointments of one person never overlap in time."""
    return ExcludeConstraint(
        (text(column), "="),
        (func.tstzrange(text("start_at"), text("end_at"), "[)"), "&&"),
        name=f"no_overlap_{column}",
        using="gist",
        where=text(_ACTIVE_SQL),
    ).ddl_if(dialect="postgresql")


class Appointment(db.Model):
    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        CheckConstraint(_in_list("status", AppointmentStatus), name="status_valid"),
        CheckConstraint(_in_list("consultation_type", ConsultationType), name="type_valid"),
        CheckConstraint("price_amount IS NULL OR price_amount >= 0", name="price_not_negative"),
        CheckConstraint(
            "payment_status IN ('not_required', 'unpaid', 'pending', 'paid', 'refunded', "
            "'partially_refunded')",
            name="payment_status_valid",
        ),
        # Unpaid requests of doctors paid before confirming expire: found by this.
        Index("ix_appointments_payment_status_created", "payment_status", "created_at"),
        Index("ix_appointments_doctor_start", "doctor_id", "start_at"),
        Index("ix_appointments_patient_start", "patient_id", "start_at"),
        # The expiry of unanswered requests finds them by these two.
        Index("ix_appointments_status_pending_since", "status", "pending_since"),
        Index("ix_appointments_status_start", "status", "start_at"),
        # A clinic's day (its queue) and its analytics read its visits by time.
        Index("ix_appointments_clinic_start", "clinic_id", "start_at"),
        # Whether a patient had come to the clinic (to its doctor) before a date: analytics'
        # new and returning patients, one probe per patient of the range.
        Index(
            "ix_appointments_clinic_patient",
            "clinic_id",
            "patient_id",
            "doctor_id",
            "start_at",
            postgresql_where=text("status <> 'cancelled'"),
            sqlite_where=text("status <> 'cancelled'"),
        ),
        _no_overlap("doctor_id"),
        _no_overlap("patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default=AppointmentStatus.PENDING)
    consultation_type: Mapped[str] = mapped_column(String(16))
    # The clinic the visit belongs to: where an in-person visit takes place, or whose front
    # desk booked it, or the doctor's clinic when they practise at one; None otherwise.
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="RESTRICT"))
    # When the patient arrived at the clinic's front desk, and who checked them in; when the
    # doctor called them in (the visit is under way).
    checked_in_at: Mapped[datetime | None]
    checked_in_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    called_in_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # Grows with every change; calendar clients use it to replace their copy of the event.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    # The video room: unguessable, lower case, and the same whatever the time becomes.
    room_name: Mapped[str] = mapped_column(String(64), unique=True, default=new_room_name)
    # How far each side has read the message thread.
    patient_read_up_to: Mapped[int] = mapped_column(default=0, server_default="0")
    doctor_read_up_to: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When the appointment last became pending (booked, or moved by the patient): an
    # unanswered request expires PENDING_EXPIRY_HOURS later.
    pending_since: Mapped[datetime | None]
    # The price, copied from the doctor's fee when booked (later fee changes leave it as it
    # is), in the currency's minor unit; None or 0 is free. The payment's state as the API
    # shows it (billing.PaymentStatus), and when a priced visit is due to be paid
    # (billing.PaymentDue); what has been paid and refunded is in the payments table.
    price_amount: Mapped[int | None]
    price_currency: Mapped[str | None] = mapped_column(String(3))
    payment_status: Mapped[str] = mapped_column(
        String(24), default="not_required", server_default="not_required"
    )
    payment_due: Mapped[str | None] = mapped_column(String(16))
    paid_at: Mapped[datetime | None]
    refunded_amount: Mapped[int] = mapped_column(default=0, server_default="0")

    doctor: Mapped[User] = relationship(foreign_keys=[doctor_id], lazy="joined")
    patient: Mapped[User] = relationship(foreign_keys=[patient_id], lazy="joined")
    clinic: Mapped[Clinic | None] = relationship(lazy="select")
    events: Mapped[list[AppointmentEvent]] = relationship(
        back_populates="appointment",
        order_by="AppointmentEvent.id",
        cascade="all, delete-orphan",
        lazy="select",
    )
    proposals: Mapped[list[TimeProposal]] = relationship(
        back_populates="appointment",
        order_by="TimeProposal.id",
        cascade="all, delete-orphan",
        lazy="select",
    )


class AppointmentEvent(db.Model):
    """One change of an appointment: who, when, from what to what, and why."""

    __tablename__ = "appointment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    from_start: Mapped[datetime | None]
    to_start: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)

    appointment: Mapped[Appointment] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(lazy="joined")


class ProposalStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class TimeProposal(db.Model):
    """Another time suggested by the doctor, for the patient to accept or decline."""

    __tablename__ = "time_proposals"
    __table_args__ = (CheckConstraint(_in_list("status", ProposalStatus), name="status_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=ProposalStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    appointment: Mapped[Appointment] = relationship(back_populates="proposals")
