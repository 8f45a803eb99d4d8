"""Medical records, prescriptions and documents: sealed at rest, append-only, audited."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.crypto import EncryptedText
from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.user import User


class MedicalRecord(db.Model):
    """One entry in a patient's record. Never changed: a correction is a new record that
    amends the original."""

    __tablename__ = "medical_records"
    __table_args__ = (Index("ix_medical_records_patient_created", "patient_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL")
    )
    amends_id: Mapped[int | None] = mapped_column(
        ForeignKey("medical_records.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    diagnosis: Mapped[str] = mapped_column(EncryptedText("record.diagnosis"))
    notes: Mapped[str | None] = mapped_column(EncryptedText("record.notes"))
    vitals: Mapped[str | None] = mapped_column(EncryptedText("record.vitals"))  # JSON text
    follow_up: Mapped[str | None] = mapped_column(EncryptedText("record.follow_up"))
    amendment_reason: Mapped[str | None] = mapped_column(EncryptedText("record.amendment_reason"))

    doctor: Mapped[User] = relationship(foreign_keys=[doctor_id], lazy="joined")
    prescriptions: Mapped[list[Prescription]] = relationship(
        back_populates="record", order_by="Prescription.id", lazy="selectin"
    )


class Prescription(db.Model):
    __tablename__ = "prescriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("medical_records.id", ondelete="RESTRICT"), index=True
    )
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A code printed on the PDF; a pharmacy can check it against Clinic360.
    verification_code: Mapped[str] = mapped_column(String(16), unique=True)
    items: Mapped[str] = mapped_column(EncryptedText("prescription.items"))  # JSON list

    record: Mapped[MedicalRecord] = relationship(back_populates="prescriptions")


class Document(db.Model):
    """An uploaded report. Its bytes are sealed on disk under a random name. Removing it keeps
    the row (who uploaded what, when, and who removed it) for the audit trail and erases the
    bytes."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_patient_created", "patient_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    filename: Mapped[str] = mapped_column(EncryptedText("document.filename"))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))

    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id], lazy="joined")


class HealthAccess(db.Model):
    """The audit trail of health data: every read and write, chained by hashes so that a
    changed or removed row shows. The database refuses updates and deletes (PostgreSQL)."""

    __tablename__ = "health_access_log"
    __table_args__ = (Index("ix_health_access_log_patient_at", "patient_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None]
    ip_address: Mapped[str | None] = mapped_column(String(45))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")

    def compute_hash(self) -> str:
        fields = [
            self.prev_hash,
            self.at.isoformat(),
            str(self.actor_id),
            self.actor_role,
            self.action,
            str(self.patient_id),
            self.object_type,
            str(self.object_id),
            str(self.ip_address),
        ]
        return hashlib.sha256("|".join(fields).encode()).hexdigest()
