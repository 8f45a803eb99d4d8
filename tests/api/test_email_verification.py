"""Email verification, the verified-only mail gate, registration that does not say an address
is taken, and phone numbers in E.164, through HTTP with real PostgreSQL, Redis and SMTP on
loopback."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from clinic360.extensions import db
from clinic360.models import AccountToken, Notification, OutboxMessage, OutboxStatus, User
from tests.conftest import PASSWORD, run_outbox
from tests.factories import slots_for
from tests.smtp import parts

VERIFY_LINK = re.compile(r"(https?://\S+)/verify-email\?token=([A-Za-z0-9_-]+)")
VERIFY_SUBJECT = "Confirm your email address for Clinic360"
EXISTS_SUBJECT = "Someone tried to register with your address"


def deliver(app) -> None:
    run_outbox(app, datetime.now().astimezone())


def subjects(smtp, address: str) -> list[str]:
    return sorted(str(m["Subject"]) for m in smtp.to(address))


def verify_token(app, smtp, address: str) -> str:
    """Send what waits; the token of the last verification mail the address received."""
    deliver(app)
    mails = [m for m in smtp.to(address) if str(m["Subject"]) == VERIFY_SUBJECT]
    assert mails, subjects(smtp, address)
    base, token = VERIFY_LINK.search(parts(mails[-1])["text/plain"]).groups()
    assert base == app.config["PUBLIC_BASE_URL"]
    return token


def register(client, **overrides):
    body = {
        "fullName": "Nora Quinn",
        "email": "nora@example.test",
        "password": PASSWORD,
        "role": "patient",
    }
    body.update(overrides)
    return client.post("/api/register", {k: v for k, v in body.items() if v is not None})


def test_a_registered_patient_verifies_the_address_from_the_mail(app, smtp, client, make_client):
    response = register(client)
    assert response.status_code == 201
    assert response.get_json()["emailVerified"] is False
    token = verify_token(app, smtp, "nora@example.test")

    # The link works from any browser, logged in or not, once.
    anonymous = make_client()
    assert anonymous.post("/api/email/verify", {"token": token}).status_code == 204
    assert client.get("/api/user").get_json()["emailVerified"] is True
    again = anonymous.post("/api/email/verify", {"token": token})
    assert again.status_code == 400
    assert again.get_json()["error"]["code"] == "token_used"
    with app.app_context():
        # Mail-only: no in-app line for the verification mail.
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_a_doctor_application_is_mailed_a_link_too(app, smtp, client):
    response = register(client, role="doctor", specialization="Dermatology", email="doc@e.test")
    assert response.status_code == 201
    assert response.get_json() == {"status": "pending_verification"}
    assert verify_token(app, smtp, "doc@e.test")


def test_a_decision_on_an_application_waits_for_the_address(
    app, smtp, client, make_client, make_user
):
    register(client, role="doctor", specialization="Dermatology", email="waiting@e.test")
    deliver(app)
    smtp.clear()
    admin = make_client()
    admin.login_as(make_user("admin"))
    with app.app_context():
        doctor_id = db.session.scalar(select(User.id).where(User.email == "waiting@e.test"))
    approved = admin.put(f"/api/admin/doctors/{doctor_id}/verify", {"employeeId": "EMP-W7"})
    assert approved.status_code == 200, approved.get_json()
    # Not to an unverified address: a fresh verification link instead ...
    token = verify_token(app, smtp, "waiting@e.test")
    assert subjects(smtp, "waiting@e.test") == [VERIFY_SUBJECT]
    smtp.clear()
    # ... and once it is followed, the approval (with the employee ID) goes out.
    assert make_client().post("/api/email/verify", {"token": token}).status_code == 204
    deliver(app)
    (mail,) = smtp.to("waiting@e.test")
    assert str(mail["Subject"]) == "Your Clinic360 account is verified"
    assert "EMP-W7" in parts(mail)["text/plain"]


def test_resend_replaces_the_link_and_is_limited(app, smtp, client):
    register(client)
    first = verify_token(app, smtp, "nora@example.test")
    assert client.post("/api/email/verify/resend").status_code == 202
    second = verify_token(app, smtp, "nora@example.test")
    assert second != first
    old = client.post("/api/email/verify", {"token": first})
    assert old.status_code == 400
    assert old.get_json()["error"]["code"] == "invalid_token"
    for _ in range(4):
        assert client.post("/api/email/verify/resend").status_code == 202
    limited = client.post("/api/email/verify/resend")
    assert limited.status_code == 429
    assert "Retry-After" in limited.headers


def test_resend_needs_a_session_and_an_unverified_address(client, make_client, make_user):
    assert client.post("/api/email/verify/resend").status_code == 401
    verified = make_client()
    verified.login_as(make_user())
    response = verified.post("/api/email/verify/resend")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "email_already_verified"


def test_an_expired_or_unknown_token_is_refused(app, smtp, client):
    register(client)
    token = verify_token(app, smtp, "nora@example.test")
    with app.app_context():
        row = db.session.scalars(select(AccountToken)).one()
        row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()
    expired = client.post("/api/email/verify", {"token": token})
    assert expired.status_code == 400
    assert expired.get_json()["error"]["code"] == "token_expired"
    unknown = client.post("/api/email/verify", {"token": "A" * 43})
    assert unknown.get_json()["error"]["code"] == "invalid_token"
    assert client.get("/api/user").get_json()["emailVerified"] is False


def test_wrong_tokens_lock_the_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "THROTTLE_ADDRESS_FAILURES", 3)
    for n in range(3):
        assert client.post("/api/email/verify", {"token": f"guess{n}" * 6}).status_code == 400
    assert client.post("/api/email/verify", {"token": "B" * 43}).status_code == 429


def test_a_changed_address_must_be_verified_again(app, smtp, client, make_user):
    user = make_user(email="before@example.test")
    client.login_as(user)
    assert client.get("/api/user").get_json()["emailVerified"] is True
    response = client.put("/api/profile", {"email": "after@example.test"})
    assert response.status_code == 200, response.get_json()
    assert client.get("/api/user").get_json()["emailVerified"] is False
    token = verify_token(app, smtp, "after@example.test")
    assert client.post("/api/email/verify", {"token": token}).status_code == 204
    assert client.get("/api/user").get_json()["emailVerified"] is True


def test_a_link_for_an_address_the_account_no_longer_has_does_not_verify(app, smtp, client):
    register(client, email="first@example.test")
    token = verify_token(app, smtp, "first@example.test")
    assert client.put("/api/profile", {"email": "second@example.test"}).status_code == 200
    response = client.post("/api/email/verify", {"token": token})
    assert response.status_code == 400
    assert client.get("/api/user").get_json()["emailVerified"] is False


# --- The verified-only mail gate --------------------------------------------------------


def test_unverified_addresses_get_no_other_mail_but_every_in_app_line(
    app, smtp, client, scheduled_doctor
):
    doctor = scheduled_doctor()
    register(client, email="unverified@example.test")
    slot = slots_for(client, doctor.id, 3)[0]
    body = {"doctorId": doctor.id, "startTime": slot["startTime"], "consultationType": "video"}
    assert client.post("/api/appointments", body).status_code == 201
    deliver(app)
    assert subjects(smtp, "unverified@example.test") == [VERIFY_SUBJECT]
    assert smtp.to(doctor.email)  # the verified side is mailed as before
    with app.app_context():
        skipped = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "booking_requested")
        ).all()
        statuses = {row.user.email: row.status for row in skipped}
    assert statuses["unverified@example.test"] != OutboxStatus.SENT

    # Once verified, the next event's mail goes out.
    token = verify_token(app, smtp, "unverified@example.test")
    assert client.post("/api/email/verify", {"token": token}).status_code == 204
    smtp.clear()
    second = slots_for(client, doctor.id, 4)[0]
    body["startTime"] = second["startTime"]
    assert client.post("/api/appointments", body).status_code == 201
    deliver(app)
    assert subjects(smtp, "unverified@example.test") == [
        f"Your request to see {doctor.full_name} was sent"
    ]


# --- Registration with a taken address --------------------------------------------------


def test_a_taken_address_is_not_revealed_and_its_owner_is_mailed(
    app, smtp, client, make_client, make_user
):
    owner = make_user(email="owner@example.test")
    response = register(client, email="Owner@Example.test", fullName="Someone Else")
    assert response.status_code == 202
    assert response.get_json() == {"status": "verification_sent"}
    assert client.get("/api/user").status_code == 401

    doctor = register(make_client(), email="owner@example.test", role="doctor")
    new_doctor = register(make_client(), email="fresh-doc@example.test", role="doctor")
    assert (doctor.status_code, doctor.get_json()) == (
        new_doctor.status_code,
        new_doctor.get_json(),
    )

    deliver(app)
    assert subjects(smtp, "owner@example.test") == [EXISTS_SUBJECT, EXISTS_SUBJECT]
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(User).where(User.email == "owner@example.test")
            )
            == 1
        )
        assert db.session.scalars(select(Notification)).all() == []
    assert make_client().login("owner@example.test").get_json()["id"] == owner.id


def test_a_taken_address_answers_a_refused_password_like_a_new_one(client, make_user):
    make_user(email="owner@example.test")
    answers = [
        register(client, email=address, password="password1234")
        for address in ("owner@example.test", "new@example.test")
    ]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].get_json() == answers[1].get_json()


def test_the_owner_is_not_flooded(app, smtp, client, make_user):
    make_user(email="popular@example.test")
    for _ in range(6):
        assert register(client, email="popular@example.test").status_code == 202
    deliver(app)
    assert subjects(smtp, "popular@example.test") == [EXISTS_SUBJECT] * 3


# --- Accounts made by others are verified -----------------------------------------------


def test_accounts_made_by_an_admin_are_verified(app, smtp, make_client, make_user):
    admin = make_client()
    admin.login_as(make_user("admin"))
    body = {
        "fullName": "Dr. Onboarded",
        "email": "onboarded@example.test",
        "employeeId": "EMP-V1",
        "specialty": "cardiology",
        "password": "violet-anchor-meadow-91",
    }
    assert admin.post("/api/admin/doctors", body).status_code == 201
    doctor = make_client()
    response = doctor.login("onboarded@example.test", body["password"], employeeId="EMP-V1")
    assert response.get_json()["emailVerified"] is True
    deliver(app)
    assert VERIFY_SUBJECT not in subjects(smtp, "onboarded@example.test")


# --- Phone numbers ----------------------------------------------------------------------


def test_one_phone_number_in_any_spelling_is_one_account(client, make_client):
    response = register(client, email=None, phone="15550200001")
    assert response.status_code == 201
    assert response.get_json()["phone"] == "+15550200001"
    assert response.get_json()["emailVerified"] is False
    taken = register(make_client(), email=None, phone="+1 555 020 0001")
    assert taken.status_code == 409
    assert taken.get_json()["error"]["fields"]["phone"]
    for spelling in ("+15550200001", "15550200001", "(555) 020-0001"):
        assert make_client().login(spelling).status_code == 200, spelling


@pytest.mark.parametrize("phone", ["12", "+1 555", "call me", "+999 123456789", "1" * 30])
def test_impossible_phone_numbers_are_refused(client, phone):
    response = register(client, email=None, phone=phone)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["phone"]


def test_phone_numbers_without_a_country_code_follow_the_default_region(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PHONE_DEFAULT_REGION", "GB")
    response = register(client, email=None, phone="020 7946 0958")
    assert response.status_code == 201
    assert response.get_json()["phone"] == "+442079460958"
