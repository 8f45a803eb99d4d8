"""Users, with their patient or doctor profile."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    false,
    func,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.crypto import EncryptedText
from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.specialty import Specialty

if TYPE_CHECKING:
    from clinic360.models.mfa import TotpCredential
    from clinic360.models.schedule import DoctorSchedule


class Role(enum.StrEnum):
    PATIENT = "patient"
    DOCTOR = "doctor"
    ADMIN = "admin"
    CLINIC_ADMIN = "clinic_admin"  # runs a clinic: its doctors, staff and analytics
    RECEPTIONIST = "receptionist"  # the clinic's front desk: books for patients, checks them in


class VerificationStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Sex(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    INTERSEX = "intersex"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class ConsultationType(enum.StrEnum):
    VIDEO = "video"
    AUDIO = "audio"
    CHAT = "chat"
    IN_PERSON = "in_person"  # at one of the doctor's clinics


class AvailabilityStatus(enum.StrEnum):
    AVAILABLE = "available"
    BUSY = "busy"
    AWAY = "away"
    OFFLINE = "offline"


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
        Index(
            "ix_users_full_name_trgm",
            "full_name",
            postgresql_using="gin",
            postgresql_ops={"full_name": "gin_trgm_ops"},
        ),
        # The few inactive doctors, which the directory's count subtracts from the listed ones.
        Index(
            "ix_users_inactive_doctors",
            "id",
            postgresql_where=text("role = 'doctor' AND is_active IS NOT true"),
            sqlite_where=text("role = 'doctor' AND is_active IS NOT 1"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    password_hash: Mapped[str] = mapped_column(String(60))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    last_login_at: Mapped[datetime | None]
    photo_key: Mapped[str | None] = mapped_column(String(64))
    # SHA-256 of the secret in the user's calendar subscription URL; None when revoked.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The user's own IANA time zone, for mail; the browser reports it.
    timezone: Mapped[str | None] = mapped_column(String(64))
    email_reminders: Mapped[bool] = mapped_column(default=True, server_default=true())
    sms_reminders: Mapped[bool] = mapped_column(default=False, server_default=false())
    # When the user proved they read mail at `email`; None until then (and again when the
    # address changes). Only verification, reset and "account exists" mail goes out before.
    email_verified_at: Mapped[datetime | None]

    patient_profile: Mapped[PatientProfile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    doctor_profile: Mapped[DoctorProfile | None] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        lazy="selectin",
        foreign_keys="DoctorProfile.user_id",
    )
    # The authenticator app (second factor), confirmed or still being enrolled.
    totp: Mapped[TotpCredential | None] = relationship(
        lazy="select", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def mfa_enabled(self) -> bool:
        return self.totp is not None and self.totp.is_active

    def needs_mfa_enrolment(self, roles: tuple[str, ...]) -> bool:
        """Whether the role must have a second factor (REQUIRE_MFA_ROLES) and it has none."""
        return self.role in roles and not self.mfa_enabled

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_doctor(self) -> bool:
        return self.role == Role.DOCTOR

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_clinic_staff(self) -> bool:
        return self.role in (Role.CLINIC_ADMIN, Role.RECEPTIONIST)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"

    def __str__(self) -> str:
        return self.full_name


class PatientProfile(db.Model):
    __tablename__ = "patient_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    # Health fields are sealed at rest (see clinic360.crypto).
    allergies: Mapped[str | None] = mapped_column(EncryptedText("patient.allergies"))
    pregnancy_stage: Mapped[str | None] = mapped_column(EncryptedText("patient.pregnancy_stage"))
    sex: Mapped[str | None] = mapped_column(String(24))
    chronic_conditions: Mapped[str | None] = mapped_column(
        EncryptedText("patient.chronic_conditions")
    )
    current_medications: Mapped[str | None] = mapped_column(
        EncryptedText("patient.current_medications")
    )
    emergency_contact_name: Mapped[str | None] = mapped_column(String(120))
    emergency_contact_phone: Mapped[str | None] = mapped_column(String(20))
    emergency_contact_relationship: Mapped[str | None] = mapped_column(String(60))

    user: Mapped[User] = relationship(back_populates="patient_profile")

    def age(self, today: date) -> int | None:
        born = self.date_of_birth
        if born is None:
            return None
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


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
        CheckConstraint(
            _in_list("availability_status", AvailabilityStatus), name="availability_valid"
        ),
        CheckConstraint("fee_amount IS NULL OR fee_amount >= 0", name="fee_not_negative"),
        CheckConstraint(
            "experience_years IS NULL OR (experience_years >= 0 AND experience_years <= 70)",
            name="experience_range",
        ),
        Index("ix_doctor_profiles_city_lower", func.lower(text("city"))).ddl_if(
            dialect="postgresql"
        ),
        Index("ix_doctor_profiles_rating_score", "rating_score"),
        # The directory sorted by fee or by experience (then by score), listed doctors only
        # (on PostgreSQL, as the full-text search: SQLite serves small directories).
        Index(
            "ix_doctor_profiles_listed_fee",
            "fee_amount",
            text("rating_score DESC"),
            postgresql_where=text("verification_status = 'verified'"),
        ).ddl_if(dialect="postgresql"),
        Index(
            "ix_doctor_profiles_listed_experience",
            text("experience_years DESC NULLS LAST"),
            text("rating_score DESC"),
            postgresql_where=text("verification_status = 'verified'"),
        ).ddl_if(dialect="postgresql"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    employee_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    specialty_id: Mapped[int | None] = mapped_column(
        ForeignKey("specialties.id", ondelete="SET NULL"), index=True
    )
    # What a self-registered applicant wrote as their specialty, for the admin who verifies them.
    applied_specialty: Mapped[str | None] = mapped_column(String(120))
    facility: Mapped[str | None] = mapped_column(String(160))
    city: Mapped[str | None] = mapped_column(String(120))
    contact: Mapped[str | None] = mapped_column(String(160))
    bio: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    experience_years: Mapped[int | None]
    # The fee in the minor unit of `currency` (8000 = USD 80.00); None when not given.
    fee_amount: Mapped[int | None]
    currency: Mapped[str] = mapped_column(String(3), default="USD", server_default="USD")
    # When this doctor's priced visits are paid (billing.PaymentDue); None: the platform's
    # PAYMENT_DUE setting.
    payment_due: Mapped[str | None] = mapped_column(String(16))
    offers_video: Mapped[bool] = mapped_column(default=True, server_default=true())
    offers_audio: Mapped[bool] = mapped_column(default=True, server_default=true())
    offers_chat: Mapped[bool] = mapped_column(default=False, server_default=false())
    offers_in_person: Mapped[bool] = mapped_column(default=False, server_default=false())
    availability_status: Mapped[str] = mapped_column(
        String(16), default=AvailabilityStatus.AVAILABLE, server_default="available"
    )
    rating: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    rating_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # The rating as a Bayesian average of the visible reviews and a prior, for ranking: one
    # 5-star review does not outrank fifty of 4.8 (see the reviews feature).
    rating_score: Mapped[Decimal] = mapped_column(
        Numeric(4, 3), default=Decimal("3.500"), server_default="3.500"
    )
    # The user's full name, copied here (by a flush hook in clinic360.models.search) so that the
    # database can index it with the rest of the profile for full-text search.
    search_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    verification_status: Mapped[str] = mapped_column(
        String(16), default=VerificationStatus.PENDING, server_default="pending", index=True
    )
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(back_populates="doctor_profile", foreign_keys=[user_id])
    specialty: Mapped[Specialty | None] = relationship(lazy="joined")
    schedule: Mapped[DoctorSchedule | None] = relationship(
        primaryjoin="DoctorProfile.user_id == foreign(DoctorSchedule.doctor_id)",
        viewonly=True,
    )

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def consultation_types(self) -> list[str]:
        offered = [
            (ConsultationType.VIDEO, self.offers_video),
            (ConsultationType.AUDIO, self.offers_audio),
            (ConsultationType.CHAT, self.offers_chat),
            (ConsultationType.IN_PERSON, self.offers_in_person),
        ]
        return [kind.value for kind, on in offered if on]

    @consultation_types.setter
    def consultation_types(self, kinds: list[str]) -> None:
        self.offers_video = ConsultationType.VIDEO in kinds
        self.offers_audio = ConsultationType.AUDIO in kinds
        self.offers_chat = ConsultationType.CHAT in kinds
        self.offers_in_person = ConsultationType.IN_PERSON in kinds

    @property
    def fee(self) -> dict[str, int | str] | None:
        """The fee as money: {"amount": 8000, "currency": "USD"}, or None."""
        if self.fee_amount is None:
            return None
        return {"amount": self.fee_amount, "currency": self.currency}

    @fee.setter
    def fee(self, value: dict[str, int | str] | None) -> None:
        if value is None:
            self.fee_amount = None
            return
        self.fee_amount = int(value["amount"])
        self.currency = str(value["currency"])
