"""Users, with their patient or doctor profile."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.database import utcnow
from clinic360.extensions import db


class Role(enum.StrEnum):
    PATIENT = "patient"
    DOCTOR = "doctor"
    ADMIN = "admin"


class VerificationStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class PregnancyStage(enum.StrEnum):
    NOT_PREGNANT = "not_pregnant"
    FIRST_TRIMESTER = "first_trimester"
    SECOND_TRIMESTER = "second_trimester"
    THIRD_TRIMESTER = "third_trimester"
    POSTPARTUM = "postpartum"


def _in_list(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="email_or_phone"),
        CheckConstraint(_in_list("role", Role), name="role_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    password_hash: Mapped[str] = mapped_column(String(60))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    last_login_at: Mapped[datetime | None]

    patient_profile: Mapped[PatientProfile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    doctor_profile: Mapped[DoctorProfile | None] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        lazy="selectin",
        foreign_keys="DoctorProfile.user_id",
    )

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_doctor(self) -> bool:
        return self.role == Role.DOCTOR

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"

    def __str__(self) -> str:
        return self.full_name


class PatientProfile(db.Model):
    __tablename__ = "patient_profiles"
    __table_args__ = (
        CheckConstraint(
            f"pregnancy_stage IS NULL OR {_in_list('pregnancy_stage', PregnancyStage)}",
            name="pregnancy_stage_valid",
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    allergies: Mapped[str | None] = mapped_column(Text)
    pregnancy_stage: Mapped[str | None] = mapped_column(String(32))

    user: Mapped[User] = relationship(back_populates="patient_profile")


class DoctorProfile(db.Model):
    __tablename__ = "doctor_profiles"
    __table_args__ = (
        CheckConstraint(
            _in_list("verification_status", VerificationStatus), name="verification_status_valid"
        ),
        CheckConstraint(
            "verification_status != 'verified' OR employee_id IS NOT NULL",
            name="verified_has_employee_id",
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    employee_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    specialty: Mapped[str | None] = mapped_column(String(120))
    verification_status: Mapped[str] = mapped_column(
        String(16), default=VerificationStatus.PENDING, server_default="pending", index=True
    )
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(back_populates="doctor_profile", foreign_keys=[user_id])

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED
