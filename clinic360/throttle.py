"""Throttling of sign-in and other abusable requests, shared by every worker process.

Two kinds of counters, per scope ("login", "mfa", "reset", "verify", "booking"):

- failures (`failure` / `check` / `success`): THROTTLE_ACCOUNT_FAILURES failures of one account
  (whatever the address) or THROTTLE_ADDRESS_FAILURES of one address (whatever the account)
  within THROTTLE_WINDOW_SECONDS lock it for THROTTLE_LOCK_SECONDS: `check` answers 429 with
  Retry-After until then, whatever the password;
- requests (`hit`): more than `limit` requests of one account or address within
  `window_seconds` answer 429.

State lives in Redis when REDIS_URL is set (one Lua script per change, so concurrent workers
never lose a count), otherwise in the table throttle_counters (a locked row per counter). When
Redis is configured but unreachable the database takes over, with a warning in the log.

Counters are written outside the request's transaction (Redis, or a connection of their own),
so the failure of a request that is rolled back still counts. On SQLite, where a second writer
waits for the request's own write lock, failures and successes are written once the request's
transaction has ended. `hit` writes at once: call it before the request writes anything.

Accounts and addresses are stored as keyed hashes, never in clear.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import math
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from flask import after_this_request, current_app, has_request_context
from redis import Redis
from redis.exceptions import RedisError

from clinic360.errors import TooManyRequests
from clinic360.extensions import db
from clinic360.models.throttle import ThrottleCounter
from clinic360.validation import normalize_email, normalize_phone

log = logging.getLogger(__name__)

LOCKED_MESSAGE = "Too many attempts. Please wait and try again later."
HIT_MESSAGE = "Too many requests. Please wait and try again later."

# KEYS[1] a counter hash {c: count, s: window start, l: locked until};
# ARGV now, window, limit, lock seconds, ttl. Returns the lock end (0 when not locked).
_FAILURE_LUA = """
local now = tonumber(ARGV[1])
local v = redis.call('HMGET', KEYS[1], 'c', 's', 'l')
local c, s, l = tonumber(v[1]) or 0, tonumber(v[2]) or now, tonumber(v[3]) or 0
local function str(x) return string.format('%.6f', x) end
if l > now then return str(l) end
if l > 0 or s + tonumber(ARGV[2]) <= now then c = 0; s = now; l = 0 end
c = c + 1
if c >= tonumber(ARGV[3]) then c = 0; s = now; l = now + tonumber(ARGV[4]) end
redis.call('HSET', KEYS[1], 'c', c, 's', str(s), 'l', str(l))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
return str(l)
"""

# KEYS[1] a counter hash {c, s}; ARGV now, window, limit. Returns seconds to wait (0 if under).
_HIT_LUA = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local v = redis.call('HMGET', KEYS[1], 'c', 's')
local c, s = tonumber(v[1]) or 0, tonumber(v[2]) or now
if s + window <= now then c = 0; s = now end
c = c + 1
redis.call('HSET', KEYS[1], 'c', c, 's', string.format('%.6f', s))
redis.call('EXPIRE', KEYS[1], math.ceil(window) + 60)
if c > tonumber(ARGV[3]) then return string.format('%.6f', s + window - now) end
return '0'
"""


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


def check(scope: str, *, account: str | None = None, address: str | None = None, now: datetime):
    """Raise TooManyRequests while the account or the address is locked in this scope."""
    keys = _keys("f", account, address)
    if not keys:
        return
    at = now.timestamp()
    until = _backend().locked_until(scope, keys)
    if until > at:
        raise TooManyRequests(LOCKED_MESSAGE, retry_after=_seconds(until - at))


def failure(
    scope: str, *, account: str | None = None, address: str | None = None, now: datetime
) -> None:
    """Count a failure of the account and of the address; enough of them lock it."""
    config = current_app.config
    window, lock = config["THROTTLE_WINDOW_SECONDS"], config["THROTTLE_LOCK_SECONDS"]
    counts = []
    if account:
        limit = config["THROTTLE_ACCOUNT_FAILURES"]
        counts.append((_counter_key("fa", account), limit))
    if address:
        counts.append((_counter_key("fi", address), config["THROTTLE_ADDRESS_FAILURES"]))
    at = now.timestamp()

    def write(backend: _Backend) -> None:
        for key, limit in counts:
            backend.failure(scope, key, at, window, limit, lock)

    _write(write)


