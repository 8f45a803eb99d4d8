"""How a request finds its user: the session cookie's token must match a live server-side
session, so logging out (or deactivation, a password reset, a revocation) ends a session
everywhere, copied cookies included. A session idle for SESSION_IDLE_MINUTES is dead.

Also here: the half-logged-in state between a correct password and the second factor, the
device cookie that tells a new device from a known one, and the gate that keeps a user who
must enrol a second factor (REQUIRE_MFA_ROLES) to enrolment."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from flask import (
    Flask,
    Response,
    after_this_request,
    current_app,
    g,
    redirect,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_user, logout_user
from itsdangerous import URLSafeTimedSerializer

from clinic360.blueprints.auth import session_store as store
from clinic360.clock import now_utc
from clinic360.errors import Forbidden, Unauthorized, wants_json
from clinic360.extensions import db, login_manager
from clinic360.models import User
from clinic360.models.auth_session import hash_token

SESSION_TOKEN_KEY = "sid"  # noqa: S105 - a session key name, not a secret
MFA_PENDING_KEY = "mfa_pending"
# The role the session was opened for: who is asking is then read with that role's profile
# only (session_store.live_session).
ROLE_KEY = "role"
# last_seen_at is written at most this often per session (one cheap UPDATE), so a session is
# ended at most this much before its exact idle limit.
LAST_SEEN_RESOLUTION = timedelta(seconds=30)
# Requests the app makes on its own (polls) send this header: they do not keep a session alive.
BACKGROUND_HEADER = "X-Background-Request"
DEVICE_COOKIE = "clinic360_device"
DEVICE_COOKIE_DAYS = 400  # the longest browsers keep a cookie
DEVICE_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


class CookieSessionInterface(SecureCookieSessionInterface):
    """Marks the cookie Secure whenever the request came over HTTPS, not only when configured;
    makes its signing serializer once per set of keys (Flask makes one on every request)."""

    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], URLSafeTimedSerializer | None] = {}

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def open_session(user: User) -> None:
    """Log the user in on a fresh session: nothing of the previous one survives, its
    server-side session included. The new row (and a new-device mail) is written with the
    request's transaction."""
    now = now_utc()
    _replace_session(now)
    token = store.start_session(
        user,
        now=now,
        lifetime=current_app.permanent_session_lifetime,
        ip=request.remote_addr,
        user_agent=request.user_agent.string,
        device=_device_token(),
    )
    session.permanent = True
    session[SESSION_TOKEN_KEY] = token
    session[ROLE_KEY] = str(user.role)
    login_user(user)


def _replace_session(now: datetime) -> None:
    """Before this browser signs in anew: end the server-side session it holds (whoever's it
    is), so that a copy of the earlier cookie is worth nothing, and clear the cookie."""
    token = session.get(SESSION_TOKEN_KEY)
    if isinstance(token, str) and token:
        store.revoke_session(token, now)
    logout_user()
    session.clear()


def end_session() -> None:
    """Revoke this request's server-side session and clear the cookie. A sign-in of the user
    waiting for its second factor (in any browser) is void from now on."""
    now = now_utc()
    if current_user.is_authenticated:
        store.forget_pending_sign_in(current_user.id)
    _replace_session(now)


def current_session_token() -> str | None:
    return session.get(SESSION_TOKEN_KEY)


def current_session_id() -> int | None:
    """The id of the server-side session this request was authenticated by."""
    current_user._get_current_object()  # loads the user (and the session) if not done yet
    return g.get("auth_session_id")


# --- Second factor, between password and code ---------------------------------------------


class MfaLoginExpired(Unauthorized):
    code = "mfa_login_expired"
    message = "Sign in with your password again: the time for the code ran out."


def begin_mfa_login(user: User, now: datetime) -> None:
    """The password was right and a second factor is on: nobody is logged in yet. The cookie
    remembers who, and a one-time nonce whose hash the server keeps with the time (on the
    user's credential, replacing an earlier one): a copy of this cookie is void once the code
    was given, the user signed out, or a newer password step began."""
    _replace_session(now)
    nonce = store.begin_pending_sign_in(user, now)
    session[MFA_PENDING_KEY] = {
        "user": user.id,
        "nonce": nonce,
        "at": now.timestamp(),
        "password": _password_mark(user),
    }


def _password_mark(user: User) -> str:
    """A short digest of the password hash: a password changed or reset since the first step
    makes the pending sign-in void."""
    return hash_token(user.password_hash)[:16]


def _pending_since(now: datetime) -> datetime:
    """Password steps before this are too old for their code."""
    return now - timedelta(minutes=current_app.config["MFA_PENDING_MINUTES"])


