"""Signing in cannot be replayed: the half-signed-in state between password and code is a
one-time server-side nonce (a copied cookie is void once its code was given, after signing
out, after a newer password step, and when it is too old); a new sign-in in a browser ends
the server session that browser held; codes in other scripts' digits are wrong codes, never
an error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import AuthSession, TotpCredential
from tests.api.test_mfa import code_at, enable_mfa, password_step

COOKIE = "clinic360_session"
# ASCII digits (and letters) to those of other scripts: full-width and Arabic-Indic.
FULL_WIDTH = {ord("0") + n: 0xFF10 + n for n in range(10)} | {
    ord("a") + n: 0xFF41 + n for n in range(26)
}
ARABIC_INDIC = {ord("0") + n: 0x0660 + n for n in range(10)}


@pytest.fixture
def mfa_user(make_user, make_client):
    """A patient with a confirmed app: (user, secret, recovery codes, used step)."""
    user = make_user()
    client = make_client()
    client.login_as(user)
    return (user, *enable_mfa(client))


def copy_of(client, make_client):
    """Another browser holding a copy of this browser's session cookie."""
    other = make_client()
    other.raw.set_cookie(COOKIE, client.raw.get_cookie(COOKIE).value)
    return other


def expired(response) -> bool:
    return (
        response.status_code == 401 and response.get_json()["error"]["code"] == "mfa_login_expired"
    )


def test_a_copied_half_signed_in_cookie_is_spent_by_its_code(make_client, mfa_user):
    user, _secret, codes, _step = mfa_user
    browser = make_client()
    password_step(browser, user)
    copy = copy_of(browser, make_client)
    later_copy = copy_of(browser, make_client)
    assert browser.post("/api/login/mfa", {"code": codes[0]}).status_code == 200

    assert expired(copy.post("/api/login/mfa", {"code": codes[1]}))
    assert copy.get("/api/user").status_code == 401
    # Nor after the user signed out, with another fresh code.
    assert browser.post("/api/logout").status_code == 204
    assert expired(later_copy.post("/api/login/mfa", {"code": codes[2]}))
    assert later_copy.get("/api/user").status_code == 401


def test_a_newer_password_step_voids_the_earlier_one(make_client, mfa_user):
    user, _secret, codes, _step = mfa_user
    first, second = make_client(), make_client()
    password_step(first, user)
    password_step(second, user)
    assert expired(first.post("/api/login/mfa", {"code": codes[0]}))
    assert second.post("/api/login/mfa", {"code": codes[0]}).status_code == 200


def test_signing_out_voids_a_sign_in_waiting_for_its_code(make_client, mfa_user):
    user, _secret, codes, _step = mfa_user
    signed_in = make_client()
    password_step(signed_in, user)
    assert signed_in.post("/api/login/mfa", {"code": codes[0]}).status_code == 200
    waiting = make_client()
    password_step(waiting, user)
    assert signed_in.post("/api/logout").status_code == 204
    assert expired(waiting.post("/api/login/mfa", {"code": codes[1]}))


def test_the_server_refuses_a_pending_sign_in_older_than_the_limit(make_client, mfa_user, app):
    user, _secret, codes, _step = mfa_user
    browser = make_client()
    password_step(browser, user)
    minutes = app.config["MFA_PENDING_MINUTES"]
    with app.app_context():
        db.session.execute(
            update(TotpCredential)
            .where(TotpCredential.user_id == user.id)
            .values(pending_login_at=now_utc() - timedelta(minutes=minutes, seconds=1))
        )
        db.session.commit()
    assert expired(browser.post("/api/login/mfa", {"code": codes[0]}))


# --- A new sign-in in a browser ends the session it held -----------------------------------


def test_signing_in_again_ends_the_browsers_earlier_session(make_client, make_user, app):
    first, second = make_user(), make_user()
    browser = make_client()
    browser.login_as(first)
    copy = copy_of(browser, make_client)
    assert copy.get("/api/user").get_json()["id"] == first.id

    browser.login_as(second)
    assert browser.get("/api/user").get_json()["id"] == second.id
    assert copy.get("/api/user").status_code == 401
    with app.app_context():
        revoked = db.session.scalars(
            select(AuthSession.revoked_at).where(AuthSession.user_id == first.id)
        ).all()
    assert len(revoked) == 1 and revoked[0] is not None


def test_a_password_step_ends_the_browsers_earlier_session(make_client, make_user, mfa_user):
    user, _secret, _codes, _step = mfa_user
    browser = make_client()
    browser.login_as(make_user())
    copy = copy_of(browser, make_client)
    assert password_step(browser, user) == {"mfaRequired": True}
    assert copy.get("/api/user").status_code == 401


# --- Digits of other scripts ----------------------------------------------------------------

ODD_CODES = (
    "123456".translate(FULL_WIDTH),
    "012345".translate(ARABIC_INDIC),
    "123-456".translate(FULL_WIDTH),
    "12345" + chr(0x0669),  # five ASCII digits and an Arabic-Indic nine
    ("abcd" * 4).translate(FULL_WIDTH),
)


@pytest.mark.parametrize("code", ODD_CODES)
def test_codes_in_other_digits_are_wrong_codes_at_sign_in(make_client, mfa_user, code):
    user, _secret, _codes, _step = mfa_user
    browser = make_client()
    password_step(browser, user)
    answer = browser.post("/api/login/mfa", {"code": code})
    assert answer.status_code == 401, answer.get_json()
    assert answer.get_json()["error"]["code"] == "invalid_code"


def test_the_right_code_in_other_digits_is_refused_and_counted(
    make_client, mfa_user, app, monkeypatch
):
    user, secret, _codes, step = mfa_user
    monkeypatch.setitem(app.config, "THROTTLE_ACCOUNT_FAILURES", 2)
    browser = make_client()
    password_step(browser, user)
    right = code_at(secret, step + 1)
    for digits in (FULL_WIDTH, ARABIC_INDIC):
        answer = browser.post("/api/login/mfa", {"code": right.translate(digits)})
        assert answer.status_code == 401, answer.get_json()
    # Both were counted as failures: the account is locked now.
    assert browser.post("/api/login/mfa", {"code": right}).status_code == 429


@pytest.mark.parametrize("digits", [FULL_WIDTH, ARABIC_INDIC])
def test_confirming_with_other_digits_is_a_wrong_code(client, make_user, digits):
    client.login_as(make_user())
    secret = client.post("/api/mfa/totp").get_json()["secret"]
    step = int(now_utc().timestamp()) // 30
    answer = client.post("/api/mfa/totp/confirm", {"code": code_at(secret, step).translate(digits)})
    assert answer.status_code == 422, answer.get_json()
    assert "code" in answer.get_json()["error"]["fields"]
    confirmed = client.post("/api/mfa/totp/confirm", {"code": code_at(secret, step)})
    assert confirmed.status_code == 200
