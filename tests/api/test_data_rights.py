"""Data rights: the patient's export holds everything the account holds about them, and an
account deletion request (by the patient, completed by an admin in the API or the console)
erases what may be erased, keeps medical records under their retention rule, ends every
session, is audited, and tells the patient by mail (real SMTP on loopback) before the address
goes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AuditEvent,
    DeletionRequest,
    Document,
    HealthAccess,
    MedicalRecord,
    Message,
    Notification,
    OutboxMessage,
    Role,
    User,
)
from clinic360.storage import photo_path
from tests.conftest import PASSWORD, run_outbox
from tests.health_data import pdf_bytes, upload, upload_photo, write
from tests.smtp import parts


@pytest.fixture
def treated(care):
    """The care world with a record, a document, a message each way and a photo."""
    doctor, patient_user, doc, patient, appointment = care
    thread = f"/api/appointments/{appointment['id']}/messages"
    assert patient.post(thread, {"body": "The rash is spreading"}).status_code == 201
    assert doc.post(thread, {"body": "Send me a photo please"}).status_code == 201
    record = write(doc, patient_user).get_json()
    document = upload(patient, patient_user.id, pdf_bytes()).get_json()
    upload_photo(patient)
    return doctor, patient_user, doc, patient, appointment, record, document


def test_the_export_holds_everything_the_patient_owns(treated, make_client, make_user):
    doctor, _, _, patient, appointment, record, document = treated
    other = make_client()  # another patient's thread never shows
    other.login_as(make_user())
    export = patient.get("/api/export").get_json()

    assert export["profile"]["fullName"] == "Rhea Record"
    assert export["profile"]["allergies"] == "peanuts"
    assert export["profile"]["emailVerified"] is True and export["profile"]["mfaEnabled"] is False
    assert export["preferences"] == {
        "emailReminders": True,
        "smsReminders": False,
        "timezone": None,
        "calendarFeed": False,
    }
    (visit,) = export["appointments"]
    assert visit["id"] == appointment["id"]
    assert {h["toStatus"] for h in visit["history"]} >= {"pending", "confirmed"}
    assert [m["body"] for m in export["messages"]] == [
        "The rash is spreading",
        "Send me a photo please",
    ]
    assert [m["senderName"] for m in export["messages"]] == ["Rhea Record", doctor.full_name]
    assert [r["id"] for r in export["records"]] == [record["id"]]
    assert [p["id"] for p in export["prescriptions"]] == [record["prescriptions"][0]["id"]]
    assert [d["id"] for d in export["documents"]] == [document["id"]]
    assert export["notifications"] and all(n["title"] for n in export["notifications"])
    assert {m["kind"] for m in export["mail"]} >= {"booking_requested", "booking_confirmed"}
    assert export["sessions"] and export["sessions"][-1]["revokedAt"] is None
    assert {row["action"] for row in export["accessLog"]} >= {"document.write", "record.write"}
    assert export["deletionRequests"] == [] and export["videoJoins"] == []
    assert "The rash" not in str(other.get("/api/export").get_json())


def test_one_open_deletion_request_at_a_time(client, make_client, make_user):
    client.login_as(make_user())
    assert client.get("/api/account/deletion-request").status_code == 404
    response = client.post("/api/account/deletion-request", {"reason": "Moving abroad"})
    assert response.status_code == 202, response.get_json()
    first = response.get_json()
    assert first["status"] == "open" and first["completedAt"] is None
    again = client.post("/api/account/deletion-request", {})
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "deletion_already_requested"
    assert client.get("/api/account/deletion-request").get_json()["id"] == first["id"]

    assert client.delete("/api/account/deletion-request").status_code == 204
    assert client.get("/api/account/deletion-request").get_json()["status"] == "withdrawn"
    assert client.delete("/api/account/deletion-request").status_code == 404
    assert client.post("/api/account/deletion-request", {}).status_code == 202

    for role in (Role.DOCTOR, Role.ADMIN):
        other = make_client()
        other.login_as(make_user(role))
        assert other.post("/api/account/deletion-request", {}).status_code == 403
    assert make_client().post("/api/account/deletion-request", {}).status_code == 401


def test_an_admin_completes_a_request_and_the_account_is_erased(
    app, smtp, treated, scheduled_doctor, make_client, make_user, upload_dir
):
    doctor, patient_user, _, patient, appointment, record, document = treated
    address = patient_user.email
    with app.app_context():
        photo = photo_path(db.session.get(User, patient_user.id).photo_key)
    assert photo.exists()
    run_outbox(app, now_utc())
    smtp.clear()
    second_device = make_client()
    second_device.login_as(patient_user)
    request_id = patient.post("/api/account/deletion-request", {}).get_json()["id"]

    admin = make_client()
    admin.login_as(make_user(Role.ADMIN, full_name="Ada Admin"))
    listed = admin.get("/api/admin/deletion-requests?status=open").get_json()
    assert [(r["id"], r["user"]["id"]) for r in listed["items"]] == [(request_id, patient_user.id)]
    assert patient.get("/api/admin/deletion-requests").status_code == 403

    response = admin.post(f"/api/admin/deletion-requests/{request_id}/complete")
    assert response.status_code == 200, response.get_json()
    done = response.get_json()
    assert done["status"] == "completed" and done["completedBy"]["fullName"] == "Ada Admin"
    assert done["mailed"] is True
    again = admin.post(f"/api/admin/deletion-requests/{request_id}/complete")
    assert again.status_code == 409

    # Every session ended; the old credentials open nothing.
    for client in (patient, second_device):
        assert client.get("/api/user").status_code == 401
    assert make_client().login(address, PASSWORD).status_code == 401

    with app.app_context():
        user = db.session.get(User, patient_user.id)
        assert user.full_name == "Deleted user" and user.is_active is False
        assert user.email == f"deleted-{user.id}@erased.invalid" and user.phone is None
        assert user.photo_key is None and user.timezone is None
        profile = user.patient_profile
        assert profile.allergies is None and profile.date_of_birth is None
        assert profile.emergency_contact_name is None
        assert (
            db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()
            == []
        )
        # Medical records, prescriptions, documents and messages stay (retention).
        assert db.session.get(MedicalRecord, record["id"]) is not None
        assert db.session.get(Document, document["id"]).deleted_at is None
        assert len(db.session.scalars(select(Message)).all()) == 2
        # The upcoming visit was cancelled, so the doctor hears of it and the slot is free.
        assert db.session.get(Appointment, appointment["id"]).status == "cancelled"
        (event,) = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "account.erase")
        ).all()
        assert event.target_id == user.id and "Rhea" not in event.summary
        assert db.session.scalars(
            select(HealthAccess).where(
                HealthAccess.action == "account.erase", HealthAccess.patient_id == user.id
            )
        ).all()
        assert db.session.get(DeletionRequest, request_id).completed_at is not None
    assert not photo.exists()

    run_outbox(app, now_utc() + timedelta(seconds=1))
    (farewell,) = smtp.to(address)  # the last mail, and only that one, to the old address
    assert str(farewell["Subject"]) == "Your Clinic360 account was deleted"
    assert farewell["To"].addresses[0].display_name == "Rhea Record"
    assert "medical records" in parts(farewell)["text/plain"]
    assert smtp.to(doctor.email)  # the doctor was told the visit is cancelled
    with app.app_context():
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.user_id == patient_user.id)
        ).all()
        assert all("to" not in row.context for row in rows)  # the sealed address is gone
        assert all(address not in str(row.context) for row in rows)


def test_the_console_completes_a_request(app, client, make_client, make_user):
    patient_user = make_user(full_name="Consoled Patient")
    patient = make_client()
    patient.login_as(patient_user)
    request_id = patient.post("/api/account/deletion-request", {}).get_json()["id"]
    client.login_as(make_user(Role.ADMIN))
    page = client.get("/admin/deletion_requests/")
    assert page.status_code == 200 and b"Consoled Patient" in page.data
    token = page.data.split(b'name="csrf_token" type="hidden" value="')[1].split(b'"')[0]
    response = client.raw.post(
        "/admin/deletion_requests/action/",
        data={"action": "complete", "rowid": [str(request_id)], "csrf_token": token.decode()},
    )
    assert response.status_code == 302
    assert patient.get("/api/user").status_code == 401
    with app.app_context():
        assert db.session.get(DeletionRequest, request_id).status == "completed"
        assert db.session.get(User, patient_user.id).full_name == "Deleted user"
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert actions == ["account.erase"]
