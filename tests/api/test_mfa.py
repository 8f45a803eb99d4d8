"""The second factor through HTTP: enrolling an authenticator app (TOTP, RFC 6238), recovery
codes, signing in in two steps, each code accepted once, the throttle on wrong codes, turning
it off, and the roles that must enrol before anything else (API and admin console)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import bcrypt
import pyotp
import pytest
import sqlalchemy as sa
from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.crypto import TEXT_PREFIX
from clinic360.extensions import db
from clinic360.models import RecoveryCode, Role, TotpCredential, User
from tests.conftest import PASSWORD


def step_now() -> int:
    return int(now_utc().timestamp()) // 30


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).at(step * 30)


def enable_mfa(client) -> tuple[str, list[str], int]:
    """Enrol and confirm an app for the logged-in user: its secret, the recovery codes and the
    time step whose code confirmed it (used up)."""
    enrolment = client.post("/api/mfa/totp")
    assert enrolment.status_code == 200, enrolment.get_json()
    secret = enrolment.get_json()["secret"]
    step = step_now()
    confirmed = client.post("/api/mfa/totp/confirm", {"code": code_at(secret, step)})
    assert confirmed.status_code == 200, confirmed.get_json()
    return secret, confirmed.get_json()["recoveryCodes"], step


def password_step(client, user):
    response = client.login(user.email)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def mfa_user(make_user, make_client):
    """A patient with a confirmed app: (user, secret, recovery codes, used step)."""
    user = make_user(email="two.step@example.test")
    client = make_client()
    client.login_as(user)
    secret, codes, step = enable_mfa(client)
    return user, secret, codes, step


def test_enrolment_gives_an_rfc6238_secret_sealed_at_rest_and_inactive_until_confirmed(
    client, make_user, app
):
    user = make_user(email="enrol@example.test")
    client.login_as(user)
    response = client.post("/api/mfa/totp")
    assert response.status_code == 200
    body = response.get_json()
    secret = body["secret"]
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    uri = urlsplit(body["otpauthUri"])
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert unquote(uri.path) == "/Clinic360:enrol@example.test"
    query = parse_qs(uri.query)
    assert query["secret"] == [secret] and query["issuer"] == ["Clinic360"]
    # pyotp's defaults are RFC 6238's: 30 s, 6 digits, SHA-1 (an app reads them so).
    assert pyotp.parse_uri(body["otpauthUri"]).now() == pyotp.TOTP(secret).now()

    with app.app_context():
        raw = db.session.execute(
            sa.text("SELECT secret FROM mfa_totp WHERE user_id = :id"), {"id": user.id}
        ).scalar_one()
    assert raw.startswith(TEXT_PREFIX) and secret not in raw

    assert client.get("/api/user").get_json()["mfaEnabled"] is False
    # Not confirmed: signing in still needs the password only.
    again = client.login(user.email)
    assert again.status_code == 200 and again.get_json()["id"] == user.id


def test_confirming_turns_it_on_and_gives_ten_hashed_single_use_recovery_codes(
    client, make_user, app
):
    user = make_user()
    client.login_as(user)
    secret = client.post("/api/mfa/totp").get_json()["secret"]
    wrong = client.post("/api/mfa/totp/confirm", {"code": "000000"})
    if code_at(secret, step_now()) != "000000":
        assert wrong.status_code == 422
        assert "code" in wrong.get_json()["error"]["fields"]
    assert client.get("/api/user").get_json()["mfaEnabled"] is False

    confirmed = client.post("/api/mfa/totp/confirm", {"code": pyotp.TOTP(secret).now()})
    assert confirmed.status_code == 200
    codes = confirmed.get_json()["recoveryCodes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/api/user").get_json()["mfaEnabled"] is True
    with app.app_context():
        stored = db.session.scalars(
            select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)
        ).all()
    assert len(stored) == 10
    assert not {code.replace("-", "") for code in codes} & set(stored)
    assert not set(codes) & set(stored)

    # On: a second enrolment is refused until it is turned off, and confirming again too.
    assert client.post("/api/mfa/totp").status_code == 409
    assert client.post("/api/mfa/totp/confirm", {"code": "123456"}).status_code == 409


def test_login_takes_two_steps_and_each_code_works_once(make_client, mfa_user, app):
    user, secret, _codes, step = mfa_user
    client = make_client()
    assert password_step(client, user) == {"mfaRequired": True}
    assert client.get("/api/user").status_code == 401  # not logged in between the steps

    wrong = client.post("/api/login/mfa", {"code": code_at(secret, step - 5)})
    assert wrong.status_code == 401
    assert wrong.get_json()["error"]["code"] == "invalid_code"
    # The code that confirmed the app was spent then.
    assert client.post("/api/login/mfa", {"code": code_at(secret, step)}).status_code == 401

    code = code_at(secret, step + 1)
    signed_in = client.post("/api/login/mfa", {"code": code})
    assert signed_in.status_code == 200
    assert signed_in.get_json()["id"] == user.id
    assert signed_in.get_json()["mfaEnabled"] is True
    assert client.get("/api/user").status_code == 200

    replay = make_client()
    assert password_step(replay, user) == {"mfaRequired": True}
    assert replay.post("/api/login/mfa", {"code": code}).status_code == 401
    assert replay.get("/api/user").status_code == 401
    with app.app_context():
        assert db.session.get(TotpCredential, user.id).last_used_step == step + 1


def test_a_wrong_password_never_reaches_the_second_step(make_client, mfa_user):
    user, secret, _codes, step = mfa_user
    client = make_client()
    refused = client.login(user.email, "not-the-password")
    assert refused.status_code == 401
    assert client.post("/api/login/mfa", {"code": code_at(secret, step + 1)}).status_code == 401


def test_a_recovery_code_works_once(make_client, mfa_user, app):
    user, _secret, codes, _step = mfa_user
    client = make_client()
    password_step(client, user)
    # Typed loosely: upper case, without the dashes.
    typed = codes[3].replace("-", "").upper()
    assert client.post("/api/login/mfa", {"code": typed}).get_json()["id"] == user.id

    again = make_client()
    password_step(again, user)
    assert again.post("/api/login/mfa", {"code": codes[3]}).status_code == 401
    assert again.post("/api/login/mfa", {"code": codes[4]}).status_code == 200
    with app.app_context():
        used = db.session.scalar(
            select(sa.func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_not(None))
        )
    assert used == 2


def test_the_second_step_needs_a_fresh_password_step(make_client, mfa_user, app, monkeypatch):
    user, secret, _codes, step = mfa_user
    client = make_client()
    no_password = client.post("/api/login/mfa", {"code": code_at(secret, step + 1)})
    assert no_password.status_code == 401
    assert no_password.get_json()["error"]["code"] == "mfa_login_expired"

    # The password was reset between the two steps: the first step no longer counts.
    password_step(client, user)
    with app.app_context():
        db.session.get(User, user.id).password_hash = bcrypt.hashpw(
            b"a new password", bcrypt.gensalt(rounds=4)
        ).decode()
        db.session.commit()
    reset = client.post("/api/login/mfa", {"code": code_at(secret, step + 1)})
    assert reset.status_code == 401
    assert reset.get_json()["error"]["code"] == "mfa_login_expired"

    assert client.login(user.email, "a new password").get_json() == {"mfaRequired": True}
    monkeypatch.setitem(app.config, "MFA_PENDING_MINUTES", 0)  # the wait has run out
    late = client.post("/api/login/mfa", {"code": code_at(secret, step + 1)})
    assert late.status_code == 401
    assert late.get_json()["error"]["code"] == "mfa_login_expired"


def test_wrong_codes_are_throttled_per_account(make_client, mfa_user, app, monkeypatch):
    user, secret, _codes, step = mfa_user
    monkeypatch.setitem(app.config, "THROTTLE_ACCOUNT_FAILURES", 3)
    client = make_client()
    password_step(client, user)
    for _ in range(3):
        assert client.post("/api/login/mfa", {"code": "12345678"}).status_code == 401
    # Locked: even the right code waits, from any client.
    other = make_client()
    password_step(other, user)
    locked = other.post("/api/login/mfa", {"code": code_at(secret, step + 1)})
    assert locked.status_code == 429
    assert locked.get_json()["error"]["code"] == "rate_limited"
    assert int(locked.headers["Retry-After"]) > 0


def test_turning_it_off_needs_the_password(make_client, mfa_user, app):
    user, _secret, codes, _step = mfa_user
    client = make_client()
    password_step(client, user)
    assert client.post("/api/login/mfa", {"code": codes[0]}).status_code == 200

    wrong = client.delete("/api/mfa/totp", json={"password": "not-the-password"})
    assert wrong.status_code == 422
    assert wrong.get_json()["error"]["code"] == "wrong_password"
    assert "password" in wrong.get_json()["error"]["fields"]
    assert client.delete("/api/mfa/totp", json={}).status_code == 422
    assert client.get("/api/user").get_json()["mfaEnabled"] is True

    assert client.delete("/api/mfa/totp", json={"password": PASSWORD}).status_code == 204
    assert client.get("/api/user").get_json()["mfaEnabled"] is False
    with app.app_context():
        assert db.session.get(TotpCredential, user.id) is None
        assert not db.session.scalars(
            select(RecoveryCode).where(RecoveryCode.user_id == user.id)
        ).all()
    # The password alone signs in again.
    fresh = make_client()
    assert fresh.login(user.email).get_json()["id"] == user.id


def test_wrong_passwords_lock_turning_it_off(make_client, mfa_user, app, monkeypatch):
    user, _secret, codes, _step = mfa_user
    monkeypatch.setitem(app.config, "THROTTLE_ACCOUNT_FAILURES", 3)
    client = make_client()
    password_step(client, user)
    client.post("/api/login/mfa", {"code": codes[0]})
    for _ in range(3):
        guess = client.delete("/api/mfa/totp", json={"password": "guess-" + PASSWORD})
        assert guess.status_code == 422
    right = client.delete("/api/mfa/totp", json={"password": PASSWORD})
    assert right.status_code == 429 and "Retry-After" in right.headers
    assert client.get("/api/user").get_json()["mfaEnabled"] is True


def test_the_login_answer_documents_both_shapes(client):
    doc = client.get("/api/openapi.json").get_json()
    content = doc["paths"]["/api/login"]["post"]["responses"]["200"]["content"]
    shapes = content["application/json"]["schema"]["oneOf"]
    refs = {shape["$ref"].rsplit("/", 1)[-1] for shape in shapes}
    assert refs == {"User", "MfaRequired"}
    assert "mfaRequired" in doc["components"]["schemas"]["MfaRequired"]["properties"]
    for path in ("/api/mfa/totp", "/api/mfa/totp/confirm", "/api/login/mfa"):
        assert path in doc["paths"]


@pytest.fixture
def require_admin_mfa(app, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_MFA_ROLES", (Role.ADMIN.value,))


def test_a_required_role_can_only_enrol_until_it_has_a_second_factor(
    require_admin_mfa, client, make_user, make_client
):
    admin = make_user(Role.ADMIN)
    me = client.login_as(admin).get_json()
    assert me["mfaEnrollmentRequired"] is True and me["mfaEnabled"] is False

    refused = client.get("/api/admin/audit")
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "mfa_enrollment_required"
    assert client.get("/api/doctors").status_code == 403
    assert client.put("/api/admin/users/1/active", {"isActive": True}).status_code == 403
    # What stays open: the account, enrolment, sessions, signing out.
    assert client.get("/api/user").status_code == 200
    assert client.get("/api/csrf").status_code == 200
    assert client.get("/api/sessions").status_code == 200
    # The console sends them to the security page.
    console = client.get("/admin/")
    assert console.status_code == 302
    assert urlsplit(console.headers["Location"]).path == "/security"
    assert client.get("/admin/users/").headers["Location"].endswith("/security")

    enable_mfa(client)
    me = client.get("/api/user").get_json()
    assert me["mfaEnrollmentRequired"] is False and me["mfaEnabled"] is True
    assert client.get("/api/admin/audit").status_code == 200
    assert client.get("/admin/").status_code == 200

    # Roles not named are not held back.
    patient = make_client()
    assert patient.login_as(make_user()).get_json()["mfaEnrollmentRequired"] is False
    assert patient.get("/api/notifications").status_code == 200


def test_an_empty_role_list_requires_no_one(client, make_user):
    admin = make_user(Role.ADMIN)
    assert client.login_as(admin).get_json()["mfaEnrollmentRequired"] is False
    assert client.get("/api/admin/audit").status_code == 200


def test_the_admin_console_signs_in_with_the_second_factor(
    require_admin_mfa, make_user, make_client
):
    admin = make_user(Role.ADMIN, full_name="Console Admin")
    setup = make_client()
    setup.login_as(admin)
    secret, _codes, step = enable_mfa(setup)

    browser = make_client()
    to_login = browser.get("/admin/")
    assert to_login.status_code == 302
    location = urlsplit(to_login.headers["Location"])
    assert location.path == "/login" and parse_qs(location.query)["next"] == ["/admin/"]

    assert password_step(browser, admin) == {"mfaRequired": True}
    assert browser.get("/admin/").status_code == 302  # the password alone opens nothing
    assert browser.post("/api/login/mfa", {"code": code_at(secret, step + 1)}).status_code == 200
    console = browser.get("/admin/")
    assert console.status_code == 200
    assert b"Clinic360 console" in console.data
    assert browser.get("/admin/users/").status_code == 200
