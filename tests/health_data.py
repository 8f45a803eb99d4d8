"""Fixtures and helpers of the health-data tests (records, documents, the access matrix): a
doctor treating a patient, an upload directory of the test's own, and request helpers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import HealthAccess

ITEMS = [
    {
        "medication": "Hydrocortisone cream 1%",
        "dose": "thin layer",
        "route": "topical",
        "frequency": "twice a day",
        "duration": "7 days",
        "instructions": "Affected skin only",
    },
    {
        "medication": "Cetirizine",
        "dose": "10 mg",
        "route": "oral",
        "frequency": "once daily",
        "duration": "14 days",
    },
]


@pytest.fixture
def upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def care(app, booked, scheduled_doctor, make_client, make_user, upload_dir):
    """A doctor with a confirmed appointment with a patient, both logged in:
    (doctor, patient user, doctor's client, patient's client, appointment)."""
    doctor = scheduled_doctor()
    patient_user = make_user(full_name="Rhea Record", allergies="peanuts")
    patient, appointment = booked(doctor, patient=patient_user)
    doc = make_client()
    doc.login_as(doctor)
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    return doctor, patient_user, doc, patient, appointment


def write(doc, patient_user, appointment=None, **extra):
    body = {
        "patientId": patient_user.id,
        "diagnosis": "Contact dermatitis",
        "notes": "Red itchy patches on both forearms",
        "vitals": {"temperatureC": 36.8, "pulse": 72},
        "followUp": "Review in two weeks",
        "prescription": ITEMS,
        **extra,
    }
    if appointment:
        body["appointmentId"] = appointment["id"]
    return doc.post("/api/records", body)


def audit_rows(app) -> list[tuple[int, str, str, int | None]]:
    with app.app_context():
        return [
            (row.actor_id, row.action, row.object_type, row.object_id)
            for row in db.session.scalars(select(HealthAccess).order_by(HealthAccess.id))
        ]


def make_pdf(catalog: bytes = b"", *extra: bytes) -> bytes:
    """A well-formed one-page PDF (about 1.4 kB): `catalog` is added to its catalog and
    `extra` are objects 4, 5, ... (for PDFs that carry actions)."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>",
        *extra,
    ]
    out = bytearray(b"%PDF-1.4\n%" + b"lab result " * 100 + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_bytes() -> bytes:
    return make_pdf()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(out, format="PNG")
    return out.getvalue()


def upload_photo(client) -> str:
    """Give the logged-in user a profile photo; its URL."""
    response = client.post(
        "/api/profile/photo",
        data={"photo": (io.BytesIO(png_bytes()), "me.png", "image/png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()["photoUrl"]


def upload(client, patient_id, data, name="report.pdf", content_type="application/pdf"):
    return client.post(
        f"/api/records/{patient_id}/documents",
        data={"file": (io.BytesIO(data), name, content_type)},
        content_type="multipart/form-data",
    )


def upload_raw(client, patient_id: int, disposition: str, data: bytes) -> Any:
    """An upload whose part header is written by hand (``filename*=UTF-8''...`` carries any
    character, as a hostile client would send it)."""
    body = (
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="file"; '
        + disposition.encode()
        + b"\r\nContent-Type: application/pdf\r\n\r\n"
        + data
        + b"\r\n--BOUNDARY--\r\n"
    )
    return client.post(
        f"/api/records/{patient_id}/documents",
        data=body,
        content_type="multipart/form-data; boundary=BOUNDARY",
    )
