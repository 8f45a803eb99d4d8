"""Session auth API: /api/csrf, /api/register, /api/login, /api/logout, /api/user."""

from __future__ import annotations

from flask import current_app, jsonify, request, session
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from clinic360.blueprints.auth import bp, service
from clinic360.blueprints.auth.schemas import CsrfSchema, LoginSchema, RegisterSchema, UserSchema
from clinic360.clock import now_utc
from clinic360.extensions import db, limiter
from clinic360.http import load, login_required
from clinic360.models import Role, User
from clinic360.openapi import doc

SESSION_TOKEN_KEY = "sid"  # noqa: S105 - a session key name, not a secret


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def _open_session(user: User) -> None:
    """Log the user in on a fresh session: nothing of the previous one survives."""
    now = now_utc()
    session.clear()
    token = service.start_session(
        user,
        now=now,
        lifetime=current_app.permanent_session_lifetime,
        ip=request.remote_addr,
        user_agent=request.user_agent.string,
    )
    db.session.commit()
    session.permanent = True
    session[SESSION_TOKEN_KEY] = token
    login_user(user)


@bp.get("/csrf")
@doc("A CSRF token for this session", auth=False, response=CsrfSchema)
def csrf_token():
    return jsonify(csrfToken=generate_csrf())


@bp.post("/register")
@doc(
    "Register: a patient is logged in at once, a doctor's application awaits verification",
    body=RegisterSchema,
    response=UserSchema,
    status=201,
    errors=(409, 429),
    auth=False,
)
@limiter.limit(_register_limit, methods=["POST"])
def register():
    data = load(RegisterSchema())
    user = service.register(data, rounds=current_app.config["BCRYPT_ROUNDS"], now=now_utc())
    db.session.commit()
    if user.role == Role.DOCTOR:
        return jsonify(status="pending_verification"), 201
    _open_session(user)
    return jsonify(UserSchema().dump(user)), 201


@bp.post("/login")
@doc(
    "Log in with email or phone (doctors: and employee ID)",
    body=LoginSchema,
    response=UserSchema,
    errors=(429,),
    auth=False,
)
@limiter.limit(_login_limit, methods=["POST"])
def login():
    data = load(LoginSchema())
    user = service.authenticate(
        data["identifier"],
        data["password"],
        data.get("employee_id"),
        rounds=current_app.config["BCRYPT_ROUNDS"],
    )
    _open_session(user)
    return jsonify(UserSchema().dump(user))


@bp.post("/logout")
@doc("Log out: the session ends on the server", status=204)
@login_required
def logout():
    token = session.get(SESSION_TOKEN_KEY)
    if token:
        service.revoke_session(token, now_utc())
        db.session.commit()
    logout_user()
    session.clear()
    return "", 204


@bp.get("/user")
@doc("The current user", response=UserSchema)
@login_required
def user():
    return jsonify(UserSchema().dump(current_user))
