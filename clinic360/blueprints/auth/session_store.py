"""Server-side sessions: start, find the live one, keep it alive, list and revoke; and telling
a new device from a known one. Plain arguments in; nothing here reads the request or commits.

A session is live while it is neither revoked nor expired and was used within the idle limit
(SESSION_IDLE_MINUTES). A device is a browser's device cookie (a random token, kept here only
as its SHA-256): a sign-in from a device no earlier session of the account used, on an account
that has signed in before, is a new device and the owner is told.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, exists, inspect, select, update
from sqlalchemy.orm import joinedload, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from clinic360.blueprints.notifications import service as notifications
from clinic360.extensions import db
from clinic360.models import AuthSession, Role, TotpCredential, User
from clinic360.models.auth_session import hash_token, session_is_live


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def start_session(
    user: User,
    *,
    now: datetime,
    lifetime: timedelta,
    ip: str | None,
    user_agent: str | None,
    device: str | None = None,
) -> str:
    """Record a new server-side session and return its token (kept only in the cookie)."""
    token = secrets.token_urlsafe(32)
    device_hash = hash_token(device) if device else None
    record = AuthSession(
        user_id=user.id,
        token_hash=hash_token(token),
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        ip_address=(ip or "")[:45] or None,
        user_agent=(user_agent or "")[:255] or None,
        device_hash=device_hash,
    )
    if _is_new_device(user.id, device_hash):
        notifications.account_event(
            "new_sign_in",
            user,
            now,
            time=_local_time(user, now),
            device=_describe(record.user_agent),
            address=record.ip_address or "unknown",
        )
    db.session.add(record)
    user.last_login_at = now
    return token


def _is_new_device(user_id: int, device_hash: str | None) -> bool:
    """Whether the account has had sessions before, none of them on this device."""
    ever = db.session.scalar(select(exists().where(AuthSession.user_id == user_id)))
    if not ever:
        return False  # the first sign-in of an account (or its registration) is no news
    if device_hash is None:
        return True
    known = exists().where(AuthSession.user_id == user_id, AuthSession.device_hash == device_hash)
    return not db.session.scalar(select(known))


def _describe(user_agent: str | None) -> str:
    """The browser as the mail names it: its user agent, cut short, on one line."""
    text = "".join(ch if ch.isprintable() else " " for ch in (user_agent or "")).strip()
    return (text[:120] + "…" if len(text) > 120 else text) or "an unknown browser"


def _local_time(user: User, now: datetime) -> str:
    """The time in the user's own zone (UTC when they have none), the zone named."""
    zone = user.timezone or "UTC"
    try:
        local = now.astimezone(ZoneInfo(zone))
    except (KeyError, ValueError):
        zone, local = "UTC", now
    return f"{local:%Y-%m-%d %H:%M} ({zone})"


def _live(now: datetime, idle: timedelta):
    return (
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > now,
        AuthSession.last_seen_at > now - idle,
    )


@dataclass(frozen=True)
class LiveSession:
    id: int
    last_seen_at: datetime
    user: User


# The profile each role has. A session opened for a role (sign-in keeps it in the signed
# cookie) reads only that profile with the user; the other is known to be absent without a
# query, since a role is given when an account is made and never changes. Should a user turn
# out to hold another role, their own profile is read when it is used.
PROFILE_OF_ROLE = {Role.PATIENT: User.patient_profile, Role.DOCTOR: User.doctor_profile}
ROLES = frozenset(Role)


@functools.cache
def _session_by_token(role: Role | None) -> Any:
    """The statement of :func:`live_session` for sessions opened for `role` (None: not known),
    built once (its loader options cost more to build than the query takes to run). The
    session's columns and the user, their second factor and profile come in one query; the
    ORM makes objects of the user's rows only (the loading plan of each joined object costs
    more than its row)."""
    own = PROFILE_OF_ROLE.get(role) if role is not None else None
    profiles = [
        joinedload(profile) if role is None or profile is own else lazyload(profile)
        for profile in PROFILE_OF_ROLE.values()
    ]
    return (
        select(
            AuthSession.id,
            AuthSession.user_id,
            AuthSession.revoked_at,
            AuthSession.expires_at,
            AuthSession.last_seen_at,
            User,
        )
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.token_hash == bindparam("token_hash"))
        .options(joinedload(User.totp), *profiles)
    )