def success(scope: str, *, account: str | None = None, now: datetime) -> None:
    """Forget the account's failures in this scope (its address keeps its count)."""
    if not account:
        return
    key = _counter_key("fa", account)
    _write(lambda backend: backend.clear(scope, key))


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
    backend = _backend()
    wait = 0.0
    for key in keys:
        wait = max(wait, backend.hit(scope, key, at, window_seconds, limit))
    if wait > 0:
        raise TooManyRequests(HIT_MESSAGE, retry_after=_seconds(wait))


def clear_all() -> None:
    """Forget every counter of this app (tests, and an operator after an incident)."""
    client = _redis()
    if client is not None:
        try:
            names = list(client.scan_iter(match=_redis_prefix() + "*", count=1000))
            if names:
                client.delete(*names)
        except RedisError:
            _redis_down()
    with _engine().begin() as conn:
        conn.execute(sa.delete(ThrottleCounter.__table__))


def prune(now: datetime, *, idle_seconds: int = 86_400) -> int:
    """Delete database counters idle that long and not locked (the worker's periodic loop)."""
    at, table = now.timestamp(), ThrottleCounter.__table__
    unlocked = sa.or_(table.c.locked_until.is_(None), table.c.locked_until <= at)
    with _engine().begin() as conn:
        stale = sa.delete(table).where(table.c.window_start < at - idle_seconds, unlocked)
        return conn.execute(stale).rowcount


def _seconds(value: float) -> int:
    """Whole seconds to wait, rounded up (after dropping float noise below a millisecond)."""
    return max(1, math.ceil(round(value, 3)))


# --- Backends -----------------------------------------------------------------------------


class _Backend(Protocol):
    def locked_until(self, scope: str, keys: list[str]) -> float: ...
    def failure(self, scope: str, key: str, at: float, window: int, limit: int, lock: int): ...
    def clear(self, scope: str, key: str) -> None: ...
    def hit(self, scope: str, key: str, at: float, window: int, limit: int) -> float: ...


def _redis_prefix() -> str:
    return f"{current_app.config['RATELIMIT_KEY_PREFIX']}:throttle:"


def _redis() -> Redis | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    cache: dict[str, Any] = current_app.extensions.setdefault("clinic360.throttle", {})
    if cache.get("url") != url:
        client = Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1)
        cache.update(url=url, client=client, failure=client.register_script(_FAILURE_LUA))
        cache["hit"] = client.register_script(_HIT_LUA)
    return cache["client"]


class _RedisBackend:
    def __init__(self, client: Redis) -> None:
        self.client = client
        self.scripts = current_app.extensions["clinic360.throttle"]
        self.prefix = _redis_prefix()

    def _name(self, scope: str, key: str) -> str:
        return f"{self.prefix}{scope}:{key}"

    def locked_until(self, scope: str, keys: list[str]) -> float:
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hget(self._name(scope, key), "l")
        return max(float(value or 0) for value in pipe.execute())

    def failure(self, scope: str, key: str, at: float, window: int, limit: int, lock: int):
        ttl = window + lock + 60
        args = [repr(at), window, limit, lock, ttl]
        return float(self.scripts["failure"](keys=[self._name(scope, key)], args=args))

    def clear(self, scope: str, key: str) -> None:
        self.client.delete(self._name(scope, key))

    def hit(self, scope: str, key: str, at: float, window: int, limit: int) -> float:
        args = [repr(at), window, limit]
        return float(self.scripts["hit"](keys=[self._name(scope, key)], args=args))


def _engine() -> sa.Engine:
    """The app's engine (not the request's session), so that counts commit on their own."""
    bind = db.engines[None]
    return getattr(bind, "engine", bind)


_TABLE = ThrottleCounter.__table__


def _insert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(_TABLE)


