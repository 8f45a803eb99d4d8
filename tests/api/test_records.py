"""Medical records and prescriptions: who may see them, sealed at rest, the prescription PDF,
the chart, the export, and the append-only, hash-chained health access log. Documents are in
test_documents.py; the access matrix of every health-data endpoint in test_care_access.py."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from clinic360 import crypto, health_audit
from clinic360.extensions import db
from clinic360.models import HealthAccess, Role
from tests.health_data import ITEMS, audit_rows, pdf_bytes, upload, write

# --- Records ----------------------------------------------------------------------------


def test_a_doctor_writes_a_record_and_the_patient_sees_it(care):
    doctor, patient_user, doc, patient, appointment = care
    response = write(doc, patient_user, appointment)
    assert response.status_code == 201, response.get_json()
    record = response.get_json()
    assert record["diagnosis"] == "Contact dermatitis"
    assert record["vitals"] == {"temperatureC": 36.8, "pulse": 72}
    assert record["doctor"]["id"] == doctor.id
    (prescription,) = record["prescriptions"]
    assert [i["medication"] for i in prescription["items"]] == [i["medication"] for i in ITEMS]
    assert len(prescription["verificationCode"]) == 8

    mine = patient.get(f"/api/records/{patient_user.id}").get_json()
    assert mine["total"] == 1 and mine["items"][0]["id"] == record["id"]
    notes = patient.get("/api/notifications").get_json()["items"]
    assert any(n["kind"] == "record_added" for n in notes)
    assert "dermatitis" not in json.dumps(notes).lower()


def test_records_are_append_only_and_corrected_by_amendments(care, app):
    _, patient_user, doc, patient, _ = care
    original = write(doc, patient_user).get_json()
    amended = doc.post(
        f"/api/records/{original['id']}/amendments",
        {"diagnosis": "Atopic eczema", "reason": "Patch test came back"},
    )
    assert amended.status_code == 201
    assert amended.get_json()["amends"] == original["id"]
    assert (
        doc.post(f"/api/records/{original['id']}/amendments", {"diagnosis": "x"}).status_code == 422
    )  # a reason is required
    timeline = patient.get(f"/api/records/{patient_user.id}").get_json()["items"]
    assert [r["diagnosis"] for r in timeline] == ["Atopic eczema", "Contact dermatitis"]
    assert timeline[1]["amendedBy"] == [amended.get_json()["id"]]
    assert timeline[0]["amendmentReason"] == "Patch test came back"
    assert doc.put(f"/api/records/{original['id']}", {"diagnosis": "x"}).status_code == 405
    with (
        app.app_context(),
        pytest.raises(DBAPIError, match="append-only"),
        db.session.begin_nested(),
    ):
        db.session.execute(text("UPDATE medical_records SET amends_id = NULL"))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"diagnosis": ""}, "diagnosis"),
        ({"vitals": {"pulse": 900}}, "vitals.pulse"),
        ({"prescription": [{"medication": "X"}]}, "prescription.0.dose"),
        ({"patientId": "me"}, "patientId"),
    ],
)
def test_invalid_records_are_422(care, body, field):
    _, patient_user, doc, _, _ = care
    response = write(doc, patient_user, **body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_only_a_treating_doctor_writes_and_reads(
    care, make_client, scheduled_doctor, booked, make_user, make_doctor
):
    _, patient_user, doc, _, _ = care
    record = write(doc, patient_user).get_json()
    prescription_id = record["prescriptions"][0]["id"]
    document = upload(doc, patient_user.id, pdf_bytes()).get_json()

    stranger_doctor = make_client()
    stranger_doctor.login_as(make_doctor())
    other_patient = make_client()
    other_patient.login_as(make_user())
    pending_doctor = scheduled_doctor()
    booked(pending_doctor, patient=patient_user, index=5)  # pending only: not treating yet
    pending = make_client()
    pending.login_as(pending_doctor)
    for outsider in (stranger_doctor, other_patient, pending):
        for path in (
            f"/api/records/{patient_user.id}",
            f"/api/records/{patient_user.id}/documents",
            f"/api/documents/{document['id']}",
            f"/api/prescriptions/{prescription_id}.pdf",
            f"/api/records/{patient_user.id}/access-log",
        ):
            expected = 403 if outsider is stranger_doctor and path.endswith("access-log") else 404
            if outsider is pending and path.endswith("access-log"):
                expected = 403  # the access log is the patient's own, doctors are refused
            assert outsider.get(path).status_code == expected, path
    assert write(stranger_doctor, patient_user).status_code == 404
    assert stranger_doctor.get(f"/api/patients/{patient_user.id}/chart").status_code == 404
    assert doc.get(f"/api/patients/{patient_user.id}/chart").status_code == 200
    assert doc.get("/api/records/999999").status_code == 404


def test_a_patient_cannot_write_records(care):
    _, patient_user, _, patient, _ = care
    assert write(patient, patient_user).status_code == 403


# --- Encryption at rest -----------------------------------------------------------------


def test_the_database_holds_only_ciphertext_for_health_fields(care, app):
    _, patient_user, doc, patient, _ = care
    patient.put(
        "/api/profile",
        {
            "chronicConditions": "asthma",
            "currentMedications": "salbutamol",
            "pregnancyStage": "first_trimester",
        },
    )
    write(doc, patient_user)
    with app.app_context():
        raw = db.session.execute(
            text(
                "SELECT allergies, chronic_conditions, current_medications, pregnancy_stage "
                "FROM patient_profiles WHERE user_id = :id"
            ),
            {"id": patient_user.id},
        ).one()
        record = db.session.execute(
            text("SELECT diagnosis, notes, vitals, follow_up FROM medical_records")
        ).one()
        items = db.session.execute(text("SELECT items FROM prescriptions")).scalar_one()
    sealed = [*raw, *record, items]
    assert all(value.startswith("enc1:test1:") for value in sealed)
    dump = " ".join(sealed).lower()
    for secret in (
        "peanuts",
        "asthma",
        "salbutamol",
        "first_trimester",
        "dermatitis",
        "forearms",
        "hydrocortisone",
        "two weeks",
    ):
        assert secret not in dump


def test_key_rotation_keeps_everything_readable(care, app, upload_dir):
    _, patient_user, doc, patient, _ = care
    record = write(doc, patient_user).get_json()
    document = upload(patient, patient_user.id, pdf_bytes()).get_json()
    thread = f"/api/appointments/{care[4]['id']}/messages"
    patient.post(thread, {"body": "Still itchy"})
    old = crypto.keyring()
    new_key = crypto.parse_keys(crypto.new_key_spec("k2")).keys[0]
    try:
        crypto.configure(crypto.Keyring((new_key, *old.keys)))
        assert (
            patient.get(f"/api/records/{patient_user.id}").get_json()["items"][0]["diagnosis"]
            == record["diagnosis"]
        )
        result = app.test_cli_runner().invoke(args=["crypto", "rotate"])
        assert result.exit_code == 0, result.output
        status = app.test_cli_runner().invoke(args=["crypto", "status"]).output
        assert "test1: 0" in status and "k2 (newest):" in status
        crypto.configure(crypto.Keyring((new_key,)))  # the old key is gone
        body = patient.get(f"/api/records/{patient_user.id}").get_json()["items"][0]
        assert body["diagnosis"] == record["diagnosis"]
        assert body["prescriptions"][0]["items"] == record["prescriptions"][0]["items"]
        assert patient.get(f"/api/documents/{document['id']}").data == pdf_bytes()
        assert patient.get("/api/profile").get_json()["allergies"] == "peanuts"
        assert patient.get(thread).get_json()["items"][0]["body"] == "Still itchy"
    finally:
        crypto.configure(old)


# --- Prescription PDF, export, chart ----------------------------------------------------


def test_the_prescription_pdf_opens_and_lists_the_items(care):
    doctor, patient_user, doc, patient, _ = care
    prescription = write(doc, patient_user).get_json()["prescriptions"][0]
    response = patient.get(prescription["pdfUrl"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = PdfReader(io.BytesIO(response.data)).pages
    content = " ".join(page.extract_text() for page in pages)
    for expected in (
        "Clinic360",
        "Hydrocortisone cream 1%",
        "Cetirizine",
        "twice a day",
        prescription["verificationCode"],
        doctor.doctor_profile.employee_id,
        "Rhea Record",
    ):
        assert expected in content, expected


def test_a_patient_exports_all_their_data(care):
    _, patient_user, doc, patient, appointment = care
    write(doc, patient_user)
    upload(patient, patient_user.id, pdf_bytes())
    response = patient.get("/api/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["profile"]["allergies"] == "peanuts"
    assert [a["id"] for a in data["appointments"]] == [appointment["id"]]
    assert data["records"][0]["diagnosis"] == "Contact dermatitis"
    assert len(data["prescriptions"]) == 1 and len(data["documents"]) == 1
    assert doc.get("/api/export").status_code == 403


# --- The health access log --------------------------------------------------------------


def test_every_health_endpoint_leaves_exactly_its_audit_rows(care, app):
    doctor, patient_user, doc, patient, _ = care
    before = len(audit_rows(app))
    record = write(doc, patient_user).get_json()
    amendment = doc.post(
        f"/api/records/{record['id']}/amendments", {"notes": "Better", "reason": "Typo"}
    ).get_json()
    patient.get(f"/api/records/{patient_user.id}")
    document = upload(patient, patient_user.id, pdf_bytes()).get_json()
    doc.get(f"/api/records/{patient_user.id}/documents")
    doc.get(f"/api/documents/{document['id']}")
    patient.get(record["prescriptions"][0]["pdfUrl"])
    doc.get(f"/api/patients/{patient_user.id}/chart")
    patient.get("/api/profile")
    patient.put("/api/profile", {"allergies": "peanuts, latex"})
    patient.get("/api/export")
    rows = audit_rows(app)[before:]
    p, d = patient_user.id, doctor.id
    assert rows == [
        (d, "record.write", "record", record["id"]),
        (d, "record.amend", "record", amendment["id"]),
        (p, "records.read", "records", None),
        (p, "document.write", "document", document["id"]),
        (d, "documents.read", "documents", None),
        (d, "document.read", "document", document["id"]),
        (p, "prescription.read", "prescription", record["prescriptions"][0]["id"]),
        (d, "chart.read", "profile", p),
        (p, "profile.read", "profile", p),
        (p, "profile.write", "profile", p),
        (p, "export", "export", None),
    ]
    log = patient.get(f"/api/records/{patient_user.id}/access-log").get_json()
    assert log["total"] == len(audit_rows(app))
    assert log["items"][0]["action"] == "export"
    assert {item["actorName"] for item in log["items"]} >= {doctor.full_name, "Rhea Record"}


def test_the_log_is_append_only_and_chained(care, app):
    _, patient_user, doc, patient, _ = care
    write(doc, patient_user)
    patient.get(f"/api/records/{patient_user.id}")
    with app.app_context():
        assert health_audit.verify_chain() is None
        with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
            db.session.execute(text("UPDATE health_access_log SET action = 'nothing'"))
        with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
            db.session.execute(text("DELETE FROM health_access_log"))
        # Someone with the power to switch the guard off still cannot hide a change.
        first = db.session.scalars(select(HealthAccess.id).order_by(HealthAccess.id)).first()
        db.session.execute(text("ALTER TABLE health_access_log DISABLE TRIGGER USER"))
        db.session.execute(
            text("UPDATE health_access_log SET action = 'nothing' WHERE id = :id"), {"id": first}
        )
        db.session.expire_all()
        assert health_audit.verify_chain() == first
        db.session.rollback()


def test_admins_browse_the_log_in_the_console(care, make_client, make_user):
    _, patient_user, doc, _, _ = care
    write(doc, patient_user)
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    page = admin.get("/admin/health_access/?search=record")
    assert page.status_code == 200 and b"record.write" in page.data


def test_records_list_query_count_is_bounded(care, count_queries):
    _, patient_user, doc, patient, _ = care
    write(doc, patient_user)
    with count_queries() as one:
        patient.get(f"/api/records/{patient_user.id}")
    for _ in range(5):
        write(doc, patient_user)
    with count_queries() as six:
        body = patient.get(f"/api/records/{patient_user.id}").get_json()
    assert body["total"] == 6
    assert one.count == six.count, (one.statements, six.statements)
