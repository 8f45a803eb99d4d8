"""Records, prescriptions, documents, the patient's access log, the doctor's chart of a
patient, and a patient's export of all their data. Who may reach them is clinic360.care_access's
to say; every read and write of health data leaves one row in the health access log."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask import Response, current_app, send_file
from flask_login import current_user

from clinic360 import care_access
from clinic360.api import page, page_of
from clinic360.blueprints.records import bp, service
from clinic360.blueprints.records import export as exporting
from clinic360.blueprints.records.export_schemas import ExportSchema
from clinic360.blueprints.records.schemas import (
    AmendmentSchema,
    ChartSchema,
    DocumentSchema,
    DocumentUploadSchema,
    HealthAccessSchema,
    RecordInSchema,
    RecordSchema,
)
from clinic360.clock import now_utc
from clinic360.http import PayloadTooLarge, max_body
from clinic360.pagination import PageArgs
from clinic360.storage import clean_filename

MULTIPART_OVERHEAD = 64 * 1024
PRIVATE = "private, no-store"


def _file(media_type: str, description: str) -> dict[str, Any]:
    """The OpenAPI answer of a view that sends a file."""
    return {
        "200": {
            "description": description,
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
        }
    }


def _patient_page(
    subject: str,
    patient_id: int,
    args: dict[str, Any],
    fetch: Callable[[int, int, int], tuple[list[Any], int]],
    *,
    audited: bool = True,
) -> dict[str, Any]:
    """One page of a patient's `subject` for a caller care access lets read it (404 for any
    other patient), the read left in the health access log unless not `audited`."""
    patient = care_access.patient_for(current_user, subject, "read", patient_id)
    items, total = fetch(patient.id, args["page"], args["page_size"])
    if audited:
        care_access.audit(current_user, subject, "read", patient.id, None, now_utc())
    return page(items, total, args["page"], args["page_size"])


@bp.post("/records")
@bp.arguments(RecordInSchema)
@bp.response(201, RecordSchema)
@bp.errors(404)
@care_access.gate("record", "write")
def write_record(data: dict[str, Any]):
    """Write a record (and prescription) for a patient you treat"""
    patient = care_access.patient_for(current_user, "record", "write", data["patient_id"])
    now = now_utc()
    record = service.write_record(current_user, patient, data, now)
    care_access.audit(current_user, "record", "write", patient.id, record.id, now)
    return record


@bp.post("/records/<int:record_id>/amendments")
@bp.arguments(AmendmentSchema)
@bp.response(201, RecordSchema)
@bp.errors(404)
@care_access.gate("record", "amend")
def amend_record(data: dict[str, Any], record_id: int):
    """Correct a record: a new record that amends it; the original stays"""
    original = care_access.record_for(current_user, record_id, "amend")
    now = now_utc()
    amendment = service.amend_record(current_user, original, data, now)
    care_access.audit(current_user, "record", "amend", amendment.patient_id, amendment.id, now)
    return amendment


@bp.get("/records/<int:patient_id>")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(RecordSchema))
@bp.errors(404)
@care_access.gate("records", "read")
def list_records(args: dict[str, Any], patient_id: int):
    """A patient's records, newest first (the patient, or a doctor treating them)"""
    return _patient_page("records", patient_id, args, service.records_page)


@bp.get("/records/<int:patient_id>/documents")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(DocumentSchema))
@bp.errors(404)
@care_access.gate("documents", "read")
def list_documents(args: dict[str, Any], patient_id: int):
    """A patient's uploaded documents, newest first"""
    return _patient_page("documents", patient_id, args, service.documents_page)


