"""The message thread of an appointment: who may read and write, plain text only,
incremental fetches with bounded queries, unread counts, and one mail per burst."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from clinic360.extensions import db
from clinic360.models import Notification, OutboxMessage, Role
from tests.conftest import run_outbox


@pytest.fixture
def thread(booked, scheduled_doctor, make_client):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor)
    doc = make_client()
    doc.login_as(doctor)
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    path = f"/api/appointments/{appointment['id']}/messages"
    return doctor, patient, doc, appointment, path


def test_participants_talk_in_plain_text(thread):
    _, patient, doc, _, path = thread
    script = "<script>alert('x')</script> & <b>bold</b>"
    sent = patient.post(path, {"body": script})
    assert sent.status_code == 201, sent.get_json()
    assert sent.get_json()["body"] == script
    doc.post(path, {"body": "  Hello, how is the rash?  "})
    body = doc.get(path).get_json()
    assert [m["body"] for m in body["items"]] == [script, "  Hello, how is the rash?  "]
    assert body["canPost"] is True and body["hasMore"] is False


@pytest.mark.parametrize("text", ["", "x" * 2001])
def test_message_length_is_checked(thread, text):
    _, patient, _, _, path = thread
    response = patient.post(path, {"body": text})
    assert response.status_code == 422
    assert "body" in response.get_json()["error"]["fields"]


def test_the_longest_message_is_accepted(thread):
    _, patient, _, _, path = thread
    assert patient.post(path, {"body": "x" * 2000}).status_code == 201


def test_strangers_get_404(thread, make_client, make_user, make_doctor):
    _, _, _, _, path = thread
    for stranger in (make_user(), make_doctor()):
        other = make_client()
        other.login_as(stranger)
        assert other.get(path).status_code == 404
        assert other.post(path, {"body": "hi"}).status_code == 404
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    assert admin.get(path).status_code == 403


def test_pending_and_cancelled_threads_are_read_only(booked, scheduled_doctor, make_client):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor)
    path = f"/api/appointments/{appointment['id']}/messages"
    response = patient.post(path, {"body": "hello"})
    assert response.status_code == 403
    doc = make_client()
    doc.login_as(doctor)
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    assert patient.post(path, {"body": "before"}).status_code == 201
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "cancelled", "reason": "Ill"})
    assert patient.post(path, {"body": "after"}).status_code == 403
    body = patient.get(path).get_json()
    assert [m["body"] for m in body["items"]] == ["before"] and body["canPost"] is False


def test_incremental_fetch_and_bounded_queries(thread, count_queries):
    _, patient, doc, _, path = thread
    ids = [patient.post(path, {"body": f"m{n}"}).get_json()["id"] for n in range(3)]
    newer = doc.get(f"{path}?after={ids[0]}").get_json()["items"]
    assert [m["id"] for m in newer] == ids[1:]
    assert doc.get(f"{path}?after={ids[-1]}").get_json()["items"] == []
    paged = doc.get(f"{path}?limit=2").get_json()
    assert len(paged["items"]) == 2 and paged["hasMore"] is True
    assert doc.get(f"{path}?after=-1").status_code == 422

    with count_queries() as small:
        doc.get(path)
    for n in range(30):
        patient.post(path, {"body": f"more {n}"})
    with count_queries() as large:
        body = doc.get(path).get_json()
    assert len(body["items"]) == 33
    assert small.count == large.count, (small.statements, large.statements)
    # The caller (session, user, profile); the appointment with the page and its unread count.
    reads = [s for s in large.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 2, reads


def test_unread_counts_and_reading(thread):
    _, patient, doc, appointment, path = thread
    for n in range(3):
        patient.post(path, {"body": f"q{n}"})
    assert doc.get(path).get_json()["unreadCount"] == 3
    unread = doc.get("/api/messages/unread").get_json()
    assert unread == {"total": 3, "byAppointment": {str(appointment["id"]): 3}}
    assert patient.get("/api/messages/unread").get_json()["total"] == 0
    assert doc.post(f"{path}/read", {}).status_code == 204
    assert doc.get("/api/messages/unread").get_json()["total"] == 0


def test_a_burst_is_one_notification_and_one_mail(app, thread, smtp):
    doctor, patient, doc, _, path = thread
    for n in range(5):
        patient.post(path, {"body": f"burst {n}"})
    with app.app_context():
        pending = db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.kind == "new_message")
        )
        lines = db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.kind == "new_message")
        )
    assert pending == 1 and lines == 1
    now = datetime.now().astimezone()
    run_outbox(app, now)  # the mail waits a few minutes for the burst to end
    assert [m for m in smtp.to(doctor.email) if "new message" in str(m["Subject"])] == []
    run_outbox(app, now + timedelta(minutes=6))
    (mail,) = [m for m in smtp.to(doctor.email) if "new message" in str(m["Subject"])]
    assert str(mail["Subject"]).startswith("5 new messages from")
    assert "burst" not in str(mail)  # the text of messages never leaves the app

    # Read before the mail is due: no mail.
    doc.post(path, {"body": "answer"})
    patient.post(f"{path}/read", {})
    run_outbox(app, now + timedelta(minutes=20))
    patient_email = patient.get("/api/user").get_json()["email"]
    assert [m for m in smtp.to(patient_email) if "new message" in str(m["Subject"])] == []


def test_message_text_is_sealed_at_rest(thread, app):
    _, patient, _, _, path = thread
    patient.post(path, {"body": "My rash is spreading to my neck"})
    with app.app_context():
        stored = db.session.execute(text("SELECT body FROM messages")).scalar_one()
    assert stored.startswith("enc1:") and "rash" not in stored
    assert patient.get(path).get_json()["items"][0]["body"] == "My rash is spreading to my neck"
