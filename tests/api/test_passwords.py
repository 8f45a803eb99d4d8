"""Forgetting, resetting and changing a password, and the password policy, through HTTP with
real PostgreSQL, Redis and SMTP on loopback."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import AccountToken, Notification, OutboxMessage
from tests.conftest import PASSWORD, run_outbox
from tests.smtp import parts

NEW_PASSWORD = "violet-anchor-meadow-91"
RESET_LINK = re.compile(r"(https?://\S+)/reset-password\?token=([A-Za-z0-9_-]+)")


def deliver(app) -> None:
    run_outbox(app, datetime.now().astimezone())


def reset_token(app, smtp, address: str) -> str:
    """Send what waits, and the token of the one reset mail the address received."""
    deliver(app)
    mails = mail_to(smtp, address, "Reset your Clinic360 password")
    assert len(mails) == 1, [str(m["Subject"]) for m in smtp.to(address)]
    base, token = RESET_LINK.search(parts(mails[0])["text/plain"]).groups()
    assert base == app.config["PUBLIC_BASE_URL"]
    smtp.clear()
    return token


def mail_to(smtp, address: str, subject: str) -> list:
    """What the address received under this subject (sign-in notices aside)."""
    return [m for m in smtp.to(address) if str(m["Subject"]) == subject]


def forgot(client, identifier: str):
    response = client.post("/api/password/forgot", {"identifier": identifier})
    assert response.status_code == 202, response.get_json()
    return response


# --- Forgot -----------------------------------------------------------------------------


def test_forgot_answers_the_same_for_every_identifier_and_sends_links_only_to_addresses(
    app, smtp, client, make_user
):
    known = make_user(email="known@example.test", phone="+15550200001")
    unverified = make_user(email="unverified@example.test", email_verified=False)
    make_user(email=None, phone="+15550200002")  # phone only: nothing to send to
    answers = [
        forgot(client, identifier)
        for identifier in (
            "known@example.test",
            "nobody@example.test",
            "unverified@example.test",
            "+15550200002",
            "+15559999999",
            "not a phone",
        )
    ]
    assert {(r.status_code, r.get_data()) for r in answers} == {(202, b'{"status":"accepted"}\n')}
    deliver(app)
    received = sorted((m["To"].addresses[0].addr_spec, str(m["Subject"])) for m in smtp.messages)
    # A reset link goes only to a verified address; an unverified one is asked to prove itself.
    assert received == [
        (known.email, "Reset your Clinic360 password"),
        (unverified.email, "Confirm your email address for Clinic360"),
    ]
    assert "ask again" in parts(smtp.to(unverified.email)[0])["text/plain"]
    with app.app_context():
        # Mail-only: no in-app line; the token is kept as its SHA-256 and sealed in the outbox.
        assert db.session.scalars(select(Notification)).all() == []
        row = db.session.scalars(
            select(AccountToken).where(AccountToken.purpose == "password_reset")
        ).one()
        outbox = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "password_reset")
        ).one()
    token = RESET_LINK.search(parts(smtp.to(known.email)[0])["text/plain"]).group(2)
    assert row.user_id == known.id
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps(outbox.context)
    assert "token" not in outbox.context  # sealed until sent, then dropped


def test_forgot_finds_the_account_by_any_spelling_of_its_phone(app, smtp, client, make_user):
    user = make_user(email="phoned@example.test", phone="+15550200003")
    forgot(client, "1 (555) 020-0003")
    assert reset_token(app, smtp, user.email)


def test_forgot_is_limited_per_account_whatever_the_answer(client):
    for _ in range(5):
        forgot(client, "someone@example.test")
    response = client.post("/api/password/forgot", {"identifier": "SOMEONE@example.test"})
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0


# --- Reset ------------------------------------------------------------------------------


def test_reset_sets_the_password_and_ends_every_session(app, smtp, make_client, make_user):
    user = make_user(email="reset@example.test")
    first, second = make_client(), make_client()
    first.login_as(user)
    second.login_as(user)
    anonymous = make_client()
    forgot(anonymous, user.email)
    token = reset_token(app, smtp, user.email)

    response = anonymous.post("/api/password/reset", {"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 204, response.get_json()
    assert first.get("/api/user").status_code == 401
    assert second.get("/api/user").status_code == 401
    assert anonymous.login(user.email, PASSWORD).status_code == 401
    assert anonymous.login(user.email, NEW_PASSWORD).status_code == 200

    again = make_client().post("/api/password/reset", {"token": token, "password": PASSWORD})
    assert again.status_code == 400
    assert again.get_json()["error"]["code"] == "token_used"
    assert make_client().login(user.email, NEW_PASSWORD).status_code == 200


def test_a_reset_lifts_the_sign_in_lock(app, smtp, client, make_client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "THROTTLE_ACCOUNT_FAILURES", 3)
    user = make_user(email="locked@example.test", phone="+15550200004")
    for _ in range(3):
        assert make_client().login(user.email, "guess-" + PASSWORD).status_code == 401
    assert make_client().login(user.email, PASSWORD).status_code == 429
    forgot(client, "+1 555 020 0004")
    token = reset_token(app, smtp, user.email)
    assert (
        client.post("/api/password/reset", {"token": token, "password": NEW_PASSWORD}).status_code
        == 204
    )
    assert make_client().login(user.email, NEW_PASSWORD).status_code == 200


def test_a_refused_password_leaves_the_link_usable(app, smtp, client, make_user):
    user = make_user(email="weak@example.test", full_name="Marguerite Olsen")
    forgot(client, user.email)
    token = reset_token(app, smtp, user.email)
    for weak in ("password123", "MargueriteOlsen1", "weak@example.test", "zzzzzzzzzzzz"):
        response = client.post("/api/password/reset", {"token": token, "password": weak})
        assert response.status_code == 422, weak
        assert response.get_json()["error"]["fields"]["password"]
    ok = client.post("/api/password/reset", {"token": token, "password": NEW_PASSWORD})
    assert ok.status_code == 204


@pytest.mark.parametrize("token", ["", "x", "A" * 43, "A" * 500])
def test_unknown_tokens_are_refused(client, token):
    response = client.post("/api/password/reset", {"token": token, "password": NEW_PASSWORD})
    assert response.status_code in (400, 422)
    if response.status_code == 400:
        assert response.get_json()["error"]["code"] == "invalid_token"


def test_an_expired_link_and_a_replaced_link_do_not_work(app, smtp, client, make_user):
    user = make_user(email="late@example.test")
    forgot(client, user.email)
    older = reset_token(app, smtp, user.email)
    forgot(client, user.email)
    newer = reset_token(app, smtp, user.email)
    replaced = client.post("/api/password/reset", {"token": older, "password": NEW_PASSWORD})
    assert replaced.status_code == 400
    assert replaced.get_json()["error"]["code"] == "invalid_token"

    with app.app_context():
        # The link was mailed longer ago than PASSWORD_RESET_MINUTES.
        row = db.session.scalars(select(AccountToken).where(AccountToken.used_at.is_(None))).one()
        row.created_at -= timedelta(minutes=app.config["PASSWORD_RESET_MINUTES"] + 1)
        row.expires_at = row.created_at + timedelta(minutes=app.config["PASSWORD_RESET_MINUTES"])
        db.session.commit()
    expired = client.post("/api/password/reset", {"token": newer, "password": NEW_PASSWORD})
    assert expired.status_code == 400
    assert expired.get_json()["error"]["code"] == "token_expired"
    assert client.login(user.email, PASSWORD).status_code == 200


def test_wrong_tokens_lock_the_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "THROTTLE_ADDRESS_FAILURES", 3)
    for n in range(3):
        body = {"token": f"guess-{n}-" + "a" * 40, "password": NEW_PASSWORD}
        assert client.post("/api/password/reset", body).status_code == 400
    locked = client.post("/api/password/reset", {"token": "b" * 43, "password": NEW_PASSWORD})
    assert locked.status_code == 429
    assert "Retry-After" in locked.headers


# --- Change -----------------------------------------------------------------------------


def test_change_keeps_this_session_and_ends_the_others(app, smtp, make_client, make_user):
    user = make_user(email="change@example.test")
    here, elsewhere = make_client(), make_client()
    here.login_as(user)
    elsewhere.login_as(user)
    response = here.put("/api/password", {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD})
    assert response.status_code == 204, response.get_json()
    assert here.get("/api/user").status_code == 200
    assert elsewhere.get("/api/user").status_code == 401
    assert make_client().login(user.email, PASSWORD).status_code == 401
    assert make_client().login(user.email, NEW_PASSWORD).status_code == 200

    deliver(app)
    (mail,) = mail_to(smtp, user.email, "Your Clinic360 password was changed")
    assert NEW_PASSWORD not in parts(mail)["text/plain"]
    titles = [n["title"] for n in here.get("/api/notifications").get_json()["items"]]
    assert titles.count("Your Clinic360 password was changed") == 1


def test_change_refuses_a_wrong_current_password_and_a_weak_or_same_new_one(client, make_user):
    user = make_user(email="olsen@example.test", full_name="Marguerite Olsen")
    client.login_as(user)
    wrong = client.put(
        "/api/password", {"currentPassword": "not-" + PASSWORD, "newPassword": NEW_PASSWORD}
    )
    assert wrong.status_code == 422
    assert wrong.get_json()["error"]["code"] == "wrong_password"
    assert wrong.get_json()["error"]["fields"]["currentPassword"]
    for weak in (PASSWORD, "Olsen-Marguerite", "Clinic360Clinic360", "olsen@example.test"):
        response = client.put("/api/password", {"currentPassword": PASSWORD, "newPassword": weak})
        assert response.status_code == 422, weak
        assert response.get_json()["error"]["fields"]["newPassword"], weak
    assert client.login(user.email, PASSWORD).status_code == 200


def test_wrong_current_passwords_lock_the_change(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "THROTTLE_ACCOUNT_FAILURES", 3)
    client.login_as(make_user())
    body = {"currentPassword": "guess-" + PASSWORD, "newPassword": NEW_PASSWORD}
    for _ in range(3):
        assert client.put("/api/password", body).status_code == 422
    right = client.put("/api/password", {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD})
    assert right.status_code == 429
    assert "Retry-After" in right.headers


def test_change_needs_a_session(client):
    body = {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}
    assert client.put("/api/password", body).status_code == 401


# --- Policy where accounts are made -----------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "Clinic360-2026!",
        "clinic360clinic360",
        "MargueriteOlsen",
        "marguerite.olsen@x",
        "15550200009abc",
        "aaaaaaaaaaaaaaaa",
        "abcabcabcabcabc",
        "password1234",
    ],
)
def test_registration_refuses_guessable_and_own_passwords(client, password):
    response = client.post(
        "/api/register",
        {
            "fullName": "Marguerite Olsen",
            "email": "marguerite.olsen@example.test",
            "phone": "+15550200009",
            "password": password,
            "role": "patient",
        },
    )
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["fields"]["password"]


def test_admin_created_accounts_meet_the_policy(make_client, make_user):
    admin_client = make_client()
    admin_client.login_as(make_user("admin"))
    body = {
        "fullName": "Dr. Weak",
        "email": "weakdoc@example.test",
        "employeeId": "EMP-W1",
        "specialty": "cardiology",
        "password": "clinic360-doctor",
    }
    response = admin_client.post("/api/admin/doctors", body)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["password"]
    body["password"] = NEW_PASSWORD
    assert admin_client.post("/api/admin/doctors", body).status_code == 201


def test_the_command_line_meets_the_policy_and_makes_verified_accounts(app, make_client):
    def create(password: str):
        args = ["users", "create", "--role", "patient", "--email", "cli@example.test"]
        args += ["--password", password, "--name", "Cli Person"]
        return app.test_cli_runner().invoke(args=args)

    refused = create("clinic360-patient")
    assert refused.exit_code != 0
    assert "password" in refused.output
    made = create(NEW_PASSWORD)
    assert made.exit_code == 0, made.output
    me = make_client().login("cli@example.test", NEW_PASSWORD).get_json()
    assert me["emailVerified"] is True
