"""A visit the doctor marks completed asks its patient for a review, once: an in-app line and
a mail (through the outbox, on real SMTP) linking to /appointments/{id}?review=1."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, Notification, OutboxMessage
from tests.conftest import run_outbox
from tests.smtp import parts


def started(app, appointment_id: int) -> None:
    with app.app_context():
        row = db.session.get(Appointment, appointment_id)
        row.start_at, row.end_at = now_utc() - timedelta(hours=1), now_utc() - timedelta(minutes=30)
        db.session.commit()


@pytest.fixture
def visit(app, smtp, booked, scheduled_doctor, make_user, logged_in):
    """A confirmed visit that has started, its outbox emptied: (doctor, patient, doctor
    client, patient client, appointment id)."""
    doctor = scheduled_doctor(full_name="Dr. Evans")
    patient_user = make_user(full_name="Pat Mills")
    patient, appointment = booked(doctor, patient=patient_user)
    doc = logged_in(doctor)
    assert (
        doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"}).status_code
        == 200
    )
    started(app, appointment["id"])
    run_outbox(app, datetime.now().astimezone())
    smtp.clear()
    return doctor, patient_user, doc, patient, appointment["id"]


def rows(app, model, user_id: int, appointment_id: int) -> list:
    with app.app_context():
        return db.session.scalars(
            select(model).where(
                model.user_id == user_id,
                model.appointment_id == appointment_id,
                model.kind == "review_request",
            )
        ).all()


def test_completing_a_visit_asks_the_patient_for_a_review_once(app, smtp, visit):
    doctor, patient_user, doc, patient, appointment_id = visit
    done = doc.put(f"/api/appointments/{appointment_id}", {"status": "completed"})
    assert done.status_code == 200, done.get_json()

    link = f"/appointments/{appointment_id}?review=1"
    (line,) = [
        item
        for item in patient.get("/api/notifications").get_json()["items"]
        if item["kind"] == "review_request"
    ]
    assert line["link"] == link
    assert line["title"] == "Thank you for your visit with Dr. Evans"
    assert len(rows(app, OutboxMessage, patient_user.id, appointment_id)) == 1
    assert rows(app, Notification, doctor.id, appointment_id) == []
    assert rows(app, OutboxMessage, doctor.id, appointment_id) == []

    run_outbox(app, datetime.now().astimezone())
    (message,) = smtp.to(patient_user.email)
    assert str(message["Subject"]) == "Thank you for your visit with Dr. Evans"
    with app.app_context():
        url = current_app.config["PUBLIC_BASE_URL"] + link
    content = parts(message)
    assert url in content["text/plain"]
    assert url.replace("&", "&amp;") in content["text/html"]
    assert "Rate your visit" in content["text/plain"]
    assert smtp.to(doctor.email) == []

    again = doc.put(f"/api/appointments/{appointment_id}", {"status": "completed"})
    assert again.status_code == 409
    assert len(rows(app, Notification, patient_user.id, appointment_id)) == 1
    assert len(rows(app, OutboxMessage, patient_user.id, appointment_id)) == 1


def test_a_no_show_asks_for_no_review(app, visit):
    _, patient_user, doc, _, appointment_id = visit
    assert doc.put(f"/api/appointments/{appointment_id}", {"status": "no_show"}).status_code == 200
    assert rows(app, Notification, patient_user.id, appointment_id) == []
    assert rows(app, OutboxMessage, patient_user.id, appointment_id) == []
