"""Who may see and write a patient's health data, and the records, prescriptions and
documents themselves. Records are append-only; documents are sealed on disk. Every read and
write is written to the health access log by the routes. Nothing here commits."""

from __future__ import annotations

import json
import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import exists, func, select

from clinic360 import crypto
from clinic360.blueprints.notifications import service as notifications
from clinic360.errors import ApiError, Forbidden, Invalid, NotFound
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AppointmentStatus,
    Document,
    MedicalRecord,
    Prescription,
    Role,
    User,
)
from clinic360.pagination import fetch_page

TREATING_STATUSES = (AppointmentStatus.CONFIRMED, AppointmentStatus.COMPLETED)
DOCUMENT_TYPES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}


class QuotaExceeded(ApiError):
    status = 413
    code = "quota_exceeded"


def treats(doctor: User, patient_id: int) -> bool:
    """A doctor treats a patient once they share a confirmed or completed appointment."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Appointment.doctor_id == doctor.id,
                    Appointment.patient_id == patient_id,
                    Appointment.status.in_(TREATING_STATUSES),
                )
            )
        )
    )


def patient_for(user: User, patient_id: int) -> User:
    """The patient whose data this user may see; 404 for anyone else's (or no such patient)."""
    patient = db.session.get(User, patient_id)
    if patient is None or patient.role != Role.PATIENT:
        raise NotFound("No such patient.")
    if user.id == patient.id:
        return patient
    if user.role == Role.DOCTOR and treats(user, patient.id):
        return patient
    raise NotFound("No such patient.")


# --- Records ----------------------------------------------------------------------------


def write_record(doctor: User, data: dict[str, Any], now: datetime) -> MedicalRecord:
    patient = patient_for(doctor, data["patient_id"])
    if doctor.role != Role.DOCTOR:
        raise Forbidden("Only doctors write records.")
    appointment_id = data.get("appointment_id")
    if appointment_id is not None:
        appointment = db.session.get(Appointment, appointment_id)
        if (
            appointment is None
            or appointment.doctor_id != doctor.id
            or appointment.patient_id != patient.id
            or appointment.status not in TREATING_STATUSES
        ):
            raise Invalid(
                fields={
                    "appointmentId": [
                        "Not a confirmed or completed appointment of yours with this patient."
                    ]
                }
            )
    record = MedicalRecord(
        patient_id=patient.id,
        doctor_id=doctor.id,
        appointment_id=appointment_id,
        created_at=now,
        diagnosis=data["diagnosis"],
        notes=data.get("notes"),
        vitals=json.dumps(data["vitals"]) if data.get("vitals") else None,
        follow_up=data.get("follow_up"),
        prescriptions=[],
    )
    db.session.add(record)
    db.session.flush()
    if data.get("prescription"):
        add_prescription(record, data["prescription"], now)
    _tell_patient(record, doctor, now)
    return record


def amend_record(
    doctor: User, record_id: int, data: dict[str, Any], now: datetime
) -> MedicalRecord:
    original = db.session.get(MedicalRecord, record_id)
    if original is None:
        raise NotFound("No such record.")
    patient_for(doctor, original.patient_id)  # 404 unless this doctor treats the patient
    if doctor.role != Role.DOCTOR:
        raise Forbidden("Only doctors amend records.")
    amendment = MedicalRecord(
        patient_id=original.patient_id,
        doctor_id=doctor.id,
        appointment_id=original.appointment_id,
        amends_id=original.id,
        created_at=now,
        diagnosis=data.get("diagnosis") or original.diagnosis,
        notes=data.get("notes", original.notes),
        vitals=json.dumps(data["vitals"]) if data.get("vitals") else original.vitals,
        follow_up=data.get("follow_up", original.follow_up),
        amendment_reason=data["reason"],
        prescriptions=[],
    )
    db.session.add(amendment)
    db.session.flush()
    if data.get("prescription"):
        add_prescription(amendment, data["prescription"], now)
    _tell_patient(amendment, doctor, now)
    return amendment


