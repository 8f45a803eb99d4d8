"""How a request finds its user: the session cookie's token must match a live server-side
session, so logging out (or deactivation) ends a session everywhere, copied cookies included."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import login_user, logout_user

from clinic360.blueprints.auth import service
from clinic360.clock import now_utc
from clinic360.errors import Unauthorized, wants_json
from clinic360.extensions import db, login_manager
from clinic360.models import User

SESSION_TOKEN_KEY = "sid"  # noqa: S105 - a session key name, not a secret
LAST_SEEN_RESOLUTION = timedelta(minutes=5)


class CookieSessionInterface(SecureCookieSessionInterface):
    """Marks the cookie Secure whenever the request came over HTTPS, not only when configured."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def open_session(user: User) -> None:
    """Log the user in on a fresh session: nothing of the previous one survives. The
    server-side row is written with the request's transaction."""
    session.clear()
    token = service.start_session(
        user,
        now=now_utc(),
        lifetime=current_app.permanent_session_lifetime,
        ip=request.remote_addr,
        user_agent=request.user_agent.string,
    )
    session.permanent = True
    session[SESSION_TOKEN_KEY] = token
    login_user(user)


def end_session() -> None:
    """Revoke this request's server-side session and clear the cookie."""
    token = session.get(SESSION_TOKEN_KEY)
    if token:
        service.revoke_session(token, now_utc())
    logout_user()
    session.clear()


def load_user(user_id: str) -> User | None:
    token = session.get(SESSION_TOKEN_KEY)
    if not token:
        return None
    now = now_utc()
    record = service.live_session(token, user_id, now)
    if record is None:
        session.clear()
        return None
    if now - record.last_seen_at > LAST_SEEN_RESOLUTION:
        # Committed at once: the session stays alive however the request ends (a page of the
        # admin console, or an API answer that is rolled back).
        record.last_seen_at = now
        db.session.commit()
    return record.user


def unauthorized():
    if wants_json():
        raise Unauthorized()
    return redirect(url_for("spa.index", path="login", next=request.full_path.rstrip("?")))


def init_sessions(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
