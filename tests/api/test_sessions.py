"""Sessions through HTTP: listing one's own, ending one or all others, the idle limit on the
server, revoked sessions refused, and the mail on a sign-in from a new device (real SMTP on
loopback)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pyotp
from sqlalchemy import select, update

from clinic360.blueprints.auth.session_store import MAX_LISTED_SESSIONS
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import AuthSession, Notification
from tests.conftest import run_outbox
from tests.smtp import parts

BROWSERS = ("Firefox/1 Test", "Chrome/2 Test", "Safari/3 Test")


def signed_in(make_client, user, agent: str):
    client = make_client()
    client.raw.environ_base["HTTP_USER_AGENT"] = agent
    client.login_as(user)
    return client


def sessions_of(app, user_id: int) -> list[AuthSession]:
    with app.app_context():
        rows = db.session.scalars(
            select(AuthSession).where(AuthSession.user_id == user_id).order_by(AuthSession.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def set_last_seen(app, session_id: int, at: datetime) -> None:
    with app.app_context():
        db.session.execute(
            update(AuthSession).where(AuthSession.id == session_id).values(last_seen_at=at)
        )
        db.session.commit()


def test_lists_own_live_sessions_newest_first(app, make_client, make_user):
    user, other = make_user(), make_user()
    first, second, third = (signed_in(make_client, user, agent) for agent in BROWSERS)
    signed_in(make_client, other, "Other/1")
    third.post("/api/logout")

    listed = second.get("/api/sessions")
    assert listed.status_code == 200
    body = listed.get_json()
    assert [item["userAgent"] for item in body] == ["Chrome/2 Test", "Firefox/1 Test"]
    assert [item["current"] for item in body] == [True, False]
    ids = [row.id for row in sessions_of(app, user.id)]
    assert [item["id"] for item in body] == [ids[1], ids[0]]
    item = body[0]
    assert set(item) == {"id", "createdAt", "lastSeenAt", "ipAddress", "userAgent", "current"}
    assert item["ipAddress"] == "127.0.0.1"
    assert item["createdAt"].endswith("Z")
    assert first.get("/api/sessions").get_json()[1]["current"] is True


def test_the_list_is_bounded_and_costs_the_same_whatever_its_length(
    app, client, make_user, count_queries
):
    user = make_user()
    client.login_as(user)
    now = now_utc()
    with app.app_context():
        db.session.add_all(
            AuthSession(
                user_id=user.id,
                token_hash=f"{n:064x}",
                created_at=now - timedelta(seconds=n + 1),
                last_seen_at=now,
                expires_at=now + timedelta(hours=1),
            )
            for n in range(MAX_LISTED_SESSIONS + 5)
        )
        db.session.commit()
    with count_queries() as queries:
        listed = client.get("/api/sessions").get_json()
    assert len(listed) == MAX_LISTED_SESSIONS
    assert listed[0]["current"] is True, "this session is the newest"
    assert queries.count <= 4, queries.statements


def test_ending_one_session(app, make_client, make_user):
    user, stranger = make_user(), make_user()
    mine, lost = (signed_in(make_client, user, agent) for agent in BROWSERS[:2])
    theirs = signed_in(make_client, stranger, "Other/1")
    listed = mine.get("/api/sessions").get_json()
    lost_id = next(item["id"] for item in listed if not item["current"])
    their_id = theirs.get("/api/sessions").get_json()[0]["id"]

    assert mine.delete(f"/api/sessions/{their_id}").status_code == 404  # not theirs to end
    assert theirs.get("/api/user").status_code == 200
    assert mine.delete("/api/sessions/2147483647").status_code == 404

    assert mine.delete(f"/api/sessions/{lost_id}").status_code == 204
    assert lost.get("/api/user").status_code == 401  # dead on the server at once
    assert mine.delete(f"/api/sessions/{lost_id}").status_code == 404  # already ended
    assert mine.get("/api/user").status_code == 200
    assert [item["current"] for item in mine.get("/api/sessions").get_json()] == [True]


def test_ending_this_session_logs_out(make_client, make_user):
    client = signed_in(make_client, make_user(), "Firefox/1 Test")
    (this,) = client.get("/api/sessions").get_json()
    assert client.delete(f"/api/sessions/{this['id']}").status_code == 204
    assert client.get("/api/user").status_code == 401


def test_ending_all_other_sessions(make_client, make_user):
    user, other = make_user(), make_user()
    keep, *gone = (signed_in(make_client, user, agent) for agent in BROWSERS)
    bystander = signed_in(make_client, other, "Other/1")
    assert keep.delete("/api/sessions").status_code == 204
    assert keep.get("/api/user").status_code == 200
    assert all(client.get("/api/user").status_code == 401 for client in gone)
    assert bystander.get("/api/user").status_code == 200
    assert [item["current"] for item in keep.get("/api/sessions").get_json()] == [True]


def test_a_session_idle_past_the_limit_is_refused(app, make_client, make_user):
    user = make_user()
    client = signed_in(make_client, user, "Firefox/1 Test")
    (row,) = sessions_of(app, user.id)
    assert client.get("/api/user").get_json()["idleTimeoutMinutes"] == 30

    # Used 29 minutes ago: alive, and this request counts as use.
    set_last_seen(app, row.id, now_utc() - timedelta(minutes=29))
    assert client.get("/api/user").status_code == 200
    (row,) = sessions_of(app, user.id)
    assert now_utc() - row.last_seen_at < timedelta(seconds=10)

    # Used 30 minutes ago: ended on the server, whatever the cookie says.
    set_last_seen(app, row.id, now_utc() - timedelta(minutes=30, seconds=1))
    assert client.get("/api/user").status_code == 401
    assert client.get("/api/appointments").status_code == 401
    other = signed_in(make_client, user, "Chrome/2 Test")
    assert row.id not in [item["id"] for item in other.get("/api/sessions").get_json()]


def test_the_idle_limit_is_a_setting(app, make_client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 5)
    user = make_user()
    client = signed_in(make_client, user, "Firefox/1 Test")
    assert client.get("/api/user").get_json()["idleTimeoutMinutes"] == 5
    (row,) = sessions_of(app, user.id)
    set_last_seen(app, row.id, now_utc() - timedelta(minutes=5, seconds=1))
    assert client.get("/api/user").status_code == 401


def test_last_seen_is_written_at_most_every_half_minute_and_not_by_polls(
    app, make_client, make_user, count_queries
):
    user = make_user()
    client = signed_in(make_client, user, "Firefox/1 Test")
    (row,) = sessions_of(app, user.id)

    recent = now_utc() - timedelta(seconds=10)
    set_last_seen(app, row.id, recent)
    client.get("/api/user")
    assert sessions_of(app, user.id)[0].last_seen_at == recent  # no write within 30 s

    older = now_utc() - timedelta(seconds=45)
    set_last_seen(app, row.id, older)
    assert client.get("/api/user", headers={"X-Background-Request": "1"}).status_code == 200
    assert sessions_of(app, user.id)[0].last_seen_at == older  # a poll is not use
    with count_queries() as counter:
        client.get("/api/user")
    assert sessions_of(app, user.id)[0].last_seen_at > older
    # The write is one UPDATE; nothing loaded is read again for it.
    writes = [s for s in counter.statements if not s.lstrip().upper().startswith("SELECT")]
    assert len(writes) == 1 and writes[0].startswith("UPDATE auth_sessions")
    assert counter.count <= 4, counter.statements


def test_revoked_sessions_stay_dead(app, make_client, make_user):
    user = make_user()
    client = signed_in(make_client, user, "Firefox/1 Test")
    cookie = client.raw.get_cookie("clinic360_session")
    (row,) = sessions_of(app, user.id)
    with app.app_context():
        db.session.execute(
            update(AuthSession).where(AuthSession.id == row.id).values(revoked_at=now_utc())
        )
        db.session.commit()
    replay = make_client()
    replay.raw.set_cookie("clinic360_session", cookie.value)
    assert replay.get("/api/user").status_code == 401
    assert client.get("/api/user").status_code == 401


def new_sign_in_lines(app, user_id: int) -> int:
    with app.app_context():
        return len(
            db.session.scalars(
                select(Notification).where(
                    Notification.user_id == user_id, Notification.kind == "new_sign_in"
                )
            ).all()
        )


def test_a_sign_in_from_a_new_device_is_mailed(app, smtp, make_client, make_user):
    user = make_user(email="devices@example.test", full_name="Dev Ice", timezone="Europe/Berlin")
    laptop = signed_in(make_client, user, "Firefox/1 Laptop")  # the account's first sign-in
    assert laptop.raw.get_cookie("clinic360_device") is not None
    laptop.post("/api/logout")
    signed_in_again = laptop.login_as(user)  # the same browser: a known device
    assert signed_in_again.status_code == 200
    assert "clinic360_device" not in str(signed_in_again.headers.getlist("Set-Cookie"))
    run_outbox(app, now_utc())
    assert smtp.to(user.email) == []
    assert new_sign_in_lines(app, user.id) == 0

    phone = signed_in(make_client, user, "Safari/3 Phone")  # no device cookie: a new device
    run_outbox(app, now_utc())
    (mail,) = smtp.to(user.email)
    assert str(mail["Subject"]) == "New sign-in to your Clinic360 account"
    text = parts(mail)["text/plain"]
    assert "Safari/3 Phone" in text and "127.0.0.1" in text and "(Europe/Berlin)" in text
    assert "/security" in parts(mail)["text/html"]
    assert new_sign_in_lines(app, user.id) == 1

    # The phone is known from now on, whoever else signs in.
    smtp.clear()
    phone.post("/api/logout")
    phone.login_as(user)
    run_outbox(app, now_utc())
    assert smtp.to(user.email) == []

    # A forged or garbled device cookie is a new device too (and is replaced).
    forged = make_client()
    forged.raw.set_cookie("clinic360_device", "x")
    forged.login_as(user)
    assert forged.raw.get_cookie("clinic360_device").value != "x"
    run_outbox(app, now_utc())
    assert len(smtp.to(user.email)) == 1


def test_over_http_a_new_device_signing_in_with_the_second_factor_is_mailed(
    live_user, http_client, mailbox, start_worker
):
    """On the live server (gunicorn, a real worker, SMTP on loopback), with the browsers'
    own cookie jars: the device cookie, the two-step sign-in and the mail together."""
    user = live_user(full_name="Live Devices")
    laptop = http_client()
    laptop.login(user)  # the account's first sign-in: no mail
    status, enrolment = laptop.request("POST", "/api/mfa/totp")
    assert status == 200
    secret = enrolment["secret"]
    step = int(now_utc().timestamp()) // 30
    status, confirmed = laptop.request(
        "POST", "/api/mfa/totp/confirm", {"code": pyotp.TOTP(secret).at(step * 30)}
    )
    assert status == 200
    recovery = confirmed["recoveryCodes"]

    def two_steps(client, code):
        credentials = {"identifier": user["email"], "password": user["password"]}
        assert client.request("POST", "/api/login", credentials) == (200, {"mfaRequired": True})
        status, body = client.request("POST", "/api/login/mfa", {"code": code})
        assert status == 200 and body["id"] == user["id"], body

    phone = http_client()
    two_steps(phone, pyotp.TOTP(secret).at((step + 1) * 30))
    start_worker()
    subject = "New sign-in to your Clinic360 account"

    def sign_in_mails(messages) -> int:
        return len(
            [m for m in messages if user["email"] in str(m["To"]) and subject in str(m["Subject"])]
        )

    mailbox.wait_for(lambda ms: sign_in_mails(ms) >= 1)

    laptop.request("POST", "/api/logout")
    two_steps(laptop, recovery[0])  # a known device: no mail
    two_steps(http_client(), recovery[1])  # another new one: a second mail

    mailbox.wait_for(lambda ms: sign_in_mails(ms) >= 2)
    time.sleep(1)
    # (Turning the second factor on is mailed too, as its own notice.)
    mails = [m for m in mailbox.to(user["email"]) if "Two-step" not in str(m["Subject"])]
    assert [str(m["Subject"]) for m in mails] == ["New sign-in to your Clinic360 account"] * 2


def test_a_new_secret_key_keeps_sessions_signed_with_a_fallback_key(
    app, make_client, make_user, monkeypatch
):
    client = signed_in(make_client, make_user(), "Firefox/1 Test")
    assert client.get("/api/user").status_code == 200
    old = app.secret_key
    monkeypatch.setattr(app, "secret_key", "a new secret key of the right length, 32+")
    monkeypatch.setitem(app.config, "SECRET_KEY_FALLBACKS", [old])
    assert client.get("/api/user").status_code == 200  # signed with the old key: still read
    monkeypatch.setitem(app.config, "SECRET_KEY_FALLBACKS", [])
    assert client.get("/api/user").status_code == 401  # the old key is gone
