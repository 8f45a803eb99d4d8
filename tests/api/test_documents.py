"""Uploaded documents: checked by content, sealed on disk, served as attachments, within size
and quota; and file names cleaned of control and bidi characters on the way in and out."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from clinic360.extensions import db
from clinic360.models import Document
from clinic360.storage import document_path
from tests.health_data import pdf_bytes, png_bytes, upload, upload_raw


def test_documents_are_sealed_on_disk_and_served_as_attachments(care, app, upload_dir):
    _, patient_user, _, patient, _ = care
    original = pdf_bytes()
    response = upload(patient, patient_user.id, original, name="blood test.pdf")
    assert response.status_code == 201, response.get_json()
    document = response.get_json()
    assert document["contentType"] == "application/pdf" and document["size"] == len(original)
    with app.app_context():
        row = db.session.get(Document, document["id"])
        on_disk = document_path(row.storage_key).read_bytes()
        assert document_path(row.storage_key).is_relative_to(upload_dir)
        raw_name = db.session.execute(text("SELECT filename FROM documents")).scalar_one()
    assert original not in on_disk and b"lab result" not in on_disk
    assert raw_name.startswith("enc1:") and "blood" not in raw_name

    download = patient.get(f"/api/documents/{document['id']}")
    assert download.status_code == 200
    assert download.data == original
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "blood" in download.headers["Content-Disposition"]
    listed = patient.get(f"/api/records/{patient_user.id}/documents").get_json()
    assert [d["filename"] for d in listed["items"]] == ["blood test.pdf"]


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"just text", "x.pdf"), (b"MZ\x90\x00 windows exe", "report.png"), (b"", "empty.pdf")],
)
def test_documents_are_checked_by_content(care, data, name):
    _, patient_user, _, patient, _ = care
    response = upload(patient, patient_user.id, data, name=name)
    assert response.status_code == 422


def test_png_and_jpeg_documents(care):
    _, patient_user, _, patient, _ = care
    response = upload(patient, patient_user.id, png_bytes(), name="scan", content_type="x/y")
    assert response.status_code == 201
    assert response.get_json()["contentType"] == "image/png"
    assert response.get_json()["filename"] == "scan.png"


def test_document_size_and_quota(care, app, monkeypatch):
    _, patient_user, _, patient, _ = care
    big = b"%PDF-" + b"0" * (10 * 1024 * 1024)
    assert upload(patient, patient_user.id, big).status_code == 413
    monkeypatch.setitem(app.config, "DOCUMENT_QUOTA_BYTES", 2000)
    assert upload(patient, patient_user.id, pdf_bytes()).status_code == 201
    over = upload(patient, patient_user.id, pdf_bytes())
    assert over.status_code == 413
    assert over.get_json()["error"]["code"] == "quota_exceeded"


# --- File names -------------------------------------------------------------------------

HOSTILE_NAMES = [
    ("a\x00b.pdf", "ab.pdf"),
    ("blood\r\nX-Injected: yes.pdf", "bloodX-Injected: yes.pdf"),
    ("\x1b[31mred\x7f\x85.pdf", "[31mred.pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.pdf"),
    ("\u2066scan\u2069\u200f\u2028.pdf", "scan.pdf"),
    ("\x01\x02\x1f", "document.pdf"),
    ("..\\..\\windows\\report.pdf", "report.pdf"),
    ("  .hidden.pdf  ", "hidden.pdf"),
]


def _header_is_clean(value: str) -> bool:
    return all(" " <= ch < "\x7f" for ch in value)


@pytest.mark.parametrize(("sent", "stored"), HOSTILE_NAMES)
def test_control_and_bidi_characters_leave_file_names(care, sent, stored):
    _, patient_user, _, patient, _ = care
    quoted = "".join(
        ch if ch.isascii() and ch.isalnum() else "".join(f"%{b:02X}" for b in ch.encode())
        for ch in sent
    )
    response = upload_raw(patient, patient_user.id, f"filename*=UTF-8''{quoted}", pdf_bytes())
    assert response.status_code == 201, response.get_json()
    document = response.get_json()
    assert document["filename"] == stored
    download = patient.get(document["downloadUrl"])
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and _header_is_clean(disposition)
    assert download.headers.get("X-Injected") is None


def test_a_plain_filename_with_raw_control_bytes_is_cleaned(care):
    _, patient_user, _, patient, _ = care
    response = upload_raw(patient, patient_user.id, 'filename="lab\x01\x00\x7f.pdf"', pdf_bytes())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["filename"] == "lab.pdf"


def test_names_stored_before_cleaning_are_cleaned_on_download(care, app):
    _, patient_user, _, patient, _ = care
    document = upload(patient, patient_user.id, pdf_bytes(), name="old.pdf").get_json()
    with app.app_context():
        db.session.get(Document, document["id"]).filename = "old\r\nname\u202e\x00.pdf"
        db.session.commit()
    download = patient.get(document["downloadUrl"])
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == "attachment; filename=oldname.pdf"
