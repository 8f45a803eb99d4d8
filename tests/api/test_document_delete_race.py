"""Removing a document is spent once and erases the bytes only when the removal commits: two
removals at the same moment on a live server give one 204 and one 404 (one audit row); a
removal that rolls back leaves the document readable; a download whose file is missing
answers 404."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from clinic360 import crypto
from clinic360.extensions import db
from clinic360.models import Document, HealthAccess, Role
from clinic360.storage import document_path
from tests.health_data import pdf_bytes, upload
from tests.live import race

REFUSE_REMOVAL_AUDIT = """
CREATE FUNCTION pg_temp.refuse_removal() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'the audit log refuses this write'; END $$;
CREATE TRIGGER refuse_removal BEFORE INSERT ON health_access_log FOR EACH ROW
WHEN (NEW.action = 'document.delete') EXECUTE FUNCTION pg_temp.refuse_removal();
"""


def test_a_removal_that_rolls_back_leaves_the_document_readable(care, app):
    _, patient_user, _, patient, _ = care
    document = upload(patient, patient_user.id, pdf_bytes()).get_json()
    with app.app_context():
        db.session.execute(text(REFUSE_REMOVAL_AUDIT))
        db.session.commit()
        path = document_path(db.session.get(Document, document["id"]).storage_key)
    try:
        status = patient.delete(f"/api/documents/{document['id']}").status_code
    except Exception:  # the database error reached the test client
        status = 500
    assert status == 500
    assert path.exists()
    download = patient.get(f"/api/documents/{document['id']}")
    assert download.status_code == 200 and download.data == pdf_bytes()
    with app.app_context():
        assert db.session.get(Document, document["id"]).deleted_at is None


def test_a_download_whose_file_is_missing_answers_404(care, app):
    _, patient_user, doc, patient, _ = care
    document = upload(patient, patient_user.id, pdf_bytes()).get_json()
    with app.app_context():
        document_path(db.session.get(Document, document["id"]).storage_key).unlink()
    for client in (patient, doc):
        response = client.get(f"/api/documents/{document['id']}")
        assert response.status_code == 404, response.get_data()
        assert response.get_json()["error"]["code"] == "not_found"


@pytest.fixture
def live_document(live_app, live_env, live_user):
    """A patient on the live server and a sealed document of theirs in its upload folder."""
    patient = live_user(Role.PATIENT)
    key = secrets.token_hex(16)
    with live_app.app_context():
        sealed = crypto.keyring().seal_bytes(pdf_bytes())
        path = live_env["UPLOAD_DIR"] + f"/documents/{key}.bin"
        document = Document(
            patient_id=patient["id"],
            uploaded_by_id=patient["id"],
            filename="report.pdf",
            content_type="application/pdf",
            size=len(pdf_bytes()),
            storage_key=key,
        )
        db.session.add(document)
        db.session.commit()
        document_id = document.id
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(sealed)
    return patient, document_id, Path(path)


def test_two_removals_at_once_remove_once(live_app, live_document, http_client):
    patient, document_id, path = live_document
    first, second = http_client(), http_client()
    for client in (first, second):
        client.login(patient)
    answers = race(
        lambda: first.request("DELETE", f"/api/documents/{document_id}"),
        lambda: second.request("DELETE", f"/api/documents/{document_id}"),
    )
    assert sorted(status for status, _ in answers) == [204, 404], answers
    assert not path.exists()
    with live_app.app_context():
        removals = db.session.scalar(
            select(func.count())
            .select_from(HealthAccess)
            .where(HealthAccess.action == "document.delete", HealthAccess.object_id == document_id)
        )
    assert removals == 1
