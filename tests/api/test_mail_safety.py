"""Input that reaches mail: single-line fields refuse control characters, and stored values
that predate that rule (written straight to the database) can neither break nor inject a mail
sent through the real SMTP server on loopback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import OutboxMessage, OutboxStatus, Role, User
from tests.conftest import run_outbox
from tests.smtp import parts

HOSTILE_NAME = "Eve\r\nX-Injected: yes\r\nBcc: victim@elsewhere.test\r\n\r\nforged body"


def _set(app, user_id: int, **values) -> None:
    with app.app_context():
        db.session.execute(update(User).where(User.id == user_id).values(**values))
        db.session.commit()


def _rows(app, user_id: int) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.user_id == user_id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def test_a_stored_name_with_line_breaks_gives_a_well_formed_mail(
    app, smtp, scheduled_doctor, make_user, booked
):
    doctor = scheduled_doctor(full_name="Dr. Safe")
    patient = make_user()
    _set(app, patient.id, full_name=HOSTILE_NAME)
    booked(doctor, patient=patient)
    run_outbox(app, now_utc())

    to_doctor = smtp.wait_for(lambda ms: any(doctor.email in str(m["To"]) for m in ms))
    assert len(to_doctor) == 2  # the doctor's request and the patient's acknowledgement, no more
    for message in smtp.messages:
        assert message["X-Injected"] is None and message["Bcc"] is None
        assert "\n" not in str(message["Subject"]) and "\r" not in str(message["Subject"])
        assert "victim@elsewhere.test" not in str(message["To"]).split("<")[-1]
        assert "text/plain" in parts(message) and "text/html" in parts(message)
    (request,) = smtp.to(doctor.email)
    assert str(request["Subject"]) == (
        "New appointment request from Eve X-Injected: yes Bcc: victim@elsewhere.test forged body"
    )
    (receipt,) = smtp.to(patient.email)
    assert receipt["To"].addresses[0].addr_spec == patient.email
    assert "\n" not in receipt["To"].addresses[0].display_name
    assert "Hello Eve X-Injected: yes" in parts(receipt)["text/plain"]
    assert all(row.status == OutboxStatus.SENT for row in _rows(app, patient.id))


@pytest.mark.parametrize(
    "address",
    ["patient@example.test\r\nBcc: victim@elsewhere.test", "not an address", "two@@example.test"],
)
def test_a_malformed_stored_address_fails_once_and_is_not_retried(
    app, smtp, scheduled_doctor, make_user, booked, address
):
    doctor = scheduled_doctor()
    patient = make_user()
    booked(doctor, patient=patient)
    _set(app, patient.id, email=address)
    now = now_utc()
    run_outbox(app, now)

    (row,) = _rows(app, patient.id)
    assert row.status == OutboxStatus.FAILED and row.attempts == 1
    assert "not a valid email address" in (row.last_error or "")
    for later in (timedelta(minutes=5), timedelta(hours=2), timedelta(days=2)):
        run_outbox(app, now + later)
    (row,) = _rows(app, patient.id)
    assert row.status == OutboxStatus.FAILED and row.attempts == 1
    assert [str(m["To"]) for m in smtp.messages] == [str(smtp.to(doctor.email)[0]["To"])]
    assert smtp.to("victim@elsewhere.test") == []


def test_a_recipient_refused_for_good_is_failed_at_once_and_a_busy_server_retried(
    app, smtp, scheduled_doctor, make_user, booked
):
    doctor = scheduled_doctor()
    patient = make_user()
    booked(doctor, patient=patient)
    smtp.refuse_with = "550 5.1.1 No such user"
    now = now_utc()
    run_outbox(app, now)
    rows = _rows(app, patient.id) + _rows(app, doctor.id)
    assert {(row.status, row.attempts) for row in rows} == {(OutboxStatus.FAILED, 1)}
    assert all("550" in (row.last_error or "") for row in rows)

    patient2 = make_user()
    booked(doctor, patient=patient2, index=2)
    smtp.refuse_with = "451 4.3.0 Try again later"
    now = now_utc()
    run_outbox(app, now)
    (row,) = _rows(app, patient2.id)
    assert row.status == OutboxStatus.PENDING and row.attempts == 1 and row.due_at > now
    smtp.refuse_with = None
    run_outbox(app, now + timedelta(hours=1))
    (row,) = _rows(app, patient2.id)
    assert row.status == OutboxStatus.SENT and len(smtp.to(patient2.email)) == 1


BAD_LINES = [
    "Ann\r\nBcc: x@example.test",
    "Ann\nSmith",
    "Ann\rSmith",
    "Ann\tSmith",
    "Ann\x1b[31mSmith",
    "Ann\x7fSmith",
    "Ann\x85Smith",
    "Ann\u2028Smith",
    "Ann\u2029Smith",
    "Ann\u202eSmith",
    "Ann\u2066Smith\u2069",
    "Ann Smith\n",
]


@pytest.mark.parametrize("name", BAD_LINES)
def test_the_api_refuses_names_with_control_characters(client, make_user, name):
    client.login_as(make_user())
    response = client.put("/api/profile", {"fullName": name})
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert "single line" in error["fields"]["fullName"][0]


def test_registration_admin_and_profile_fields_refuse_line_breaks(client, make_client, make_user):
    response = client.post(
        "/api/register",
        {
            "fullName": "Mallory\r\nX-Evil: 1",
            "email": "mallory@example.test",
            "password": "a long unusual passphrase 42",
            "role": "patient",
        },
    )
    assert response.status_code == 422 and "fullName" in response.get_json()["error"]["fields"]

    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    response = admin.post(
        "/api/admin/doctors",
        {
            "fullName": "Dr. Ok",
            "email": "dr.ok@example.test",
            "employeeId": "EMP\n42",
            "specialty": "Dermatology\u202e",
        },
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"employeeId", "specialty"}

    patient = make_client()
    patient.login_as(make_user())
    contact = {"name": "Sam\nSmith", "phone": "+44 7700 900123", "relationship": "partner\t"}
    response = patient.put("/api/profile", {"emergencyContact": contact})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {
        "emergencyContact.name",
        "emergencyContact.relationship",
    }

    doctor = make_client()
    doctor.login_as(make_user(Role.DOCTOR))
    response = doctor.put(
        "/api/profile", {"facility": "Clinic\r\n", "city": "Lagos\u2028", "contact": "a\x00"}
    )
    assert response.status_code in (400, 422)
    response = doctor.put("/api/profile", {"facility": "Clinic\r\nB", "city": "Lagos\u2028"})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"facility", "city"}
    # Multi-line text keeps its line breaks but refuses other control characters.
    response = doctor.put("/api/profile", {"bio": "First line.\nSecond line.\tTabbed."})
    assert response.status_code == 200 and "\n" in response.get_json()["bio"]
    response = doctor.put("/api/profile", {"bio": "Escape \x1b[2J codes \u202e"})
    assert response.status_code == 422 and "bio" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("name", ["Eve\r\nBcc: x@example.test", "Eve\u202eevE", "Eve\tTab"])
def test_the_console_refuses_names_with_control_characters(app, client, make_user, name):
    patient = make_user(full_name="Old Name")
    client.login_as(make_user(Role.ADMIN))
    url = f"/admin/users/edit/?id={patient.id}"
    form = client.get(url)
    token = form.data.split(b'name="csrf_token" type="hidden" value="')[1].split(b'"')[0]
    fields = {"full_name": name, "email": patient.email, "phone": "", "csrf_token": token}
    response = client.raw.post(url, data=fields)
    assert response.status_code == 200 and b"single line" in response.data
    with app.app_context():
        assert db.session.get(User, patient.id).full_name == "Old Name"


def test_a_reset_link_that_cannot_be_opened_fails_once_and_is_not_retried(
    app, smtp, client, make_user
):
    user = make_user(email="sealed@example.test")
    assert client.post("/api/password/forgot", {"identifier": user.email}).status_code == 202
    with app.app_context():  # sealed under a key the keyring no longer holds
        row = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "password_reset")
        ).one()
        row.context = {**row.context, "token": "enc1:gone:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
        db.session.commit()
    now = now_utc()
    run_outbox(app, now)
    for later in (timedelta(minutes=10), timedelta(hours=3), timedelta(days=2)):
        run_outbox(app, now + later)
    (row,) = [r for r in _rows(app, user.id) if r.kind == "password_reset"]
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 1)
    assert "KeyringError" in row.last_error and "token" not in row.context
    assert smtp.to(user.email) == []


def test_a_message_whose_last_attempt_never_finished_is_failed_not_sent_again(
    app, smtp, scheduled_doctor, make_user, booked
):
    doctor = scheduled_doctor()
    patient = make_user()
    booked(doctor, patient=patient)
    now = now_utc()
    with app.app_context():  # its sender died mid-way through the last allowed attempt
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.user_id == patient.id)
            .values(
                status=OutboxStatus.SENDING,
                attempts=app.config["OUTBOX_MAX_ATTEMPTS"],
                queued_at=now - timedelta(hours=1),
            )
        )
        db.session.commit()
    run_outbox(app, now)
    run_outbox(app, now + timedelta(hours=1))
    (row,) = _rows(app, patient.id)
    assert row.status == OutboxStatus.FAILED
    assert row.attempts == app.config["OUTBOX_MAX_ATTEMPTS"]
    assert smtp.to(patient.email) == []


def test_a_refused_recipient_is_not_named_in_the_error_kept(
    app, smtp, scheduled_doctor, make_user, booked
):
    doctor = scheduled_doctor()
    patient = make_user(email="refused.person@example.test")
    booked(doctor, patient=patient)
    smtp.refuse_with = "450 4.2.0 <refused.person@example.test> mailbox busy"
    run_outbox(app, now_utc())
    (row,) = _rows(app, patient.id)
    assert row.status == OutboxStatus.PENDING and "450" in row.last_error
    assert "refused.person" not in row.last_error


def test_a_sealed_address_that_cannot_be_opened_fails_once(
    app, smtp, scheduled_doctor, make_user, booked
):
    doctor = scheduled_doctor()
    patient = make_user()
    booked(doctor, patient=patient)
    with app.app_context():  # as a farewell's address sealed under a key since removed
        (row,) = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.user_id == patient.id)
        ).all()
        row.context = {**row.context, "to": "enc1:gone:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
        db.session.commit()
    now = now_utc()
    for later in (timedelta(0), timedelta(hours=1), timedelta(days=2)):
        run_outbox(app, now + later)
    (row,) = _rows(app, patient.id)
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 1)
    assert "KeyringError" in row.last_error and "to" not in row.context
    assert smtp.to(patient.email) == []
