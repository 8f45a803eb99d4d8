"""Clinics: where doctors practise, with the staff who run their front desk."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.user import Role, User, _in_list


class StaffRole(enum.StrEnum):
    """The clinic roles (a staff member's user has the same role)."""

    CLINIC_ADMIN = Role.CLINIC_ADMIN.value
    RECEPTIONIST = Role.RECEPTIONIST.value


class Clinic(db.Model):
    __tablename__ = "clinics"
    __table_args__ = (
        Index("ix_clinics_city_lower", func.lower(text("city"))).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    city: Mapped[str] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(300))
    # The IANA zone the clinic's day (its queue, its analytics) is counted in.
    timezone: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    # Opening hours and directions, as the clinic writes them.
    opening_notes: Mapped[str | None] = mapped_column(Text)
    # The stored logo's key (clinic360.storage), like a user's photo.
    logo_key: Mapped[str | None] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __str__(self) -> str:
        return self.name


class ClinicDoctor(db.Model):
    """A doctor practises at a clinic (a doctor may practise at several)."""

    __tablename__ = "clinic_doctors"

    clinic_id: Mapped[int] = mapped_column(
        ForeignKey("clinics.id", ondelete="CASCADE"), primary_key=True
    )
    doctor_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    clinic: Mapped[Clinic] = relationship(lazy="joined")
    doctor: Mapped[User] = relationship(lazy="select")


class ClinicStaff(db.Model):
    """A staff member of one clinic: a clinic admin or a receptionist works for exactly one."""

    __tablename__ = "clinic_staff"
    __table_args__ = (CheckConstraint(_in_list("role", StaffRole), name="role_valid"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    clinic: Mapped[Clinic] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="select")
