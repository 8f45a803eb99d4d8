"""Security notices a person gets by mail (real SMTP on loopback): an email change tells the
old address and voids reset links mailed there; turning the second factor on or off, and a
password reset, are told too."""

from __future__ import annotations

import logging

from tests.api.test_mfa import enable_mfa
from tests.api.test_passwords import (
    NEW_PASSWORD,
    RESET_LINK,
    deliver,
    forgot,
    mail_to,
    reset_token,
)
from tests.conftest import PASSWORD
from tests.smtp import parts

EMAIL_CHANGED = "The email address of your Clinic360 account was changed"


def test_an_email_change_tells_the_old_address_and_voids_its_reset_links(
    app, smtp, client, make_client, make_user
):
    user = make_user(email="before.change@example.test")
    stranger = make_client()
    forgot(stranger, user.email)
    token = reset_token(app, smtp, user.email)

    client.login_as(user)
    changed = client.put("/api/profile", {"email": "after.change@example.test"})
    assert changed.status_code == 200, changed.get_json()
    deliver(app)

    (notice,) = mail_to(smtp, "before.change@example.test", EMAIL_CHANGED)
    text = parts(notice)["text/plain"]
    assert "after.change@example.test" in text and "contact your clinic" in text
    assert mail_to(smtp, "after.change@example.test", "Confirm your email address for Clinic360")
    assert not mail_to(smtp, "after.change@example.test", EMAIL_CHANGED)

    refused = stranger.post("/api/password/reset", {"token": token, "password": NEW_PASSWORD})
    assert refused.status_code == 400
    assert make_client().login("after.change@example.test", PASSWORD).status_code == 200


def test_a_phone_only_account_adding_an_email_sends_no_notice(app, smtp, client, make_user):
    make_user(email=None, phone="+15550209999")
    assert client.login("+15550209999").status_code == 200
    assert client.put("/api/profile", {"email": "first.address@example.test"}).status_code == 200
    deliver(app)
    assert not any(str(m["Subject"]) == EMAIL_CHANGED for m in smtp.messages)


def test_turning_the_second_factor_on_and_off_is_mailed(app, smtp, client, make_user):
    user = make_user(email="factor.notice@example.test")
    client.login_as(user)
    enable_mfa(client)
    assert client.delete("/api/mfa/totp", json={"password": PASSWORD}).status_code == 204
    deliver(app)
    on = "Two-step sign-in turned on for your Clinic360 account"
    off = "Two-step sign-in turned off for your Clinic360 account"
    assert len(mail_to(smtp, user.email, on)) == 1
    assert len(mail_to(smtp, user.email, off)) == 1


def test_a_reset_is_mailed_like_a_change(app, smtp, client, make_user):
    user = make_user(email="reset.notice@example.test")
    forgot(client, user.email)
    token = reset_token(app, smtp, user.email)
    response = client.post("/api/password/reset", {"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 204
    deliver(app)
    assert mail_to(smtp, user.email, "Your Clinic360 password was changed")


def test_mail_written_to_files_keeps_links_out_of_the_log(
    app, client, make_user, monkeypatch, tmp_path, caplog
):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "file")
    monkeypatch.setitem(app.config, "MAIL_DIR", str(tmp_path))
    user = make_user(email="file.backend@example.test")
    forgot(client, user.email)
    with caplog.at_level(logging.INFO, logger="clinic360.blueprints.notifications.mailer"):
        deliver(app)
    (written,) = tmp_path.glob("*.eml")
    token = RESET_LINK.search(written.read_text()).group(2)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Reset your Clinic360 password" in logged
    assert token not in logged and user.email not in logged
