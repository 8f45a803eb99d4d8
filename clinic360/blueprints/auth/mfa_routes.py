"""Second factor API: /api/mfa/totp (enrol, confirm, turn off) and /api/login/mfa (the second
step of signing in)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, request
from flask_login import current_user

from clinic360 import throttle
from clinic360.blueprints.auth import bp, mfa, service
from clinic360.blueprints.auth.schemas import (
    MfaCodeSchema,
    PasswordConfirmSchema,
    RecoveryCodesSchema,
    TotpEnrolmentSchema,
    UserSchema,
)
from clinic360.blueprints.auth.sessions import finish_mfa_login, pending_mfa_user
from clinic360.blueprints.notifications import service as notifications
from clinic360.clock import now_utc
from clinic360.errors import Invalid, Unauthorized
from clinic360.extensions import rate_limit
from clinic360.http import login_required
from clinic360.models import User
from clinic360.validation import isoformat_utc


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.post("/mfa/totp")
@bp.response(200, TotpEnrolmentSchema)
@bp.errors(409)
@login_required
def enrol_totp():
    """Start enrolling an authenticator app: its secret and otpauth URI (for a QR code). Not
    active until confirmed; a second call replaces an unconfirmed secret"""
    user = current_user._get_current_object()
    secret, uri = mfa.begin_enrolment(user, issuer=current_app.config["MFA_ISSUER"], now=now_utc())
    return {"secret": secret, "otpauth_uri": uri}


@bp.post("/mfa/totp/confirm")
@bp.arguments(MfaCodeSchema)
@bp.response(200, RecoveryCodesSchema)
@bp.errors(409)
@login_required
def confirm_totp(data: dict[str, Any]):
    """Confirm the app with a code it shows: from now on signing in needs a second factor.
    Answers ten single-use recovery codes, shown this once"""
    user = current_user._get_current_object()
    now = now_utc()
    codes = mfa.confirm_enrolment(user, data["code"], now)
    _tell(user, "on", now)
    return {"recovery_codes": codes}


def _tell(user: User, state: str, now: datetime) -> None:
    notifications.account_event(
        notifications.Kind.SECOND_FACTOR_CHANGED, user, now, state=state, time=isoformat_utc(now)
    )


@bp.delete("/mfa/totp")
@bp.arguments(PasswordConfirmSchema)
@bp.response(204)
@bp.errors(429)
@login_required
def disable_totp(data: dict[str, Any]):
    """Turn the second factor off (the password confirms it); recovery codes are deleted.
    422 wrong_password when the password is not right (counted like a wrong current password
    when changing it)"""
    user = current_user._get_current_object()
    now, address = now_utc(), request.remote_addr
    account = throttle.account_key(user.id)
    throttle.attempt("password", account=account, address=address, now=now)
    rounds = current_app.config["BCRYPT_ROUNDS"]
    if not service.verify_password(data["password"], user.password_hash, rounds):
        raise Invalid(
            "The password is not correct.",
            code="wrong_password",
            fields={"password": ["The password is not correct."]},
        )
    throttle.success("password", account=account, address=address, now=now)
    mfa.disable(user)
    _tell(user, "off", now)


@bp.post("/login/mfa")
@rate_limit(_login_limit, methods=["POST"])
@bp.arguments(MfaCodeSchema)
@bp.response(200, UserSchema)
@bp.errors(401, 429)
def login_mfa(data: dict[str, Any]):
    """The second step of signing in: a code from the app, or an unused recovery code, within
    MFA_PENDING_MINUTES of the password. Each code works once"""
    now = now_utc()
    user = pending_mfa_user(now)
    if user is None:
        raise Unauthorized(
            "Sign in with your password again: the time for the code ran out.",
            code="mfa_login_expired",
        )
    account, address = throttle.account_key(user.id), request.remote_addr
    throttle.attempt("mfa", account=account, address=address, now=now)
    if not mfa.verify(user, data["code"], now):
        raise mfa.InvalidCode()
    throttle.success("mfa", account=account, address=address, now=now)
    finish_mfa_login(user, now)
    return user
