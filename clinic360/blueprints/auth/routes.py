"""Session auth API: /api/csrf, /api/register, /api/login, /api/logout, /api/user and
/api/user/state."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from clinic360 import throttle
from clinic360.blueprints.auth import bp, service
from clinic360.blueprints.auth.account_schemas import VerificationSentSchema
from clinic360.blueprints.auth.schemas import (
    CsrfSchema,
    LoginSchema,
    MfaRequiredSchema,
    RegisterSchema,
    RegistrationPendingSchema,
    UserSchema,
    UserStateSchema,
)
from clinic360.blueprints.auth.sessions import begin_mfa_login, end_session, open_session
from clinic360.clock import now_utc
from clinic360.extensions import rate_limit
from clinic360.http import login_required, signed_in_user
from clinic360.models import Role
from clinic360.read_only import read_only


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


@bp.get("/csrf")
@bp.response(200, CsrfSchema)
def csrf_token():
    """A CSRF token for this session"""
    return {"csrf_token": generate_csrf()}


@bp.post("/register")
@rate_limit(_register_limit, methods=["POST"])
@bp.arguments(RegisterSchema)
@bp.response(201, UserSchema)
@bp.doc(
    responses={
        201: {
            "description": "A patient: the new user, logged in. A doctor: the application, "
            "pending verification (not logged in). Both are mailed a verification link.",
            "content": {
                "application/json": {"schema": {"oneOf": [UserSchema, RegistrationPendingSchema]}}
            },
        },
        202: {
            "description": "A patient whose email address has an account already: nothing is "
            "made and nobody is logged in; the address's owner is mailed instead. (A doctor "
            "gets the same 201 as a new application.)",
            "content": {"application/json": {"schema": VerificationSentSchema}},
        },
    }
)
@bp.errors(409, 429)
def register(data: dict[str, Any]):
    """Register: a patient is logged in at once, a doctor's application awaits verification.
    An email address that has an account is never said to be taken: its owner gets a mail.
    (409 account_exists remains for a taken phone number, which cannot be told by mail.)"""
    user = service.register(data, rounds=current_app.config["BCRYPT_ROUNDS"], now=now_utc())
    if data["role"] == Role.DOCTOR:
        # The other documented answers: dumped here, not with UserSchema.
        return jsonify(RegistrationPendingSchema().dump({"status": "pending_verification"})), 201
    if user is None:
        return jsonify(VerificationSentSchema().dump({"status": "verification_sent"})), 202
    open_session(user)
    return user


@bp.post("/login")
@rate_limit(_login_limit, methods=["POST"])
@bp.arguments(LoginSchema)
@bp.response(200, UserSchema)
@bp.doc(
    responses={
        200: {
            "description": "The user, logged in; or, when the account has a second factor, "
            "`mfaRequired` (not logged in until POST /api/login/mfa).",
            "content": {"application/json": {"schema": {"oneOf": [UserSchema, MfaRequiredSchema]}}},
        }
    }
)
@bp.errors(401, 429)
def login(data: dict[str, Any]):
    """Log in with email or phone (doctors: and employee ID); with a second factor on, the
    code follows at POST /api/login/mfa"""
    now, address = now_utc(), request.remote_addr
    found = service.find_by_identifier(data["identifier"])
    # One count per account, whichever identifier (email or phone) is used; unknown
    # identifiers are counted (and answered) alike. Reserved before the password is checked.
    account = throttle.account_key(found.id if found else data["identifier"])
    throttle.attempt("login", account=account, address=address, now=now)
    user = service.check_credentials(
        found, data["password"], data["employee_id"], rounds=current_app.config["BCRYPT_ROUNDS"]
    )
    throttle.success("login", account=account, address=address, now=now)
    if user.mfa_enabled:
        begin_mfa_login(user, now)
        # The other of the two documented answers: dumped here, not with UserSchema.
        return jsonify(MfaRequiredSchema().dump({"mfa_required": True})), 200
    open_session(user)
    return user


@bp.post("/logout")
@bp.response(204)
@login_required
def logout():
    """Log out: the session ends on the server"""
    end_session()


@bp.get("/user")
@read_only
@bp.response(200, UserSchema)
@login_required
def user():
    """The current user"""
    return signed_in_user()


@bp.get("/user/state")
@read_only
@bp.response(200, UserStateSchema)
def user_state():
    """Who is signed in: the current user (as GET /api/user answers), or null when nobody is;
    never 401, and an anonymous caller gets no cookie"""
    return {"user": signed_in_user() if current_user.is_authenticated else None}
