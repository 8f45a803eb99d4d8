"""Single-use account tokens (reset and verification links): 256 random bits, mailed once,
kept only as their SHA-256. A new token of a purpose replaces the user's unused ones, so only
the latest link works."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm.attributes import set_committed_value

from clinic360.errors import BadRequest
from clinic360.extensions import db
from clinic360.models import AccountToken, User

TOKEN_MAX_CHARS = 128


class TokenInvalid(BadRequest):
    code = "invalid_token"
    message = "This link is not valid. Ask for a new one."


class TokenUsed(BadRequest):
    code = "token_used"
    message = "This link has been used already. Ask for a new one if you need it."


class TokenExpired(BadRequest):
    code = "token_expired"
    message = "This link has expired. Ask for a new one."


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(
    user: User, purpose: str, now: datetime, lifetime: timedelta, *, email: str | None = None
) -> str:
    """A fresh token for `user`; their earlier unused tokens of this purpose stop working."""
    db.session.execute(
        delete(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(token),
            email=email,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    db.session.flush()
    return token


def find(token: str, purpose: str) -> AccountToken | None:
    """The token's row, or None when no such token exists."""
    if not token or len(token) > TOKEN_MAX_CHARS or not token.isascii():
        return None
    return db.session.scalars(
        select(AccountToken).where(
            AccountToken.token_hash == hash_token(token), AccountToken.purpose == purpose
        )
    ).first()


def use(token: str, purpose: str, now: datetime) -> AccountToken:
    """Mark the token used and return it; TokenInvalid, TokenUsed or TokenExpired otherwise.

    Spent with one conditional UPDATE, so of two uses at once exactly one wins on every
    database (a row lock would be no lock on SQLite): the other finds the row used."""
    row = find(token, purpose)
    if row is None:
        raise TokenInvalid()
    if row.used_at is not None:
        raise TokenUsed()
    if row.expires_at <= now:
        raise TokenExpired()
    spent = db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.id == row.id,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise TokenUsed()  # spent (or replaced by a newer link) a moment ago
    set_committed_value(row, "used_at", now)
    return row


def forget(user: User, purpose: str) -> None:
    """Every unused token of this purpose stops working (the password or address changed)."""
    db.session.execute(
        delete(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
    )
