"""Test harness: one real PostgreSQL database per session (every test rolled back), real Redis
and an API client that handles the CSRF token. The factory fixtures (users, doctors, bookings)
are in tests/factories.py.

PostgreSQL and Redis must be running (`TEST_DATABASE_URL`, `TEST_REDIS_URL`); a missing service
fails the run, it never skips it.

The suite can run on pytest-xdist workers (`pytest -n 2 --dist loadfile`): each worker is a
session of its own, with its own databases (their names carry the worker id) and its own Redis
database number, because resetting the rate limiter clears every limit key of a Redis database.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import urllib.parse
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import redis
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.test import TestResponse

from clinic360 import MIGRATIONS_DIR, create_app, throttle
from clinic360.extensions import db, limiter
from clinic360.jobs.outbox import dispatch_due, send_now
from clinic360.models import Role, User

pytest_plugins = [
    "tests.factories",
    "tests.front_desk",
    "tests.live",
    "tests.smtp",
    "tests.health_data",
]

ADMIN_DB_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
# "gw0", "gw1", ... on an xdist worker; empty in a run without workers (-n 0).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
REDIS_DATABASES = 16  # Redis's default number of databases


def _worker_redis_url(url: str) -> str:
    """The worker's own Redis database: the configured one for gw0 (and without workers),
    the ones below it (wrapping round) for the others."""
    if not WORKER:
        return url
    index = int(WORKER.removeprefix("gw"))
    if index >= REDIS_DATABASES:
        raise pytest.UsageError(f"at most {REDIS_DATABASES} xdist workers (one Redis db each)")
    parts = urllib.parse.urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = (base - index) % REDIS_DATABASES
    return urllib.parse.urlunsplit(parts._replace(path=f"/{number}"))


REDIS_URL = _worker_redis_url(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
PASSWORD = "correct-horse-battery"
# Fixed keys, so that every in-process app and the live server read the same sealed data.
TEST_ENCRYPTION_KEYS = "test1:" + "VGVzdEtleU9uZUZvckNsaW5pYzM2MFRlc3RzLTMyQiE="


def _require_postgres() -> sa.engine.Engine:
    engine = sa.create_engine(ADMIN_DB_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as error:  # pragma: no cover - environment failure
        pytest.exit(
            f"PostgreSQL is required for the tests and is not reachable at {ADMIN_DB_URL}: {error}",
            returncode=3,
        )
    return engine


def _require_redis() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as error:  # pragma: no cover - environment failure
        pytest.exit(
            f"Redis is required for the tests and is not reachable at {REDIS_URL}: {error}",
            returncode=3,
        )
    return client


def _worker_database(name: str) -> str:
    """A database name of this worker's own (the same name on two workers would clash)."""
    return f"{name}_{WORKER}" if WORKER else name


def create_database(name: str) -> str:
    """Create an empty PostgreSQL database and return its URL."""
    name = _worker_database(name)
    engine = _require_postgres()
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return sa.engine.make_url(ADMIN_DB_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(name: str) -> None:
    name = _worker_database(name)
    engine = _require_postgres()
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def app_settings(database_url: str, **extra: Any) -> dict[str, Any]:
    settings = {
        "ENV": "testing",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"c360test-{secrets.token_hex(4)}",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "REGISTER_RATE_LIMIT": "1000 per minute",
        "ENCRYPTION_KEYS": TEST_ENCRYPTION_KEYS,
        # Tests of the required second factor switch it on (tests/api/test_mfa.py).
        "REQUIRE_MFA_ROLES": (),
    }
    settings.update(extra)
    return settings


@pytest.fixture(scope="session")
def redis_client() -> Iterator[redis.Redis]:
    client = _require_redis()
    yield client
    client.close()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    name = f"clinic360_test_{secrets.token_hex(4)}"
    url = create_database(name)
    yield url
    drop_database(name)


@pytest.fixture(scope="session")
def app(database_url: str, redis_client: redis.Redis) -> Iterator[Flask]:
    app = create_app(app_settings(database_url))
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        # Sessions bound to a connection inside a test transaction commit to a savepoint.
        db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run each test that uses the app inside a transaction rolled back at the end.

    No app context stays pushed during the test: each request pushes its own, as in production
    (a shared one would share `g` and the session between requests). Use `app.app_context()`
    around direct database work in a test.
    """
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection  # type: ignore[index]
        limiter.reset()
        throttle.clear_all()
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
        transaction.rollback()
        connection.close()
        engines[None] = engine  # type: ignore[index]


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.statements.append(statement)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """`with count_queries() as counter: ...` counts the SQL statements run inside."""
    with app.app_context():
        engine = db.engines[None].engine

    @contextlib.contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        sa.event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", counter)

    return counting


class ApiClient:
    """A test client that sends JSON and the CSRF token, fetching a fresh token when needed."""

    def __init__(self, client: FlaskClient) -> None:
        self.raw = client
        self._token: str | None = None

    def csrf_token(self) -> str:
        if self._token is None:
            self._token = self.raw.get("/api/csrf").get_json()["csrfToken"]
        return self._token

    def forget_token(self) -> None:
        self._token = None

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.raw.get(path, **kwargs)

    def _unsafe(self, method: str, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        headers = dict(kwargs.pop("headers", {}) or {})
        headers.setdefault("X-CSRFToken", self.csrf_token())
        if json is not None:
            kwargs["json"] = json
        response = self.raw.open(path, method=method, headers=headers, **kwargs)
        if path in {"/api/login", "/api/login/mfa", "/api/register", "/api/logout"}:
            self.forget_token()  # the session (and with it the token) was replaced
        return response

    def post(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self._unsafe("POST", path, json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self._unsafe("PUT", path, json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self._unsafe("PATCH", path, json, **kwargs)

    def delete(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self._unsafe("DELETE", path, json, **kwargs)

    def login(self, identifier: str, password: str = PASSWORD, **extra: Any) -> TestResponse:
        return self.post("/api/login", {"identifier": identifier, "password": password, **extra})

    def login_as(self, user: User, password: str = PASSWORD) -> TestResponse:
        extra = {}
        if user.role == Role.DOCTOR and user.doctor_profile and user.doctor_profile.employee_id:
            extra["employeeId"] = user.doctor_profile.employee_id
        response = self.login(user.email or user.phone or "", password, **extra)
        assert response.status_code == 200, response.get_json()
        return response


@pytest.fixture
def client(app: Flask) -> ApiClient:
    return ApiClient(app.test_client())


@pytest.fixture
def make_client(app: Flask) -> Callable[[], ApiClient]:
    return lambda: ApiClient(app.test_client())


def run_outbox(app: Flask, now: datetime) -> int:
    """One dispatcher round at `now`, sending each handed-over message at once."""
    with app.app_context():
        return dispatch_due(now, lambda outbox_id: send_now(outbox_id, now))
