"""Where clinic360.throttle keeps its counters: Redis when REDIS_URL is set (one Lua script per
change, so concurrent workers never lose a count), otherwise the table throttle_counters (a
locked row per counter, changed on a connection of its own). When Redis is configured but
unreachable the database takes over, with a warning in the log.

Keys reach this module already hashed (clinic360.throttle); times are POSIX seconds."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import sqlalchemy as sa
from flask import after_this_request, current_app, has_request_context
from redis import Redis
from redis.exceptions import RedisError

from clinic360.extensions import db
from clinic360.models.throttle import ThrottleCounter

log = logging.getLogger(__name__)

# KEYS[1] a counter hash {c: count, s: window start, l: locked until};
# ARGV now, window, limit, lock seconds, ttl. Counts one; the count reaching `limit` locks.
# Returns the lock end (0 when not locked): while locked nothing is counted.
_COUNT_LUA = """
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

# KEYS[1] a counter hash; ARGV the time of the attempt given back. Takes one off the count
# when that attempt was counted in the current window and no lock came since.
_RELEASE_LUA = """
local v = redis.call('HMGET', KEYS[1], 'c', 's', 'l')
local c, s, l = tonumber(v[1]) or 0, tonumber(v[2]), tonumber(v[3]) or 0
if c > 0 and l <= 0 and s and s <= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'c', c - 1)
end
return 0
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


class Backend(Protocol):
    def locked_until(self, scope: str, keys: list[str]) -> float: ...
    def count(self, scope: str, key: str, at: float, window: int, limit: int, lock: int): ...
    def release(self, scope: str, key: str, at: float) -> None: ...
    def clear(self, scope: str, key: str) -> None: ...
    def hit(self, scope: str, key: str, at: float, window: int, limit: int) -> float: ...


def redis_prefix() -> str:
    return f"{current_app.config['RATELIMIT_KEY_PREFIX']}:throttle:"


def redis_client() -> Redis | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    cache: dict[str, Any] = current_app.extensions.setdefault("clinic360.throttle", {})
    if cache.get("url") != url:
        client = Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1)
        cache.update(url=url, client=client, count=client.register_script(_COUNT_LUA))
        cache["release"] = client.register_script(_RELEASE_LUA)
        cache["hit"] = client.register_script(_HIT_LUA)
    return cache["client"]


class _RedisBackend:
    def __init__(self, client: Redis) -> None:
        self.client = client
        self.scripts = current_app.extensions["clinic360.throttle"]
        self.prefix = redis_prefix()

    def _name(self, scope: str, key: str) -> str:
        return f"{self.prefix}{scope}:{key}"

    def locked_until(self, scope: str, keys: list[str]) -> float:
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hget(self._name(scope, key), "l")
        return max(float(value or 0) for value in pipe.execute())

    def count(self, scope: str, key: str, at: float, window: int, limit: int, lock: int):
        ttl = window + lock + 60
        args = [repr(at), window, limit, lock, ttl]
        return float(self.scripts["count"](keys=[self._name(scope, key)], args=args))

    def release(self, scope: str, key: str, at: float) -> None:
        self.scripts["release"](keys=[self._name(scope, key)], args=[repr(at)])

    def clear(self, scope: str, key: str) -> None:
        self.client.delete(self._name(scope, key))

    def hit(self, scope: str, key: str, at: float, window: int, limit: int) -> float:
        args = [repr(at), window, limit]
        return float(self.scripts["hit"](keys=[self._name(scope, key)], args=args))


def engine() -> sa.Engine:
    """The app's engine (not the request's session), so that counts commit on their own."""
    bind = db.engines[None]
    return getattr(bind, "engine", bind)


TABLE = ThrottleCounter.__table__


def _insert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(TABLE)


class _DatabaseBackend:
    def locked_until(self, scope: str, keys: list[str]) -> float:
        stmt = sa.select(sa.func.max(TABLE.c.locked_until)).where(
            TABLE.c.scope == scope, TABLE.c.key.in_(keys)
        )
        with engine().connect() as conn:
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
        where = (TABLE.c.scope == scope) & (TABLE.c.key == key)
        return where, conn.execute(sa.select(TABLE).where(where).with_for_update()).one()

    def count(self, scope: str, key: str, at: float, window: int, limit: int, lock: int):
        with own_connection() as conn:
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
            conn.execute(sa.update(TABLE).where(where).values(**values))
            return until or 0.0

    def release(self, scope: str, key: str, at: float) -> None:
        where = (TABLE.c.scope == scope) & (TABLE.c.key == key)
        with own_connection() as conn:
            conn.execute(
                sa.update(TABLE)
                .where(where, TABLE.c.count > 0, TABLE.c.window_start <= at)
                .where(TABLE.c.locked_until.is_(None))
                .values(count=TABLE.c.count - 1)
            )

    def clear(self, scope: str, key: str) -> None:
        with own_connection() as conn:
            conn.execute(sa.delete(TABLE).where(TABLE.c.scope == scope, TABLE.c.key == key))

    def hit(self, scope: str, key: str, at: float, window: int, limit: int) -> float:
        with own_connection() as conn:
            where, row = self._locked_row(conn, scope, key, at)
            count, start = row.count, row.window_start
            if start + window <= at:
                count, start = 0, at
            count += 1
            conn.execute(sa.update(TABLE).where(where).values(count=count, window_start=start))
            return start + window - at if count > limit else 0.0


def request_wrote() -> bool:
    """Whether this request has written to SQLite and so holds its write lock, for which a
    second connection would wait until the request ends (never, while the request waits)."""
    if engine().dialect.name != "sqlite" or not has_request_context():
        return False
    if not db.session().in_transaction():
        return False
    dbapi = db.session.connection().connection.dbapi_connection
    return bool(getattr(dbapi, "in_transaction", False))


@contextlib.contextmanager
def own_connection() -> Iterator[sa.Connection]:
    """A connection of its own; but on SQLite, when the request has already written, the
    request's own, rather than wait for it forever. That count is then undone with the
    request's rollback: count before the request writes (clinic360.throttle defers instead)."""
    if request_wrote():
        log.warning("a throttle counter changed after the request wrote, in its transaction")
        yield db.session.connection()
        return
    with engine().begin() as conn:
        yield conn


