"""Throttling of sign-in and other abusable requests, shared by every worker process.

Two kinds of counters, per scope ("login", "mfa", "password", "reset", "verify", "booking"):

- attempts at a guess (a password, a code, a token): THROTTLE_ACCOUNT_FAILURES failed attempts
  of one account (whatever the address) or THROTTLE_ADDRESS_FAILURES of one address (whatever
  the account) within THROTTLE_WINDOW_SECONDS lock it for THROTTLE_LOCK_SECONDS: 429 with
  Retry-After until then, whatever the guess. `attempt` reserves the attempt *before* the
  guess is checked (atomically, in every worker), so parallel guesses cannot slip past the
  limit; `success` then clears the account's count and gives the address its attempt back
  (a busy shared address is not charged for its successful sign-ins). `check` + `failure`
  (count after the check) remain for guesses that cannot be reserved first;
- requests (`hit`): more than `limit` requests of one account or address within
  `window_seconds` answer 429.

Counters live in clinic360.throttle_store (Redis, or the database without it) and are written
outside the request's transaction, so the failure of a request that is rolled back still
counts. On SQLite, where a second writer waits for the request's own write lock, a request
that has already written gets its counts once its transaction has ended (and `attempt` falls
back to check-then-count). `hit` writes at once: call it before the request writes anything.

Accounts and addresses are stored as keyed hashes, never in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from redis.exceptions import RedisError

from clinic360 import throttle_store as store
from clinic360.errors import TooManyRequests
from clinic360.validation import normalize_email, normalize_phone

LOCKED_MESSAGE = "Too many attempts. Please wait and try again later."
HIT_MESSAGE = "Too many requests. Please wait and try again later."


# --- Keys ---------------------------------------------------------------------------------


def _digest(value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()[:48]


def account_key(identifier_or_user_id: str | int) -> str:
    """The key of an account: a user id, or a sign-in identifier (email or phone) normalised,
    so that spellings of one identifier share one counter. Unknown accounts get keys too."""
    if isinstance(identifier_or_user_id, int):
        return "user:" + str(identifier_or_user_id)
    text = str(identifier_or_user_id).strip()
    try:
        normal = normalize_email(text) if "@" in text else normalize_phone(text)
    except Exception:  # an unparseable identifier still gets its own counter
        normal = text.casefold()
    return "id:" + _digest(normal)


def _counter_key(kind: str, value: str) -> str:
    return f"{kind}:{_digest(value)}"


def _keys(kind: str, account: str | None, address: str | None) -> list[str]:
    keys = []
    if account:
        keys.append(_counter_key(kind + "a", account))
    if address:
        keys.append(_counter_key(kind + "i", address))
    return keys


# --- The API ------------------------------------------------------------------------------


def _limits(account: str | None, address: str | None) -> list[tuple[str, int]]:
    config, counts = current_app.config, []
    if account:
        counts.append((_counter_key("fa", account), config["THROTTLE_ACCOUNT_FAILURES"]))
    if address:
        counts.append((_counter_key("fi", address), config["THROTTLE_ADDRESS_FAILURES"]))
    return counts


def _periods() -> tuple[int, int]:
    config = current_app.config
    return config["THROTTLE_WINDOW_SECONDS"], config["THROTTLE_LOCK_SECONDS"]


def attempt(
    scope: str, *, account: str | None = None, address: str | None = None, now: datetime
) -> None:
    """Reserve one attempt of the account and of the address before the guess is checked:
    TooManyRequests (nothing counted) while either is locked, or when this attempt is one
    more than the limit (which locks it). A failed guess needs nothing more; call `success`
    after a right one."""
    counts = _limits(account, address)
    if not counts:
        return
    at, (window, lock) = now.timestamp(), _periods()
    if store.request_wrote():  # SQLite, written already: check now, count once it ends
        check(scope, account=account, address=address, now=now)

        def later(backend: store.Backend) -> None:  # counted after the check: as a failure
            for key, limit in counts:
                backend.count(scope, key, at, window, limit, lock)

        store.write(later)
        return
    backend, taken = store.backend(), []
    for key, limit in counts:
        until = backend.count(scope, key, at, window, limit + 1, lock)
        if until > at:
            for other in taken:  # a refused attempt is not counted against the others
                backend.release(scope, other, at)
            raise TooManyRequests(LOCKED_MESSAGE, retry_after=_seconds(until - at))
        taken.append(key)


def check(scope: str, *, account: str | None = None, address: str | None = None, now: datetime):
    """Raise TooManyRequests while the account or the address is locked in this scope."""
    keys = _keys("f", account, address)
    if not keys:
        return
    at = now.timestamp()
    until = store.backend().locked_until(scope, keys)
    if until > at:
        raise TooManyRequests(LOCKED_MESSAGE, retry_after=_seconds(until - at))


def failure(
    scope: str, *, account: str | None = None, address: str | None = None, now: datetime
) -> None:
    """Count a failure (checked after `check`) of the account and of the address; enough of
    them lock it. Not after `attempt`, which has counted it already."""
    counts = _limits(account, address)
    at, (window, lock) = now.timestamp(), _periods()

    def write(backend: store.Backend) -> None:
        for key, limit in counts:
            backend.count(scope, key, at, window, limit, lock)

    store.write(write)


def success(
    scope: str, *, account: str | None = None, address: str | None = None, now: datetime
) -> None:
    """Forget the account's failures in this scope; with `address` (after `attempt`), give
    the address back the attempt reserved for this success."""
    at = now.timestamp()

    def write(backend: store.Backend) -> None:
        if account:
            backend.clear(scope, _counter_key("fa", account))
        if address:
            backend.release(scope, _counter_key("fi", address), at)

    if account or address:
        store.write(write)


def hit(
    scope: str,
    *,
    account: str | None = None,
    address: str | None = None,
    now: datetime,
    limit: int,
    window_seconds: int,
) -> None:
    """Count one request of the account and of the address; over `limit` within
    `window_seconds` raise TooManyRequests. Written at once (before the request writes)."""
    keys = _keys("h", account, address)
    at = now.timestamp()
    backend = store.backend()
    wait = 0.0
    for key in keys:
        wait = max(wait, backend.hit(scope, key, at, window_seconds, limit))
    if wait > 0:
        raise TooManyRequests(HIT_MESSAGE, retry_after=_seconds(wait))


def clear_all() -> None:
    """Forget every counter of this app (tests, and an operator after an incident)."""
    client = store.redis_client()
    if client is not None:
        try:
            names = list(client.scan_iter(match=store.redis_prefix() + "*", count=1000))
            if names:
                client.delete(*names)
        except RedisError:
            store.redis_down()
    with store.engine().begin() as conn:
        conn.execute(sa.delete(store.TABLE))


def prune(now: datetime, *, idle_seconds: int = 86_400) -> int:
    """Delete database counters idle that long and not locked (the worker's periodic loop)."""
    at, table = now.timestamp(), store.TABLE
    unlocked = sa.or_(table.c.locked_until.is_(None), table.c.locked_until <= at)
    with store.engine().begin() as conn:
        stale = sa.delete(table).where(table.c.window_start < at - idle_seconds, unlocked)
        return conn.execute(stale).rowcount


def _seconds(value: float) -> int:
    """Whole seconds to wait, rounded up (after dropping float noise below a millisecond)."""
    return max(1, math.ceil(round(value, 3)))