class _DatabaseBackend:
    def locked_until(self, scope: str, keys: list[str]) -> float:
        stmt = sa.select(sa.func.max(_TABLE.c.locked_until)).where(
            _TABLE.c.scope == scope, _TABLE.c.key.in_(keys)
        )
        with _engine().connect() as conn:
            return float(conn.scalar(stmt) or 0)

    def _locked_row(self, conn: sa.Connection, scope: str, key: str, at: float):
        """The counter's row, created if missing and locked until the transaction ends (a row
        lock on PostgreSQL; SQLite's insert takes the database's write lock)."""
        insert = _insert(conn.dialect.name)
        conn.execute(
            insert.values(scope=scope, key=key, count=0, window_start=at).on_conflict_do_nothing(
                index_elements=["scope", "key"]
            )
        )
        where = (_TABLE.c.scope == scope) & (_TABLE.c.key == key)
        return where, conn.execute(sa.select(_TABLE).where(where).with_for_update()).one()

    def failure(self, scope: str, key: str, at: float, window: int, limit: int, lock: int):
        with _engine().begin() as conn:
            where, row = self._locked_row(conn, scope, key, at)
            if row.locked_until and row.locked_until > at:
                return row.locked_until
            count, start, until = row.count, row.window_start, None
            if row.locked_until or start + window <= at:
                count, start = 0, at
            count += 1
            if count >= limit:
                count, start, until = 0, at, at + lock
            values = {"count": count, "window_start": start, "locked_until": until}
            conn.execute(sa.update(_TABLE).where(where).values(**values))
            return until or 0.0

    def clear(self, scope: str, key: str) -> None:
        with _engine().begin() as conn:
            conn.execute(sa.delete(_TABLE).where(_TABLE.c.scope == scope, _TABLE.c.key == key))

    def hit(self, scope: str, key: str, at: float, window: int, limit: int) -> float:
        with _hit_connection() as conn:
            where, row = self._locked_row(conn, scope, key, at)
            count, start = row.count, row.window_start
            if start + window <= at:
                count, start = 0, at
            count += 1
            conn.execute(sa.update(_TABLE).where(where).values(count=count, window_start=start))
            return start + window - at if count > limit else 0.0


@contextlib.contextmanager
def _hit_connection() -> Iterator[sa.Connection]:
    """A connection of its own; but on SQLite, when the request has already written (and so
    holds the database's write lock), the request's own, rather than wait for it forever.
    That count is then undone with the request's rollback: call `hit` before writing."""
    engine = _engine()
    if engine.dialect.name == "sqlite" and has_request_context() and db.session().in_transaction():
        conn = db.session.connection()
        if getattr(conn.connection.dbapi_connection, "in_transaction", False):
            log.warning("a throttle hit after the request wrote counts in its transaction")
            yield conn
            return
    with engine.begin() as conn:
        yield conn


def _redis_down() -> None:
    log.warning("Redis is unreachable; throttle counters use the database meanwhile")


def _backend() -> _Backend:
    client = _redis()
    return _Fallback(_RedisBackend(client)) if client is not None else _DatabaseBackend()


class _Fallback:
    """Redis, and the database whenever Redis fails: never open, never a 500."""

    def __init__(self, primary: _Backend) -> None:
        self.primary = primary
        self.database = _DatabaseBackend()

    def _call(self, name: str, *args: Any) -> Any:
        try:
            return getattr(self.primary, name)(*args)
        except RedisError:
            _redis_down()
            return getattr(self.database, name)(*args)

    def locked_until(self, scope: str, keys: list[str]) -> float:
        # While Redis is down the database's counters (fresh ones) are consulted instead.
        return self._call("locked_until", scope, keys)

    def failure(self, *args: Any) -> float:
        return self._call("failure", *args)

    def clear(self, scope: str, key: str) -> None:
        self._call("clear", scope, key)

    def hit(self, *args: Any) -> float:
        return self._call("hit", *args)


def _write(action: Callable[[_Backend], None]) -> None:
    """Run a counter change now, or on SQLite once the request's transaction has ended."""
    backend = _backend()
    if has_request_context() and _engine().dialect.name == "sqlite":

        @after_this_request
        def later(response):
            try:
                action(backend)
            except Exception:
                log.exception("a throttle counter could not be written")
            return response

        return
    action(backend)