def redis_down() -> None:
    log.warning("Redis is unreachable; throttle counters use the database meanwhile")


def backend() -> Backend:
    client = redis_client()
    return _Fallback(_RedisBackend(client)) if client is not None else _DatabaseBackend()


class _Fallback:
    """Redis, and the database whenever Redis fails: never open, never a 500."""

    def __init__(self, primary: Backend) -> None:
        self.primary = primary
        self.database = _DatabaseBackend()

    def _call(self, name: str, *args: Any) -> Any:
        try:
            return getattr(self.primary, name)(*args)
        except RedisError:
            redis_down()
            return getattr(self.database, name)(*args)

    def locked_until(self, scope: str, keys: list[str]) -> float:
        # While Redis is down the database's counters (fresh ones) are consulted instead.
        return self._call("locked_until", scope, keys)

    def count(self, *args: Any) -> float:
        return self._call("count", *args)

    def release(self, *args: Any) -> None:
        self._call("release", *args)

    def clear(self, scope: str, key: str) -> None:
        self._call("clear", scope, key)

    def hit(self, *args: Any) -> float:
        return self._call("hit", *args)


def write(action: Callable[[Backend], Any]) -> None:
    """Change counters now; or, when the request already holds SQLite's write lock, once the
    request's transaction has ended (so that a rolled-back request's count still stands)."""
    store = backend()
    if request_wrote():

        @after_this_request
        def later(response):
            try:
                action(store)
            except Exception:
                log.exception("a throttle counter could not be written")
            return response

        return
    action(store)
