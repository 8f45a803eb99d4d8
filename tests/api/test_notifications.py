"""Notifications in one process with a controlled clock: reminders, retries, idempotency,
preferences, in-app notifications, and the file and SMS backends. Mail goes to a real SMTP
server on loopback."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from clinic360.extensions import db
from clinic360.jobs.outbox import dispatch_due, resend, send_now
from clinic360.models import OutboxMessage, Role, User
from tests.conftest import run_outbox
from tests.factories import slots_for
from tests.smtp import parts


def reminders(mailbox, address):
    return [m for m in mailbox.to(address) if str(m["Subject"]).startswith("Reminder")]


def start_of(appointment) -> datetime:
    return datetime.fromisoformat(appointment["startTime"])


def test_reminders_at_the_right_moments_moved_by_a_reschedule_gone_after_cancel(
    app, smtp, booked, scheduled_doctor, make_client
):
    doctor = scheduled_doctor(late_change_hours=0)
    patient, appointment = booked(doctor, days_ahead=3)
    doc = make_client()
    doc.login_as(doctor)
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    start = start_of(appointment)
    patient_email = patient.get("/api/user").get_json()["email"]

    run_outbox(app, start - timedelta(hours=25))
    assert reminders(smtp, patient_email) == []
    assert smtp.to(patient_email), "the booking and confirmation mails went out"

    run_outbox(app, start - timedelta(hours=24) + timedelta(minutes=1))
    first = reminders(smtp, patient_email)
    assert len(first) == 1 and len(reminders(smtp, doctor.email)) == 1
    assert "text/html" in parts(first[0]) and "text/plain" in parts(first[0])

    # The patient moves the visit a day later; the doctor confirms the new time.
    new_slot = slots_for(patient, doctor.id, days_ahead=4)[6]
    patient.put(f"/api/appointments/{appointment['id']}", {"startTime": new_slot["startTime"]})
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    new_start = datetime.fromisoformat(new_slot["startTime"])

    run_outbox(app, start - timedelta(hours=1) + timedelta(minutes=1))
    assert len(reminders(smtp, patient_email)) == 1  # nothing for the old time

    run_outbox(app, new_start - timedelta(hours=24) + timedelta(minutes=2))
    assert len(reminders(smtp, patient_email)) == 2
    run_outbox(app, new_start - timedelta(hours=1) + timedelta(minutes=2))
    assert len(reminders(smtp, patient_email)) == 3

    # A confirmed visit cancelled: no reminder ever again.
    patient2, other = booked(doctor, days_ahead=5)
    doc.put(f"/api/appointments/{other['id']}", {"status": "confirmed"})
    patient2.put(f"/api/appointments/{other['id']}", {"status": "cancelled"})
    other_email = patient2.get("/api/user").get_json()["email"]
    for hours in (24, 1):
        run_outbox(app, start_of(other) - timedelta(hours=hours) + timedelta(minutes=1))
    assert reminders(smtp, other_email) == []


def test_reminders_are_never_sent_late(app, smtp, booked, scheduled_doctor, make_client):
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor, days_ahead=3)
    doc = make_client()
    doc.login_as(doctor)
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    start = start_of(appointment)
    # The dispatcher was down until after the visit started.
    run_outbox(app, start + timedelta(minutes=5))
    email = patient.get("/api/user").get_json()["email"]
    assert reminders(smtp, email) == []
    with app.app_context():
        statuses = set(
            db.session.scalars(select(OutboxMessage.status).where(OutboxMessage.kind == "reminder"))
        )
    assert statuses == {"skipped"}


def test_turning_reminders_off_keeps_transactional_mail(
    app, smtp, booked, scheduled_doctor, make_client, make_user
):
    doctor = scheduled_doctor()
    patient_user = make_user()
    client = make_client()
    client.login_as(patient_user)
    response = client.put("/api/notifications/preferences", {"emailReminders": False})
    assert response.get_json()["emailReminders"] is False
    _, appointment = booked(doctor, days_ahead=3, patient=patient_user)
    doc = make_client()
    doc.login_as(doctor)
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    start = start_of(appointment)
    for hours in (24, 1):
        run_outbox(app, start - timedelta(hours=hours) + timedelta(minutes=1))
    assert reminders(smtp, patient_user.email) == []
    assert len(reminders(smtp, doctor.email)) == 2
    subjects = [str(m["Subject"]) for m in smtp.to(patient_user.email)]
    assert any("is confirmed" in s for s in subjects)


def test_sending_twice_sends_once(app, smtp, booked, scheduled_doctor):
    booked(scheduled_doctor())
    now = datetime.now().astimezone()
    with app.app_context():
        ids = []
        dispatch_due(now, ids.append)
        assert ids
        for outbox_id in ids:
            assert send_now(outbox_id, now) == "sent"
            assert send_now(outbox_id, now) == "sent"
    assert len(smtp.messages) == len(ids)


def test_failures_are_retried_with_back_off_then_visible_and_resendable(
    app, smtp, booked, scheduled_doctor, monkeypatch
):
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 3)
    monkeypatch.setitem(app.config, "OUTBOX_RETRY_BASE_SECONDS", 60)
    booked(scheduled_doctor())
    smtp.refuse_with = "451 4.3.0 Mailbox busy, try later"
    now = datetime.now().astimezone()
    run_outbox(app, now)
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage)).all()
        assert {r.status for r in rows} == {"pending"}
        assert all(r.attempts == 1 and "451" in (r.last_error or "") for r in rows)
        assert all(r.due_at == now + timedelta(seconds=60) for r in rows)
    assert run_outbox(app, now + timedelta(seconds=30)) == 0  # not yet due
    run_outbox(app, now + timedelta(seconds=61))
    with app.app_context():
        assert {r.due_at for r in db.session.scalars(select(OutboxMessage))} == {
            now + timedelta(seconds=61 + 240)
        }
    run_outbox(app, now + timedelta(seconds=400))
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage)).all()
        assert {r.status for r in rows} == {"failed"}
        for row in rows:
            resend(row, now + timedelta(seconds=500))
        db.session.commit()
    smtp.refuse_with = None
    run_outbox(app, now + timedelta(seconds=500))
    assert len(smtp.messages) == len(rows)


def test_console_lists_failed_mail_and_resends_it(
    app, client, make_user, booked, scheduled_doctor, smtp
):
    import re

    booked(scheduled_doctor())
    with app.app_context():
        for row in db.session.scalars(select(OutboxMessage)):
            row.status, row.attempts, row.last_error = "failed", 6, "SMTPServerDisconnected"
        db.session.commit()
        failed_id = db.session.scalars(select(OutboxMessage.id)).first()
    client.login_as(make_user(Role.ADMIN))
    page = client.get("/admin/outbox/?flt0_0=failed")
    assert page.status_code == 200
    assert b"SMTPServerDisconnected" in page.data
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data).group(1)
    response = client.raw.post(
        "/admin/outbox/action/",
        data={"action": "resend", "rowid": [str(failed_id)], "csrf_token": token.decode()},
    )
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(OutboxMessage, failed_id)
        assert row.status == "pending" and row.attempts == 0


def test_in_app_notifications(booked, scheduled_doctor, make_client, count_queries):
    doctor = scheduled_doctor()
    doc = make_client()
    doc.login_as(doctor)
    assert doc.get("/api/notifications").get_json()["unreadCount"] == 0
    patient, appointment = booked(doctor)
    booked(doctor, index=1)
    with count_queries() as counter:
        body = doc.get("/api/notifications").get_json()
    # The caller (session, user, profiles), then the page with its total and unread count.
    reads = [s for s in counter.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 2 and counter.count <= 3, counter.statements
    assert body["unreadCount"] == 2 and body["total"] == 2
    first = body["items"][0]
    assert first["link"].startswith("/appointments/")
    assert first["title"].startswith("New appointment request from")
    assert patient.get("/api/notifications").get_json()["unreadCount"] == 0  # not about oneself

    assert patient.post(f"/api/notifications/{first['id']}/read").status_code == 404
    read = doc.post(f"/api/notifications/{first['id']}/read")
    assert read.status_code == 200 and read.get_json()["readAt"]
    assert doc.get("/api/notifications").get_json()["unreadCount"] == 1
    assert doc.post("/api/notifications/read-all").status_code == 204
    assert doc.get("/api/notifications").get_json()["unreadCount"] == 0

    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    mine = patient.get("/api/notifications").get_json()
    assert mine["unreadCount"] == 1 and "is confirmed" in mine["items"][0]["title"]


def test_file_backend_writes_eml_files(app, booked, scheduled_doctor, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "file")
    monkeypatch.setitem(app.config, "MAIL_DIR", str(tmp_path))
    booked(scheduled_doctor())
    run_outbox(app, datetime.now().astimezone())
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    assert b"Content-Type: text/html" in files[0].read_bytes()


def test_sms_reminders_through_the_console_backend_carry_no_health_details(
    app, booked, scheduled_doctor, make_client, make_user, monkeypatch, caplog, smtp
):
    monkeypatch.setitem(app.config, "SMS_BACKEND", "console")
    patient_user = make_user(phone="+15557770000")
    client = make_client()
    client.login_as(patient_user)
    assert (
        client.put("/api/notifications/preferences", {"smsReminders": True}).get_json()[
            "smsAvailable"
        ]
        is True
    )
    doctor = scheduled_doctor()
    _, appointment = booked(doctor, patient=patient_user)
    doc = make_client()
    doc.login_as(doctor)
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    with caplog.at_level(logging.INFO, logger="clinic360.blueprints.notifications.mailer"):
        run_outbox(app, start_of(appointment) - timedelta(minutes=59))
    texts = [r.getMessage() for r in caplog.records if "SMS to +15557770000" in r.getMessage()]
    assert len(texts) == 1
    assert "rash" not in texts[0].lower() and "Itchy" not in texts[0]


def test_doctor_verification_is_mailed(app, smtp, make_client, make_user, make_doctor):
    applicant = make_doctor(verified=False)
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    admin.put(f"/api/admin/doctors/{applicant.id}/verify", {"employeeId": "EMP-MAIL-1"})
    run_outbox(app, datetime.now().astimezone())
    (message,) = smtp.to(applicant.email)
    assert "verified" in str(message["Subject"])
    assert "EMP-MAIL-1" in parts(message)["text/plain"]
    with app.app_context():
        user = db.session.get(User, applicant.id)
        assert user.doctor_profile.employee_id == "EMP-MAIL-1"