def pending_mfa_user(now: datetime) -> User | None:
    """The user whose password was right less than MFA_PENDING_MINUTES ago in this browser,
    still active, with this browser's pending sign-in not yet spent nor replaced."""
    pending = session.get(MFA_PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    user_id, at, nonce = pending.get("user"), pending.get("at"), pending.get("nonce")
    if not isinstance(user_id, int) or not isinstance(at, int | float):
        return None
    since = _pending_since(now)
    if not isinstance(nonce, str) or not since.timestamp() < at <= now.timestamp():
        session.pop(MFA_PENDING_KEY, None)
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or pending.get("password") != _password_mark(user):
        return None
    if not store.pending_sign_in_matches(user, nonce, since):
        return None
    return user


def finish_mfa_login(user: User, now: datetime) -> None:
    """The code was right: spend this browser's pending sign-in (once: of two requests with
    the same cookie, one wins) and log the user in."""
    nonce = (session.get(MFA_PENDING_KEY) or {}).get("nonce")
    if not isinstance(nonce, str) or not store.spend_pending_sign_in(
        user.id, nonce, _pending_since(now)
    ):
        raise MfaLoginExpired()
    open_session(user)


# --- The device cookie ---------------------------------------------------------------------


def _device_token() -> str:
    """This browser's device token: the one its cookie holds, or a new one set on the answer.
    A random value, so a device is known only to a browser that was really used before (a
    user agent string is shared by millions of browsers and changes with every update)."""
    token = request.cookies.get(DEVICE_COOKIE, "")
    if DEVICE_TOKEN.fullmatch(token):
        return token
    token = store.new_device_token()

    @after_this_request
    def set_cookie(response: Response) -> Response:
        response.set_cookie(
            DEVICE_COOKIE,
            token,
            max_age=int(timedelta(days=DEVICE_COOKIE_DAYS).total_seconds()),
            secure=bool(current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure),
            httponly=True,
            samesite="Lax",
        )
        return response

    return token


# --- Each request ---------------------------------------------------------------------------


def load_user(user_id: str) -> User | None:
    token = session.get(SESSION_TOKEN_KEY)
    if not token:
        return None
    now = now_utc()
    role = session.get(ROLE_KEY)
    record = store.live_session(token, user_id, now, idle=idle_limit(), role=role)
    if record is None:
        session.clear()
        return None
    g.auth_session_id = record.id
    if now - record.last_seen_at >= LAST_SEEN_RESOLUTION and not request.headers.get(
        BACKGROUND_HEADER
    ):
        # Committed at once: the session stays alive however the request ends (a page of the
        # admin console, or an API answer that is rolled back).
        store.touch_session(record.id, now, LAST_SEEN_RESOLUTION)
        _commit_keeping_loaded()
    return record.user


def _commit_keeping_loaded() -> None:
    """Commit without expiring what is loaded: the session holds only the rows this loader
    read a moment ago, and reloading them would cost three queries for one UPDATE."""
    current = db.session()
    current.expire_on_commit = False
    try:
        current.commit()
    finally:
        current.expire_on_commit = True


def unauthorized():
    if wants_json():
        raise Unauthorized()
    return redirect(url_for("spa.index", path="login", next=request.full_path.rstrip("?")))


class MfaEnrollmentRequired(Forbidden):
    code = "mfa_enrollment_required"
    message = "Set up two-step sign-in before you go on."


ANY_METHOD = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})
READ = frozenset({"GET", "HEAD"})
# What a user who must still enrol a second factor may use: their own account, enrolment,
# sessions, password and address verification, and signing in and out.
OPEN_DURING_ENROLMENT: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern), methods)
    for pattern, methods in (
        (r"/api/(user|user/state|csrf)", READ),
        (r"/api/logout", frozenset({"POST"})),
        (r"/api/login(/mfa)?", frozenset({"POST"})),
        (r"/api/mfa/totp(/confirm)?", ANY_METHOD),
        (r"/api/sessions(/[^/]+)?", READ | {"DELETE"}),
        (r"/api/password", frozenset({"PUT"})),
        (r"/api/email/verify(/resend)?", ANY_METHOD),
    )
)


def open_during_enrolment(method: str, path: str) -> bool:
    return method == "OPTIONS" or any(
        pattern.fullmatch(path) and method in methods for pattern, methods in OPEN_DURING_ENROLMENT
    )


def require_mfa_enrolment() -> Any:
    """before_request: a user whose role must have a second factor and has none gets 403
    mfa_enrollment_required from the API (but for the endpoints above), and the admin console
    sends them to the security page. One hook for every route, present and future."""
    path = request.path
    console = path == "/admin" or path.startswith("/admin/")
    if not (console or path.startswith("/api/")):
        return None
    roles = current_app.config["REQUIRE_MFA_ROLES"]
    if not roles or not current_user.is_authenticated:
        return None
    if not current_user.needs_mfa_enrolment(roles):
        return None
    if console:
        return redirect("/security")
    if open_during_enrolment(request.method, path):
        return None
    raise MfaEnrollmentRequired()


def _remember_cookie_only_when_sent(app: Flask) -> None:
    """Flask-Login looks into the session after every request for its remember-me cookie, and
    a look is enough for Flask to add `Vary: Cookie`, even to answers that never read the
    cookie (assets, public lists). Nothing here asks to be remembered, so that hook has work
    only when a browser sends such a cookie (it is cleared at sign-out): run it only then."""
    hooks = app.after_request_funcs.setdefault(None, [])
    original = login_manager._update_remember_cookie
    cookie = app.config.get("REMEMBER_COOKIE_NAME", "remember_token")

    def update_remember_cookie(response: Response) -> Response:
        if cookie in request.cookies:
            return original(response)
        return response

    hooks[hooks.index(original)] = update_remember_cookie


def init_sessions(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
    # Flask-Login's own protection marks a session not fresh when the address or User-Agent
    # changes, which nothing here reads: the server-side session decides (above). It cost a
    # SHA-512 on every request and a new signed cookie whenever either changed.
    login_manager.session_protection = None
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    app.before_request(require_mfa_enrolment)
    _remember_cookie_only_when_sent(app)
