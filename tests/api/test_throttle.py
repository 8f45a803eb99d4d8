"""Sign-in throttling: per account whatever the address, per address whatever the account, the
same answer for unknown accounts, locks that end, and counts shared by every worker process
(Redis, and the database without Redis) on a live multi-worker gunicorn."""

from __future__ import annotations

import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from clinic360 import MIGRATIONS_DIR, create_app, throttle
from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.clock import now_utc
from clinic360.errors import TooManyRequests
from clinic360.extensions import db
from clinic360.models import User
from tests.conftest import PASSWORD, ApiClient, app_settings
from tests.live import HttpClient, run_server

WRONG = "not-the-password-at-all"


@pytest.fixture(params=["redis", "database"])
def backend(request: pytest.FixtureRequest, app: Flask, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with Redis and with the database backend (REDIS_URL unset)."""
    if request.param == "database":
        monkeypatch.setitem(app.config, "REDIS_URL", None)
    return request.param


def attempt(client: ApiClient, identifier: str, password: str, address: str, **extra: Any):
    return client.post(
        "/api/login",
        {"identifier": identifier, "password": password, **extra},
        environ_base={"REMOTE_ADDR": address},
    )


def stored_rows(app: Flask) -> int:
    with app.app_context(), throttle.store.engine().connect() as conn:
        return conn.scalar(sa.text("SELECT count(*) FROM throttle_counters"))


def test_account_locks_whatever_the_address(backend, app, client, make_user) -> None:
    user: User = make_user(email="locked@example.test")
    limit = app.config["THROTTLE_ACCOUNT_FAILURES"]
    assert limit == 10  # the default
    statuses = []
    for n in range(50):
        response = attempt(client, "locked@example.test", WRONG, f"10.1.{n // 200}.{n % 200}")
        statuses.append(response.status_code)
        if response.status_code == 429:
            error = response.get_json()["error"]
            assert error["code"] == "rate_limited"
            retry = int(response.headers["Retry-After"])
            assert 0 < retry <= app.config["THROTTLE_LOCK_SECONDS"]
            # flask-limiter rewrites the header from the same instant, rounding down
            assert retry in (error["retryAfter"], error["retryAfter"] - 1)
    assert statuses == [401] * limit + [429] * (50 - limit)
    # The right password, from yet another address, is refused during the lock.
    locked = attempt(client, user.email, PASSWORD, "10.9.9.9")
    assert locked.status_code == 429
    assert client.get("/api/user").status_code == 401
    # Counted outside the request's (rolled-back) transaction: the account and the ten
    # addresses of the counted failures (refused attempts are not failures).
    assert stored_rows(app) == (0 if backend == "redis" else 1 + limit)


def test_lock_ends_and_success_clears_failures(backend, app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "THROTTLE_LOCK_SECONDS", 2)
    monkeypatch.setitem(app.config, "THROTTLE_ACCOUNT_FAILURES", 3)
    user = make_user()
    for _ in range(3):
        assert attempt(client, user.email, WRONG, "10.2.0.1").status_code == 401
    assert attempt(client, user.email, PASSWORD, "10.2.0.2").status_code == 429
    time.sleep(2.1)
    assert attempt(client, user.email, PASSWORD, "10.2.0.2").status_code == 200
    client.post("/api/logout")
    # The success forgot the failures: two more do not lock, and the count starts again.
    for _ in range(2):
        assert attempt(client, user.email, WRONG, "10.2.0.1").status_code == 401
    assert attempt(client, user.email, PASSWORD, "10.2.0.1").status_code == 200
    client.post("/api/logout")
    for _ in range(2):
        assert attempt(client, user.email, WRONG, "10.2.0.1").status_code == 401
    assert attempt(client, user.email, PASSWORD, "10.2.0.1").status_code == 200


def test_spellings_of_one_identifier_share_a_count(backend, app, client, make_user) -> None:
    user = make_user(email="spelling@example.test")
    spellings = ["spelling@example.test", " Spelling@Example.TEST ", "SPELLING@EXAMPLE.TEST"]
    for n in range(app.config["THROTTLE_ACCOUNT_FAILURES"]):
        assert attempt(client, spellings[n % 3], WRONG, f"10.3.0.{n}").status_code == 401
    assert attempt(client, user.email, PASSWORD, "10.3.1.1").status_code == 429


def test_unknown_accounts_get_the_same_answers(backend, app, client, make_user) -> None:
    make_user(email="known@example.test")
    answers = {}
    for identifier in ("known@example.test", "nobody-here@example.test"):
        seen = []
        for n in range(11):
            response = attempt(client, identifier, WRONG, f"10.4.{len(answers)}.{n}")
            body = response.get_json()["error"]
            seen.append((response.status_code, body["code"], body["message"]))
        answers[identifier] = seen
    assert answers["known@example.test"] == answers["nobody-here@example.test"]
    assert answers["known@example.test"][-1][0] == 429


def test_address_locks_whatever_the_account(backend, app, client, make_user) -> None:
    user = make_user()
    limit = app.config["THROTTLE_ADDRESS_FAILURES"]
    assert limit == 50  # the default
    for n in range(limit):
        response = attempt(client, f"guess-{n}@example.test", WRONG, "10.5.0.1")
        assert response.status_code == 401
    assert attempt(client, "guess-x@example.test", WRONG, "10.5.0.1").status_code == 429
    assert attempt(client, user.email, PASSWORD, "10.5.0.1").status_code == 429
    # Another address is not affected, nor is the account.
    assert attempt(client, user.email, PASSWORD, "10.5.0.2").status_code == 200


def test_window_and_lock_follow_the_given_time(backend, app) -> None:
    """The module itself, driven by `now`: failures older than the window are forgotten."""
    window = app.config["THROTTLE_WINDOW_SECONDS"]
    start = now_utc()
    with app.app_context():
        account = throttle.account_key("window@example.test")
        for n in range(9):
            throttle.failure("login", account=account, now=start + timedelta(seconds=n))
        later = start + timedelta(seconds=window + 10)
        throttle.failure("login", account=account, now=later)
        throttle.check("login", account=account, now=later)  # 1 in the new window: open
        for n in range(9):
            throttle.failure("login", account=account, now=later + timedelta(seconds=n))
        with pytest.raises(TooManyRequests) as raised:
            throttle.check("login", account=account, now=later + timedelta(seconds=9))
        assert raised.value.retry_after == app.config["THROTTLE_LOCK_SECONDS"] - 1
        end = later + timedelta(seconds=8 + app.config["THROTTLE_LOCK_SECONDS"])
        throttle.check("login", account=account, now=end)
        # hit: `limit` requests per window, then 429 until the window ends
        for _ in range(3):
            throttle.hit("booking", account=account, now=start, limit=3, window_seconds=60)
        with pytest.raises(TooManyRequests) as raised:
            throttle.hit("booking", account=account, now=start, limit=3, window_seconds=60)
        assert raised.value.retry_after == 60
        throttle.hit(
            "booking",
            account=account,
            now=start + timedelta(seconds=60),
            limit=3,
            window_seconds=60,
        )


def test_idle_database_counters_are_pruned(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    monkeypatch.setitem(app.config, "THROTTLE_LOCK_SECONDS", 7 * 86_400)
    now = now_utc()
    old, fresh = now - timedelta(days=2), now - timedelta(hours=1)
    with app.app_context():
        for _ in range(app.config["THROTTLE_ACCOUNT_FAILURES"]):  # locked, and still is
            throttle.failure("login", account="locked", now=old)
        throttle.failure("login", account="idle", now=old)
        throttle.failure("login", account="fresh", now=fresh)
        assert throttle.prune(now) == 1
    assert stored_rows(app) == 2


def test_redis_down_falls_back_to_the_database(app, client, make_user, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    user = make_user()
    for n in range(10):
        assert attempt(client, user.email, WRONG, f"10.6.0.{n}").status_code == 401
    assert attempt(client, user.email, PASSWORD, "10.6.1.1").status_code == 429
    assert stored_rows(app) == 11


# --- Live: one limit across several gunicorn worker processes -----------------------------

WORKERS = 4


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    app = create_app(app_settings(url, REDIS_URL=None))
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        db.engine.dispose()
    yield url


def _sqlite_user(url: str, phone: str | None = None) -> dict[str, Any]:
    app = create_app(app_settings(url, REDIS_URL=None))
    email = f"live-{secrets.token_hex(4)}@example.test"
    account = NewAccount(
        full_name="Live Patient", password=PASSWORD, role="patient", email=email, phone=phone
    )
    with app.app_context():
        create_user(
            account,
            rounds=4,
            now=now_utc(),
        )
        db.session.commit()
        db.engine.dispose()
    return {"email": email, "password": PASSWORD}


def test_sqlite_never_waits_for_the_requests_own_write_lock(sqlite_database: str) -> None:
    app = create_app(app_settings(sqlite_database, REDIS_URL=None))
    with app.test_request_context():
        create_user(
            NewAccount(full_name="Writer", password=PASSWORD, role="patient", email="w@e.test"),
            rounds=4,
            now=now_utc(),
        )
        db.session.flush()  # the request now holds SQLite's write lock
        started = time.monotonic()
        for _ in range(2):
            throttle.hit("booking", account="writer", now=now_utc(), limit=2, window_seconds=60)
        with pytest.raises(TooManyRequests):
            throttle.hit("booking", account="writer", now=now_utc(), limit=2, window_seconds=60)
        assert time.monotonic() - started < 2
        db.session.rollback()
        db.engine.dispose()


def live_store(
    store: str,
    live_env: dict[str, str],
    live_user: Callable[..., dict[str, Any]],
    request: pytest.FixtureRequest,
    phone: str | None = None,
    **settings: str,
) -> tuple[dict[str, str], dict[str, Any]]:
    """The environment of a live server behind one trusted proxy whose throttle keeps its
    counts in `store` (redis, postgresql or sqlite), and a user in its database."""
    env = {
        **live_env,
        "TRUSTED_PROXIES": "1",
        "RATELIMIT_KEY_PREFIX": f"c360throttle-{secrets.token_hex(4)}",
        **settings,
    }
    if store != "redis":
        env.pop("REDIS_URL")
    if store == "sqlite":
        env["DATABASE_URL"] = request.getfixturevalue("sqlite_database")
        return env, _sqlite_user(env["DATABASE_URL"], phone=phone)
    return env, live_user(phone=phone) if phone else live_user()


@pytest.mark.parametrize("store", ["redis", "postgresql", "sqlite"])
def test_limits_hold_across_worker_processes(
    store: str,
    live_env: dict[str, str],
    live_user: Callable[..., dict[str, Any]],
    request: pytest.FixtureRequest,
) -> None:
    env, user = live_store(store, live_env, live_user, request, THROTTLE_LOCK_SECONDS="6")
    with run_server(env, workers=WORKERS) as base_url:

        def login(password: str, address: str, identifier: str = user["email"]) -> int:
            body = {"identifier": identifier, "password": password}
            client = HttpClient(base_url)
            status, answer = client.request(
                "POST", "/api/login", body, headers={"X-Forwarded-For": address}
            )
            assert status in (200, 401, 429), answer
            return status

        # 50 wrong passwords for one account, in parallel, each from its own address.
        with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
            statuses = list(
                pool.map(lambda n: login(WRONG, f"192.0.2.{n + 1}"), range(50)),
            )
        # Counting per process would let each of the workers take 10; checking before and
        # counting after the password, every guess in flight.
        assert statuses.count(401) == 10, statuses
        assert statuses.count(429) == 40
        with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
            right = list(pool.map(lambda n: login(PASSWORD, f"198.51.100.{n}"), range(8)))
        assert right == [429] * 8
        time.sleep(6.2)
        assert login(PASSWORD, "198.51.100.200") == 200

        # Per address: 50 failures for 50 different accounts lock that address.
        with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
            statuses = list(
                pool.map(
                    lambda n: login(WRONG, "203.0.113.7", f"nobody-{n}@example.test"), range(50)
                )
            )
        assert statuses == [401] * 50
        assert login(PASSWORD, "203.0.113.7") == 429
        assert login(PASSWORD, "203.0.113.8") == 200
    if store == "sqlite":
        with sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///")) as conn:
            (rows,) = conn.execute("SELECT count(*) FROM throttle_counters").fetchone()
        assert rows > 0
