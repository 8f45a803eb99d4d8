"""Forgetting, resetting and changing a password.

- forgot: a reset link (`{PUBLIC_BASE_URL}/reset-password?token=...`, single use, valid
  PASSWORD_RESET_MINUTES) goes to the account's email address when that address is verified,
  a verification link when it is not (reset links go only to verified addresses); the caller
  answers the same whatever happened.
- reset: the token's account gets the new password (the policy applies), every session of it
  ends and every other reset link stops working; following the link also proves the address.
- change: the current password is checked, the new one must pass the policy and differ, every
  other session ends, and a verified address is told by mail."""

from __future__ import annotations

from datetime import datetime, timedelta

import bcrypt
from flask import current_app

from clinic360.blueprints.auth import tokens
from clinic360.blueprints.auth.password_policy import check_password
from clinic360.blueprints.auth.session_store import revoke_all_sessions, revoke_other_sessions
from clinic360.blueprints.auth.verification import send_verification
from clinic360.blueprints.notifications import service as notifications
from clinic360.errors import Invalid
from clinic360.extensions import db
from clinic360.models import TokenPurpose, User
from clinic360.validation import isoformat_utc

PURPOSE = TokenPurpose.PASSWORD_RESET.value


class WrongPassword(Invalid):
    code = "wrong_password"
    message = "Your current password is not correct."

    def __init__(self) -> None:
        super().__init__(fields={"currentPassword": [self.message]})


def set_password(user: User, password: str, *, rounds: int, field: str = "password") -> None:
    """Give the user a new password that passes the policy for them."""
    check_password(
        password, email=user.email, full_name=user.full_name, phone=user.phone, field=field
    )
    user.password_hash = bcrypt.hashpw(
        password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)
    ).decode("ascii")


def forgot(user: User | None, now: datetime) -> bool:
    """Mail a reset link when the account's address is verified; an unverified address gets a
    verification link instead (whoever reads it proves the address first, then asks again).
    Whether a mail was written."""
    if user is None or not user.is_active or not user.email:
        return False
    if user.email_verified_at is None:
        return send_verification(user, now)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    token = tokens.issue(user, PURPOSE, now, timedelta(minutes=minutes))
    notifications.account_event(
        notifications.Kind.PASSWORD_RESET, user, now, token=token, minutes=minutes
    )
    return True


def reset(token: str, password: str, now: datetime, *, rounds: int) -> User:
    """Set the password of the token's account and end all its sessions."""
    row = tokens.use(token, PURPOSE, now)
    user = db.session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise tokens.TokenInvalid()
    set_password(user, password, rounds=rounds)
    if row.email is not None and row.email == user.email and user.email_verified_at is None:
        user.email_verified_at = now  # an invitation, mailed to this very address
    tokens.forget(user, PURPOSE)
    revoke_all_sessions(user.id, now)
    notifications.account_event(
        notifications.Kind.PASSWORD_CHANGED, user, now, time=isoformat_utc(now)
    )
    return user


def change(
    user: User,
    current_password: str,
    new_password: str,
    now: datetime,
    *,
    rounds: int,
    keep_session: str | None,
    current_ok: bool,
) -> None:
    """Replace the password (`current_ok`: the caller checked `current_password`)."""
    if not current_ok:
        raise WrongPassword()
    if new_password == current_password:
        raise Invalid(
            "Choose a new password.",
            fields={"newPassword": ["Choose a password other than your current one."]},
        )
    set_password(user, new_password, rounds=rounds, field="newPassword")
    tokens.forget(user, PURPOSE)
    revoke_other_sessions(user.id, keep_session, now)
    notifications.account_event(
        notifications.Kind.PASSWORD_CHANGED, user, now, time=isoformat_utc(now)
    )
