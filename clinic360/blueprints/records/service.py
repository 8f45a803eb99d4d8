"""Records, prescriptions and documents, a doctor's chart of a patient and a patient's export.
Records are append-only; documents are sealed on disk. Who may reach them is decided by
clinic360.care_access before anything here runs, and the routes write the health access log.
Nothing here commits."""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from clinic360 import storage
from clinic360.blueprints.notifications import service as notifications
from clinic360.blueprints.records import pdf, uploads
from clinic360.care_access import TREATING_STATUSES
from clinic360.errors import ApiError, Invalid, NotFound
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    Document,
    HealthAccess,
    MedicalRecord,
    Prescription,
    User,
)
from clinic360.pagination import fetch_page

DOCUMENT_TYPES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}
CHART_VISITS = 50


class QuotaExceeded(ApiError):
    status = 413
    code = "quota_exceeded"


# --- Records ----------------------------------------------------------------------------


def write_record(doctor: User, patient: User, data: dict[str, Any], now: datetime) -> MedicalRecord:
    """A new record of a patient the doctor treats (and its prescription, if any)."""
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
    doctor: User, original: MedicalRecord, data: dict[str, Any], now: datetime
) -> MedicalRecord:
    """A correction: a new record that amends the original, which stays as it was."""
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


def records_page(patient_id: int, page: int, page_size: int) -> tuple[list[MedicalRecord], int]:
    """One page of the patient's records, newest first. Each carries `amended_by`, the ids of
    the later records that correct it (one query for the whole page)."""
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
    for item in items:
        item.amended_by = amended_by.get(item.id, [])  # type: ignore[attr-defined]
    return items, total


def prescription_pdf(prescription: Prescription, base_url: str) -> bytes:
    patient = db.session.get(User, prescription.patient_id)
    return pdf.render(prescription, prescription.record.doctor, patient, base_url)


# --- Documents --------------------------------------------------------------------------


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
    data = uploads.checked(data, content_type)
    used = (
        db.session.scalar(
            select(func.coalesce(func.sum(Document.size), 0)).where(
                Document.patient_id == patient.id, Document.deleted_at.is_(None)
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
    name = storage.clean_filename(filename)
    if not name.lower().endswith(suffix) and not (
        suffix == ".jpg" and name.lower().endswith(".jpeg")
    ):
        name = f"{Path(name).stem}{suffix}"
    document = Document(
        patient_id=patient.id,
        uploaded_by_id=uploader.id,
        filename=name,
        content_type=content_type,
        size=len(data),
        storage_key=storage.save_document(data),
        created_at=now,
    )
    db.session.add(document)
    db.session.flush()
    return document


def read_document(document: Document) -> bytes:
    """The document's bytes; 404 when its file is gone (erased by a removal that committed
    after this request read the row)."""
    data = storage.read_document_or_none(document.storage_key)
    if data is None:
        raise NotFound("No such document.")
    return data


def delete_document(document: Document, actor: User, now: datetime) -> None:
    """Remove a document: the row stays (who uploaded and who removed it, when) for the audit
    trail, the sealed bytes are erased once the removal has committed, and its size no longer
    counts against the quota. Removed once: of two removals at the same time one finds it
    gone (404)."""
    spent = db.session.execute(
        update(Document)
        .where(Document.id == document.id, Document.deleted_at.is_(None))
        .values(deleted_at=now, deleted_by_id=actor.id)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if spent != 1:
        raise NotFound("No such document.")
    storage.erase_document_after_commit(document.storage_key)


def documents_page(patient_id: int, page: int, page_size: int) -> tuple[list[Document], int]:
    base = select(Document).where(Document.patient_id == patient_id, Document.deleted_at.is_(None))
    return fetch_page(base, page, page_size, (Document.created_at.desc(), Document.id.desc()))


# --- The access log, the chart and the export ----------------------------------------


def access_page(patient_id: int, page: int, page_size: int) -> tuple[list[HealthAccess], int]:
    """One page of who read or wrote the patient's health data, newest first."""
    base = select(HealthAccess).where(HealthAccess.patient_id == patient_id)
    return fetch_page(base, page, page_size, (HealthAccess.id.desc(),))


def chart(doctor: User, patient: User) -> dict[str, Any]:
    """The patient's health basics and their latest visits with this doctor, newest first."""
    visits = db.session.scalars(
        select(Appointment)
        .where(Appointment.patient_id == patient.id, Appointment.doctor_id == doctor.id)
        .order_by(Appointment.start_at.desc())
        .limit(CHART_VISITS)
    ).all()
    return {"patient": patient, "appointments": visits}
