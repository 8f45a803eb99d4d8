"""Records, prescriptions, documents, the patient's access log, the doctor's chart of a
patient, and a patient's export of all their data. Every read and write of health data leaves
one row in the health access log."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

from flask import Response, current_app, jsonify, request, send_file
from flask_login import current_user
from sqlalchemy import select

from clinic360 import health_audit
from clinic360.blueprints.appointments.schemas import AppointmentSchema
from clinic360.blueprints.profiles.schemas import PatientProfileSchema
from clinic360.blueprints.records import bp, pdf, service
from clinic360.blueprints.records.schemas import (
    AccessSchema,
    AmendmentSchema,
    DocumentSchema,
    PrescriptionSchema,
    RecordInSchema,
    RecordSchema,
)
from clinic360.clock import now_utc
from clinic360.errors import Invalid, NotFound
from clinic360.extensions import db
from clinic360.http import PayloadTooLarge, load, max_body, roles_required
from clinic360.models import Appointment, Document, HealthAccess, MedicalRecord, Prescription, Role
from clinic360.openapi import doc, paged_of
from clinic360.pagination import PageArgs, fetch_page, paged, query_args
from clinic360.validation import isoformat_utc

participants = roles_required(Role.PATIENT, Role.DOCTOR)
doctor_only = roles_required(Role.DOCTOR)
patient_only = roles_required(Role.PATIENT)
MULTIPART_OVERHEAD = 64 * 1024


def _audit(
    action: str, patient_id: int, object_type: str, object_id: int | None, now: datetime
) -> None:
    health_audit.record(
        current_user, action, patient_id, object_type, object_id, now=now, ip=request.remote_addr
    )


@bp.post("/records")
@doc(
    "Write a record (and prescription) for a patient you treat",
    body=RecordInSchema,
    response=RecordSchema,
    status=201,
    errors=(403, 404),
)
@doctor_only
def write_record():
    data = load(RecordInSchema())
    now = now_utc()
    record = service.write_record(current_user, data, now)
    _audit("record.write", record.patient_id, "record", record.id, now)
    db.session.commit()
    return jsonify(RecordSchema().dump(record)), 201


@bp.post("/records/<int:record_id>/amendments")
@doc(
    "Correct a record: a new record that amends it; the original stays",
    body=AmendmentSchema,
    response=RecordSchema,
    status=201,
    errors=(403, 404),
)
@doctor_only
def amend_record(record_id: int):
    data = load(AmendmentSchema())
    now = now_utc()
    amendment = service.amend_record(current_user, record_id, data, now)
    _audit("record.amend", amendment.patient_id, "record", amendment.id, now)
    db.session.commit()
    return jsonify(RecordSchema().dump(amendment)), 201


@bp.get("/records/<int:patient_id>")
@doc(
    "A patient's records, newest first (the patient, or a doctor treating them)",
    response=paged_of(RecordSchema),
    errors=(403, 404, 422),
)
@participants
def list_records(patient_id: int):
    patient = service.patient_for(current_user, patient_id)
    args = query_args(PageArgs())
    items, total, amended_by = service.records_page(patient.id, args["page"], args["page_size"])
    body = RecordSchema(many=True, amended_by=amended_by).dump(items)  # before the commit
    _audit("records.read", patient.id, "records", None, now_utc())
    db.session.commit()
    return jsonify(paged(body, total, args["page"], args["page_size"]))


@bp.get("/records/<int:patient_id>/documents")
@doc(
    "A patient's uploaded documents, newest first",
    response=paged_of(DocumentSchema),
    errors=(403, 404, 422),
)
@participants
def list_documents(patient_id: int):
    patient = service.patient_for(current_user, patient_id)
    args = query_args(PageArgs())
    items, total = service.documents_page(patient.id, args["page"], args["page_size"])
    body = DocumentSchema(many=True).dump(items)
    _audit("documents.read", patient.id, "documents", None, now_utc())
    db.session.commit()
    return jsonify(paged(body, total, args["page"], args["page_size"]))


@bp.post("/records/<int:patient_id>/documents")
@doc(
    "Upload a report (multipart `file`: PDF, JPEG or PNG, 10 MB at most)",
    response=DocumentSchema,
    status=201,
    errors=(403, 404, 413, 422),
)
@participants
@max_body(10 * 1024 * 1024 + MULTIPART_OVERHEAD)
def upload_document(patient_id: int):
    patient = service.patient_for(current_user, patient_id)
    upload = request.files.get("file")
    if upload is None:
        raise Invalid(fields={"file": ["Choose a file to upload."]})
    limit = current_app.config["DOCUMENT_MAX_BYTES"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge("The file is larger than 10 MB.")
    now = now_utc()
    document = service.store_document(current_user, patient, upload.filename or "", data, now)
    _audit("document.write", patient.id, "document", document.id, now)
    db.session.commit()
    return jsonify(DocumentSchema().dump(document)), 201


@bp.get("/documents/<int:document_id>")
@doc(
    "Download a document, as an attachment",
    response={"type": "string", "format": "binary"},
    errors=(403, 404),
)
@participants
def download_document(document_id: int):
    document = service.document_for(current_user, document_id)
    data = service.read_document(document)
    _audit("document.read", document.patient_id, "document", document.id, now_utc())
    db.session.commit()
    response = send_file(
        io.BytesIO(data),
        mimetype=document.content_type,
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/prescriptions/<int:prescription_id>.pdf")
@doc("A prescription as a PDF", response={"type": "string", "format": "binary"}, errors=(403, 404))
@participants
def prescription_pdf(prescription_id: int):
    prescription = service.prescription_for(current_user, prescription_id)
    record = prescription.record
    patient = service.patient_for(current_user, prescription.patient_id)
    code = prescription.verification_code
    body = pdf.render(prescription, record.doctor, patient, current_app.config["PUBLIC_BASE_URL"])
    _audit("prescription.read", prescription.patient_id, "prescription", prescription.id, now_utc())
    db.session.commit()
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="prescription-{code}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/records/<int:patient_id>/access-log")
@doc(
    "Who read or wrote your health data, and when (the patient only)",
    response=paged_of(AccessSchema),
    errors=(403, 404, 422),
)
@patient_only
def access_log(patient_id: int):
    if patient_id != current_user.id:
        raise NotFound("No such patient.")
    args = query_args(PageArgs())
    base = select(HealthAccess).where(HealthAccess.patient_id == patient_id)
    items, total = fetch_page(base, args["page"], args["page_size"], (HealthAccess.id.desc(),))
    return jsonify(
        paged(AccessSchema(many=True).dump(items), total, args["page"], args["page_size"])
    )


@bp.get("/patients/<int:patient_id>/chart")
@doc(
    "A doctor's chart of a patient they treat: health basics and your visits together",
    response={"type": "object"},
    errors=(403, 404),
)
@doctor_only
def chart(patient_id: int):
    patient = service.patient_for(current_user, patient_id)
    visits = db.session.scalars(
        select(Appointment)
        .where(Appointment.patient_id == patient.id, Appointment.doctor_id == current_user.id)
        .order_by(Appointment.start_at.desc())
        .limit(50)
    ).all()
    _audit("chart.read", patient.id, "profile", patient.id, now_utc())
    db.session.commit()
    return jsonify(
        patient=PatientProfileSchema(exclude=("email", "phone", "timezone")).dump(patient),
        appointments=AppointmentSchema(
            many=True, only=("id", "status", "start_at", "end_at", "consultation_type", "reason")
        ).dump(visits),
    )


@bp.get("/export")
@doc("All your data as one JSON file (patients)", response={"type": "object"}, errors=(403,))
@patient_only
def export():
    now = now_utc()
    patient = current_user
    appointments = db.session.scalars(
        select(Appointment)
        .where(Appointment.patient_id == patient.id)
        .order_by(Appointment.start_at)
    ).all()
    records = db.session.scalars(
        select(MedicalRecord)
        .where(MedicalRecord.patient_id == patient.id)
        .order_by(MedicalRecord.created_at)
    ).all()
    prescriptions = db.session.scalars(
        select(Prescription).where(Prescription.patient_id == patient.id).order_by(Prescription.id)
    ).all()
    documents = db.session.scalars(
        select(Document).where(Document.patient_id == patient.id).order_by(Document.id)
    ).all()
    _audit("export", patient.id, "export", None, now)
    db.session.commit()
    body: dict[str, Any] = {
        "exportedAt": isoformat_utc(now),
        "profile": PatientProfileSchema().dump(patient),
        "appointments": AppointmentSchema(many=True).dump(appointments),
        "records": RecordSchema(many=True).dump(records),
        "prescriptions": PrescriptionSchema(many=True).dump(prescriptions),
        "documents": DocumentSchema(many=True).dump(documents),
    }
    return Response(
        json.dumps(body, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="clinic360-export-{now:%Y%m%d}.json"',
            "Cache-Control": "private, no-store",
        },
    )