def live_session(
    token: str, user_id: str | int, now: datetime, *, idle: timedelta, role: Any = None
) -> LiveSession | None:
    """The live session holding `token`, of the user `user_id`, who must be active. `role`: the
    role the session was opened for, if known."""
    role = Role(role) if isinstance(role, str) and role in ROLES else None
    row = db.session.execute(_session_by_token(role), {"token_hash": hash_token(token)}).first()
    if row is None or str(row.user_id) != str(user_id):
        return None
    if not session_is_live(row.revoked_at, row.expires_at, row.last_seen_at, now, idle):
        return None
    user = row.User
    if role is not None and user.role == role:
        unloaded = inspect(user).unloaded
        for profile in PROFILE_OF_ROLE.values():
            if profile.key in unloaded:  # another role's: there is none
                set_committed_value(user, profile.key, None)
    if not user.is_active:
        return None
    return LiveSession(row.id, row.last_seen_at, user)


def touch_session(session_id: int, now: datetime, resolution: timedelta) -> None:
    """Mark a session used now: one UPDATE, skipped by the database when another request of
    the same session wrote it within `resolution`."""
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.last_seen_at <= now - resolution)
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )


# The contract answers the sessions as a plain list: it is bounded here instead of paged (live
# sessions are those used within the idle limit, so more than this means sign-ins by a script,
# which "sign out all other devices" ends at once).
MAX_LISTED_SESSIONS = 100


def live_sessions(user_id: int, now: datetime, *, idle: timedelta) -> list[AuthSession]:
    """The user's live sessions, newest first (at most MAX_LISTED_SESSIONS)."""
    return list(
        db.session.scalars(
            select(AuthSession)
            .where(AuthSession.user_id == user_id, *_live(now, idle))
            .order_by(AuthSession.created_at.desc(), AuthSession.id.desc())
            .limit(MAX_LISTED_SESSIONS)
            .options(lazyload(AuthSession.user))  # all the caller's own: nothing to load
        )
    )


def revoke_own_session(user_id: int, session_id: int, now: datetime, *, idle: timedelta) -> bool:
    """End one of the user's live sessions; False when there is no such live session of theirs."""
    result = db.session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.user_id == user_id, *_live(now, idle))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def revoke_other_sessions(user_id: int, keep_token: str | None, now: datetime) -> None:
    """End every session of the user but the one holding `keep_token`."""
    stmt = update(AuthSession).where(
        AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
    )
    if keep_token:
        stmt = stmt.where(AuthSession.token_hash != hash_token(keep_token))
    db.session.execute(stmt.values(revoked_at=now).execution_options(synchronize_session=False))


def revoke_session(token: str, now: datetime) -> None:
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.token_hash == hash_token(token), AuthSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_all_sessions(user_id: int, now: datetime) -> None:
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


# --- A sign-in waiting for its second factor -----------------------------------------------


def begin_pending_sign_in(user: User, now: datetime) -> str:
    """A one-time nonce for a browser whose password step succeeded; only its hash is kept,
    on the user's credential, replacing any earlier pending sign-in."""
    nonce = secrets.token_urlsafe(32)
    credential = user.totp
    assert credential is not None  # only users with a second factor get here
    credential.pending_login_hash = hash_token(nonce)
    credential.pending_login_at = now
    return nonce


def pending_sign_in_matches(user: User, nonce: str, since: datetime) -> bool:
    """Whether `nonce` is the user's pending sign-in, begun after `since`."""
    credential = user.totp
    if credential is None or not credential.is_active or not nonce.isascii():
        return False
    kept, at = credential.pending_login_hash, credential.pending_login_at
    return bool(kept and at and at > since and hmac.compare_digest(kept, hash_token(nonce)))


def spend_pending_sign_in(user_id: int, nonce: str, since: datetime) -> bool:
    """Spend the pending sign-in: one conditional UPDATE, True for the one request that did."""
    if not nonce.isascii():
        return False
    result = db.session.execute(
        update(TotpCredential)
        .where(
            TotpCredential.user_id == user_id,
            TotpCredential.pending_login_hash == hash_token(nonce),
            TotpCredential.pending_login_at > since,
        )
        .values(pending_login_hash=None, pending_login_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def forget_pending_sign_in(user_id: int) -> None:
    """The user signed out: a sign-in of theirs waiting for its code is void."""
    db.session.execute(
        update(TotpCredential)
        .where(TotpCredential.user_id == user_id, TotpCredential.pending_login_hash.is_not(None))
        .values(pending_login_hash=None, pending_login_at=None)
        .execution_options(synchronize_session=False)
    )