def add_prescription(
    record: MedicalRecord, items: list[dict[str, Any]], now: datetime
) -> Prescription:
    prescription = Prescription(
        record=record,
        patient_id=record.patient_id,
        created_at=now,
        verification_code=secrets.token_hex(4).upper(),
        items=json.dumps(items),
    )
    db.session.add(prescription)
    db.session.flush()
    return prescription


def _tell_patient(record: MedicalRecord, doctor: User, now: datetime) -> None:
    """The patient hears that something was added; its content never goes out by mail."""
    patient = db.session.get(User, record.patient_id)
    notifications.account_event("record_added", patient, now, doctor_name=doctor.full_name)


def records_page(
    patient_id: int, page: int, page_size: int
) -> tuple[list[MedicalRecord], int, dict[int, list[int]]]:
    base = select(MedicalRecord).where(MedicalRecord.patient_id == patient_id)
    items, total = fetch_page(
        base, page, page_size, (MedicalRecord.created_at.desc(), MedicalRecord.id.desc())
    )
    ids = [item.id for item in items]
    amended_by: dict[int, list[int]] = {}
    if ids:
        for amendment_id, amends_id in db.session.execute(
            select(MedicalRecord.id, MedicalRecord.amends_id).where(
                MedicalRecord.amends_id.in_(ids)
            )
        ):
            amended_by.setdefault(amends_id, []).append(amendment_id)
    return items, total, amended_by


def prescription_for(user: User, prescription_id: int) -> Prescription:
    prescription = db.session.get(Prescription, prescription_id)
    if prescription is None:
        raise NotFound("No such prescription.")
    patient_for(user, prescription.patient_id)
    return prescription


# --- Documents --------------------------------------------------------------------------


def document_path(storage_key: str) -> Path:
    if not storage_key.isalnum():
        raise ValueError("bad storage key")
    return Path(current_app.config["UPLOAD_DIR"]) / "documents" / f"{storage_key}.bin"


def sniff(data: bytes) -> tuple[str, str]:
    for magic, kind in DOCUMENT_TYPES.items():
        if data.startswith(magic):
            return kind
    raise Invalid(fields={"file": ["Upload a PDF, JPEG or PNG file."]})


def store_document(
    uploader: User, patient: User, filename: str, data: bytes, now: datetime
) -> Document:
    if not data:
        raise Invalid(fields={"file": ["The file is empty."]})
    content_type, suffix = sniff(data)
    used = (
        db.session.scalar(
            select(func.coalesce(func.sum(Document.size), 0)).where(
                Document.patient_id == patient.id
            )
        )
        or 0
    )
    quota = current_app.config["DOCUMENT_QUOTA_BYTES"]
    if used + len(data) > quota:
        raise QuotaExceeded(
            f"This would go over the {quota // (1024 * 1024)} MB of documents "
            "a patient can keep. Remove old ones first."
        )
    name = Path(filename or "document").name[:200] or "document"
    if not name.lower().endswith(suffix) and not (
        suffix == ".jpg" and name.lower().endswith(".jpeg")
    ):
        name = f"{Path(name).stem}{suffix}"
    key = secrets.token_hex(16)
    path = document_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(crypto.keyring().seal_bytes(data))
    tmp.replace(path)
    document = Document(
        patient_id=patient.id,
        uploaded_by_id=uploader.id,
        filename=name,
        content_type=content_type,
        size=len(data),
        storage_key=key,
        created_at=now,
    )
    db.session.add(document)
    db.session.flush()
    return document


def document_for(user: User, document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotFound("No such document.")
    patient_for(user, document.patient_id)
    return document


def read_document(document: Document) -> bytes:
    return crypto.keyring().open_bytes(document_path(document.storage_key).read_bytes())


def documents_page(patient_id: int, page: int, page_size: int) -> tuple[list[Document], int]:
    base = select(Document).where(Document.patient_id == patient_id)
    return fetch_page(base, page, page_size, (Document.created_at.desc(), Document.id.desc()))