@bp.post("/records/<int:patient_id>/documents")
@bp.arguments(DocumentUploadSchema, location="files")
@bp.response(201, DocumentSchema)
@bp.errors(404)
@care_access.gate("document", "write")
@max_body(10 * 1024 * 1024 + MULTIPART_OVERHEAD)
def upload_document(files: dict[str, Any], patient_id: int):
    """Upload a report (multipart `file`: PDF, JPEG or PNG, 10 MB at most)"""
    patient = care_access.patient_for(current_user, "document", "write", patient_id)
    upload = files["file"]
    limit = current_app.config["DOCUMENT_MAX_BYTES"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge("The file is larger than 10 MB.")
    now = now_utc()
    document = service.store_document(current_user, patient, upload.filename or "", data, now)
    care_access.audit(current_user, "document", "write", patient.id, document.id, now)
    return document


@bp.get("/documents/<int:document_id>")
@bp.doc(responses=_file("application/octet-stream", "The document, as an attachment"))
@bp.errors(404)
@care_access.gate("document", "read")
def download_document(document_id: int):
    """Download a document, as an attachment"""
    document = care_access.document_for(current_user, document_id)
    data = service.read_document(document)
    care_access.audit(current_user, "document", "read", document.patient_id, document.id, now_utc())
    response = send_file(
        io.BytesIO(data),
        mimetype=document.content_type,
        as_attachment=True,
        download_name=clean_filename(document.filename),
        max_age=0,
    )
    response.headers["Cache-Control"] = PRIVATE
    return response


@bp.delete("/documents/<int:document_id>")
@bp.response(204)
@bp.errors(404)
@care_access.gate("document", "delete")
def delete_document(document_id: int):
    """Remove a document you uploaded (a patient their own uploads, a doctor theirs): it
    leaves lists and downloads, its bytes are erased and its size is freed from the quota;
    the record of the upload and the removal stays in the audit trail"""
    document = care_access.document_for(current_user, document_id, "delete")
    now = now_utc()
    service.delete_document(document, current_user, now)
    care_access.audit(current_user, "document", "delete", document.patient_id, document.id, now)


@bp.get("/prescriptions/<int:prescription_id>.pdf")
@bp.doc(responses=_file("application/pdf", "The prescription as a PDF"))
@bp.errors(404)
@care_access.gate("prescription", "read")
def prescription_pdf(prescription_id: int):
    """A prescription as a PDF"""
    prescription = care_access.prescription_for(current_user, prescription_id)
    body = service.prescription_pdf(prescription, current_app.config["PUBLIC_BASE_URL"])
    care_access.audit(
        current_user,
        "prescription",
        "read",
        prescription.patient_id,
        prescription.id,
        now_utc(),
    )
    code = prescription.verification_code
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="prescription-{code}.pdf"',
            "Cache-Control": PRIVATE,
        },
    )


@bp.get("/records/<int:patient_id>/access-log")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(HealthAccessSchema))
@bp.errors(404)
@care_access.gate("access_log", "read")
def access_log(args: dict[str, Any], patient_id: int):
    """Who read or wrote your health data, and when (the patient only)"""
    return _patient_page("access_log", patient_id, args, service.access_page, audited=False)


@bp.get("/patients/<int:patient_id>/chart")
@bp.response(200, ChartSchema)
@bp.errors(404)
@care_access.gate("chart", "read")
def chart(patient_id: int):
    """A doctor's chart of a patient they treat: health basics and your visits together"""
    patient = care_access.patient_for(current_user, "chart", "read", patient_id)
    body = service.chart(current_user, patient)
    care_access.audit(current_user, "chart", "read", patient.id, patient.id, now_utc())
    return body


@bp.get("/export")
@bp.response(200, ExportSchema)
@care_access.gate("export", "read")
def export():
    """All your data as one JSON file (patients)"""
    care_access.require(current_user, "export", "read", current_user)
    now = now_utc()
    body = exporting.export(current_user, now)
    care_access.audit(current_user, "export", "read", current_user.id, None, now)
    return body, {
        "Content-Disposition": f'attachment; filename="clinic360-export-{now:%Y%m%d}.json"',
        "Cache-Control": PRIVATE,
    }
