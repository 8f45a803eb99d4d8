"""The whole mail pipeline with real parts: the API on gunicorn writes the outbox, a real
worker process (RQ on real Redis) dispatches and sends to a real SMTP server on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from datetime import time as clock
from datetime import timedelta

import pytest
from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import OutboxMessage, Role
from tests.live import add_schedule
from tests.smtp import parts


def _scheduled_doctor(live_app, live_user):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Mail Test")
    add_schedule(live_app, doctor, timezone="Europe/Berlin", start=clock(8), end=clock(18))
    return doctor


def _book(client, doctor, days_ahead=3, index=0):
    day = (now_utc() + timedelta(days=days_ahead)).date().isoformat()
    status, slots = client.request("GET", f"/api/doctors/{doctor['id']}/slots?from={day}&to={day}")
    assert status == 200 and slots, slots
    status, body = client.request(
        "POST",
        "/api/appointments",
        {
            "doctorId": doctor["id"],
            "startTime": slots[index]["startTime"],
            "consultationType": "video",
            "reason": "Itchy rash",
        },
    )
    assert status == 201, body
    return body


@pytest.fixture
def people(live_app, live_user, http_client):
    doctor = _scheduled_doctor(live_app, live_user)
    patient = live_user(Role.PATIENT, full_name="Pia Mail")
    patient_client, doctor_client = http_client(), http_client()
    patient_client.login(patient)
    doctor_client.login(doctor)
    return doctor, patient, doctor_client, patient_client


def _one(mailbox, address, subject_part, timeout=15.0):
    def arrived(messages):
        return any(address in str(m["To"]) and subject_part in str(m["Subject"]) for m in messages)

    mailbox.wait_for(arrived, timeout)
    found = [m for m in mailbox.to(address) if subject_part in str(m["Subject"])]
    assert len(found) == 1, [str(m["Subject"]) for m in found]
    return found[0]


def test_each_event_mails_the_right_people(people, mailbox, start_worker):
    doctor, patient, doctor_client, patient_client = people
    start_worker()
    appointment = _book(patient_client, doctor)

    request = _one(mailbox, doctor["email"], "New appointment request from Pia Mail")
    received = _one(mailbox, patient["email"], "Your request to see Dr. Mail Test was sent")
    for message in (request, received):
        content = parts(message)
        assert "text/plain" in content and "text/html" in content
        assert "Itchy rash" not in str(message)  # the reason for visit stays out of mail
        assert not any(key.startswith("attachment:") for key in content)
    assert "Pia Mail" in parts(request)["text/plain"]
    assert f"/appointments/{appointment['id']}" in parts(request)["text/html"]

    doctor_client.request("PUT", f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    confirmed = _one(mailbox, patient["email"], "is confirmed")
    content = parts(confirmed)
    assert content["attachment:invite.ics"] == "text/calendar"
    invite = next(p for p in confirmed.walk() if p.get_filename() == "invite.ics")
    text = invite.get_content()
    text = (text.decode() if isinstance(text, bytes) else text).replace("\r\n ", "")
    assert "METHOD:REQUEST" in text and f"UID:appointment-{appointment['id']}@clinic360" in text
    assert f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{patient['email']}" in text
    assert "(UTC)" in content["text/plain"]  # the patient set no zone of their own

    status, _ = patient_client.request(
        "PUT", f"/api/appointments/{appointment['id']}", {"status": "cancelled"}
    )
    assert status == 200
    cancelled = _one(mailbox, doctor["email"], "is cancelled")
    invite = next(p for p in cancelled.walk() if p.get_filename() == "invite.ics")
    body = invite.get_content()
    body = body.decode() if isinstance(body, bytes) else body
    assert "METHOD:CANCEL" in body and "STATUS:CANCELLED" in body
    assert "(Europe/Berlin)" in parts(cancelled)["text/plain"]  # the doctor's own zone
    _one(mailbox, patient["email"], "is cancelled")  # the patient's calendar is updated too
    message_ids = [m["Message-ID"] for m in mailbox.messages]
    assert len(message_ids) == len(set(message_ids))


def test_a_slow_smtp_server_does_not_slow_the_api(people, mailbox, start_worker):
    doctor, patient, _, patient_client = people
    mailbox.gate.clear()  # the SMTP server stops answering
    start_worker()
    started = time.monotonic()
    _book(patient_client, doctor)
    _book(patient_client, doctor, index=4)
    took = time.monotonic() - started
    assert mailbox.rcpt_seen.wait(10)  # the worker is stuck talking to SMTP...
    assert took < 5  # ...while both bookings were answered
    mailbox.gate.set()
    mailbox.wait_for(lambda ms: len([m for m in ms if patient["email"] in str(m["To"])]) == 2)


def test_a_worker_killed_during_a_send_loses_nothing_and_sends_once(
    people, mailbox, start_worker, live_app
):
    doctor, patient, _, patient_client = people
    mailbox.gate.clear()
    mailbox.rcpt_seen.clear()
    worker = start_worker()
    appointment = _book(patient_client, doctor)
    assert mailbox.rcpt_seen.wait(15), "the worker never reached the SMTP server"
    worker.kill()  # dies in the middle of the SMTP conversation
    mailbox.gate.set()
    time.sleep(0.5)
    assert mailbox.to(patient["email"]) == []

    start_worker()  # a new worker picks the orphaned message up after the visibility timeout
    _one(mailbox, patient["email"], "was sent", timeout=30)
    _one(mailbox, doctor["email"], "New appointment request", timeout=30)
    time.sleep(1)
    assert len(mailbox.to(patient["email"])) == 1
    with live_app.app_context():
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.appointment_id == appointment["id"])
        ).all()
        assert {row.status for row in rows} == {"sent"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A Redis of this test's own, so that stopping it touches nothing else."""

    def __init__(self, tmp_path) -> None:
        self.port = _free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed for this test"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


def test_with_redis_down_booking_succeeds_and_mail_follows(
    people, mailbox, start_worker, tmp_path, live_app
):
    doctor, patient, _, patient_client = people
    redis = PrivateRedis(tmp_path)
    redis.start()
    start_worker(REDIS_URL=redis.url)
    redis.stop()  # Redis dies

    appointment = _book(patient_client, doctor)  # the API does not need Redis to book
    time.sleep(1.5)
    assert mailbox.to(patient["email"]) == []
    with live_app.app_context():
        statuses = db.session.scalars(
            select(OutboxMessage.status).where(OutboxMessage.appointment_id == appointment["id"])
        ).all()
    assert statuses and set(statuses) == {"pending"}

    redis.start()  # Redis returns
    try:
        _one(mailbox, patient["email"], "was sent", timeout=40)
        _one(mailbox, doctor["email"], "New appointment request", timeout=40)
    finally:
        redis.stop()
