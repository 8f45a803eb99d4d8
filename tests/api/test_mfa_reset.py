"""An admin removes the second factor of someone who lost both their authenticator and their
recovery codes: through the admin API and the console, the person's sessions end, they are
mailed, the audit trail records it, and nobody else can do it."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import AuditEvent, RecoveryCode, Role, TotpCredential
from tests.api.test_mfa import enable_mfa
from tests.conftest import run_outbox


def mfa_patient(make_user, make_client, email: str):
    user = make_user(email=email, full_name="Lost Phone")
    own = make_client()
    own.login_as(user)
    enable_mfa(own)
    return user, own


def test_an_admin_resets_a_lost_second_factor(app, smtp, make_client, make_user):
    user, own = mfa_patient(make_user, make_client, "lost.phone@example.test")
    assert own.get("/api/user").get_json()["mfaEnabled"] is True
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN, full_name="Help Desk"))

    response = admin.delete(f"/api/admin/users/{user.id}/mfa")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["id"] == user.id

    assert own.get("/api/user").status_code == 401, "every session of the account ended"
    signed_in = make_client().login(user.email)
    assert signed_in.status_code == 200
    assert signed_in.get_json()["mfaEnabled"] is False, "the password alone signs in again"
    with app.app_context():
        assert db.session.get(TotpCredential, user.id) is None
        assert not db.session.scalars(
            select(RecoveryCode).where(RecoveryCode.user_id == user.id)
        ).all()
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.mfa_reset")
        ).one()
        assert event.target_id == user.id and "Lost Phone" in event.summary

    run_outbox(app, datetime.now().astimezone())
    subjects = [str(m["Subject"]) for m in smtp.to(user.email)]
    assert "Two-step sign-in was turned off on your Clinic360 account" in subjects

    again = admin.delete(f"/api/admin/users/{user.id}/mfa")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "mfa_not_enabled"


def test_only_admins_reset_and_never_their_own(make_client, make_user):
    user, _ = mfa_patient(make_user, make_client, "kept.phone@example.test")
    for role in (Role.PATIENT, Role.DOCTOR):
        other = make_client()
        other.login_as(make_user(role))
        assert other.delete(f"/api/admin/users/{user.id}/mfa").status_code == 403
    assert make_client().delete(f"/api/admin/users/{user.id}/mfa").status_code == 401

    admin_user = make_user(Role.ADMIN)
    admin = make_client()
    admin.login_as(admin_user)
    enable_mfa(admin)
    own = admin.delete(f"/api/admin/users/{admin_user.id}/mfa")
    assert own.status_code == 409 and own.get_json()["error"]["code"] == "invalid_transition"
    assert admin.delete("/api/admin/users/999999/mfa").status_code == 404


def test_the_console_resets_it_as_a_list_action(app, client, make_client, make_user):
    user, own = mfa_patient(make_user, make_client, "console.reset@example.test")
    client.login_as(make_user(Role.ADMIN))
    listing = client.get("/admin/users/?search=console.reset")
    assert b"Reset two-step sign-in" in listing.data
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', listing.data)
    done = client.raw.post(
        "/admin/users/action/",
        data={"action": "reset_mfa", "rowid": [str(user.id)], "csrf_token": token.group(1)},
        follow_redirects=True,
    )
    assert done.status_code == 200
    assert b"Two-step sign-in reset: 1." in done.data
    assert own.get("/api/user").status_code == 401
    with app.app_context():
        assert db.session.get(TotpCredential, user.id) is None
