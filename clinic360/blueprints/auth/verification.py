"""Email verification: a self-registered account proves it reads mail at its address by
following the link mailed to it (`{PUBLIC_BASE_URL}/verify-email?token=...`, valid
EMAIL_VERIFY_HOURS). Until then only verification, password reset and "account exists" mail
goes to the address (the gate is in the notifications mailer). Accounts made by an admin, the
CLI, seed-demo and the test factories are verified when made."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from clinic360.blueprints.auth import tokens
from clinic360.blueprints.notifications import service as notifications
from clinic360.errors import Conflict
from clinic360.extensions import db
from clinic360.models import TokenPurpose, User

PURPOSE = TokenPurpose.VERIFY_EMAIL.value


def send_verification(user: User, now: datetime) -> bool:
    """Mail the user a fresh verification link (earlier links stop working); False when there
    is nothing to verify (no address, or already verified)."""
    if not user.email or user.email_verified_at is not None:
        return False
    hours = current_app.config["EMAIL_VERIFY_HOURS"]
    token = tokens.issue(user, PURPOSE, now, timedelta(hours=hours), email=user.email)
    notifications.account_event(
        notifications.Kind.VERIFY_EMAIL, user, now, token=token, hours=hours
    )
    return True


class AlreadyVerified(Conflict):
    code = "email_already_verified"
    message = "Your email address is verified already."


def resend(user: User, now: datetime) -> None:
    if not user.email:
        raise Conflict("Your account has no email address to verify.", code="no_email")
    if not send_verification(user, now):
        raise AlreadyVerified()


def verify(token: str, now: datetime) -> User:
    """Mark the address the token was mailed to as verified (TokenInvalid, TokenUsed or
    TokenExpired otherwise; a token for an address the account no longer has is invalid)."""
    row = tokens.use(token, PURPOSE, now)
    user = db.session.get(User, row.user_id)
    if user is None or not user.email or user.email != row.email:
        raise tokens.TokenInvalid()
    if user.email_verified_at is None:
        user.email_verified_at = now
        notifications.release_held(user, now)
    return user


def address_changed(user: User, now: datetime) -> None:
    """The user's address changed: it is unverified until the new link is followed."""
    user.email_verified_at = None
    tokens.forget(user, PURPOSE)
    send_verification(user, now)
