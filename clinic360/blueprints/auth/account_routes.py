"""Account recovery API: /api/password/forgot, /api/password/reset, PUT /api/password,
/api/email/verify and /api/email/verify/resend.

Throttling (clinic360.throttle): forgot and resend count requests per account and per address
(scopes "reset" and "verify"); reset and verification tokens are attempts of the address,
current passwords attempts of the account and address (scope "password"), each reserved
before it is checked and given back when it was right."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_login import current_user

from clinic360 import throttle
from clinic360.blueprints.auth import bp, passwords, service, verification
from clinic360.blueprints.auth.account_schemas import (
    AcceptedSchema,
    ChangePasswordSchema,
    ForgotPasswordSchema,
    ResetPasswordSchema,
    VerifyEmailSchema,
)
from clinic360.blueprints.auth.sessions import current_session_token, end_session
from clinic360.blueprints.auth.tokens import TokenInvalid, TokenUsed
from clinic360.clock import now_utc
from clinic360.http import login_required

HOUR = 3600
FORGOT_PER_ACCOUNT_HOUR = 5
FORGOT_PER_ADDRESS_HOUR = 30
RESEND_PER_ACCOUNT_HOUR = 5
ACCEPTED = {"status": "accepted"}


def _rounds() -> int:
    return current_app.config["BCRYPT_ROUNDS"]


@bp.post("/password/forgot")
@bp.arguments(ForgotPasswordSchema)
@bp.response(202, AcceptedSchema)
@bp.errors(429)
def forgot_password(data: dict[str, Any]):
    """Ask for a password reset link: 202 whether or not the account exists; the link goes to
    the account's verified email address and works once, within PASSWORD_RESET_MINUTES"""
    now, address = now_utc(), request.remote_addr
    account = throttle.account_key(data["identifier"])
    throttle.hit(
        "reset", account=account, now=now, limit=FORGOT_PER_ACCOUNT_HOUR, window_seconds=HOUR
    )
    throttle.hit(
        "reset", address=address, now=now, limit=FORGOT_PER_ADDRESS_HOUR, window_seconds=HOUR
    )
    passwords.forgot(service.find_by_identifier(data["identifier"]), now)
    return ACCEPTED


@bp.post("/password/reset")
@bp.arguments(ResetPasswordSchema)
@bp.response(204)
@bp.errors(400, 429)
def reset_password(data: dict[str, Any]):
    """Choose a new password with the mailed token: every session of the account ends and its
    sign-in lock (if any) is lifted. 400 invalid_token, token_used or token_expired; 422 when
    the password is refused"""
    now, address = now_utc(), request.remote_addr
    throttle.attempt("reset", address=address, now=now)
    try:
        user = passwords.reset(data["token"], data["password"], now, rounds=_rounds())
    except (TokenInvalid, TokenUsed):
        raise  # a wrong guess: its attempt stays counted
    except Exception:
        throttle.success("reset", address=address, now=now)  # not a guess: given back
        raise
    throttle.success("reset", address=address, now=now)
    # The guesses that locked sign-in were against a password that no longer exists.
    throttle.success("login", account=throttle.account_key(user.id), now=now)
    if current_user.is_authenticated and current_user.id == user.id:
        end_session()


@bp.put("/password")
@bp.arguments(ChangePasswordSchema)
@bp.response(204)
@bp.errors(429)
@login_required
def change_password(data: dict[str, Any]):
    """Change your password (the current one confirms it): every other session ends.
    422 wrong_password when the current password is not right (counted like failed logins)"""
    user = current_user._get_current_object()
    now, address = now_utc(), request.remote_addr
    account = throttle.account_key(user.id)
    throttle.attempt("password", account=account, address=address, now=now)
    current_ok = service.verify_password(data["current_password"], user.password_hash, _rounds())
    if current_ok:
        throttle.success("password", account=account, address=address, now=now)
    passwords.change(
        user,
        data["current_password"],
        data["new_password"],
        now,
        rounds=_rounds(),
        keep_session=current_session_token(),
        current_ok=current_ok,
    )


@bp.post("/email/verify")
@bp.arguments(VerifyEmailSchema)
@bp.response(204)
@bp.errors(400, 429)
def verify_email(data: dict[str, Any]):
    """Confirm an email address with the token from the verification mail.
    400 invalid_token, token_used or token_expired"""
    now, address = now_utc(), request.remote_addr
    throttle.attempt("verify", address=address, now=now)
    verification.verify(data["token"], now)  # a wrong token (400) stays counted
    throttle.success("verify", address=address, now=now)


@bp.post("/email/verify/resend")
@bp.response(202, AcceptedSchema)
@bp.errors(409, 429)
@login_required
def resend_verification():
    """Mail yourself a new verification link (the earlier ones stop working).
    409 email_already_verified, or no_email for an account without an address"""
    user = current_user._get_current_object()
    now = now_utc()
    throttle.hit(
        "verify",
        account=throttle.account_key(user.id),
        now=now,
        limit=RESEND_PER_ACCOUNT_HOUR,
        window_seconds=HOUR,
    )
    verification.resend(user, now)
    return ACCEPTED
