"""Sign-in attempts are reserved before the password is checked: parallel guesses cannot get
past the per-account limit, one account's identifiers (email and phone) share one count, and
successful sign-ins give the address its attempt back."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from clinic360 import create_app, throttle
from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.clock import now_utc
from clinic360.errors import TooManyRequests
from clinic360.extensions import db
from tests.api.test_throttle import (  # noqa: F401 - sqlite_database is a fixture
    WRONG,
    _sqlite_user,
    attempt,
    live_store,
    sqlite_database,
)
from tests.conftest import PASSWORD, ApiClient, app_settings
from tests.live import HttpClient, race, run_server


@pytest.fixture(params=["redis", "database"])
def store(request: pytest.FixtureRequest, app: Flask, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "database":
        monkeypatch.setitem(app.config, "REDIS_URL", None)
    return request.param


def _phone() -> str:
    return "+1555" + "".join(secrets.choice("0123456789") for _ in range(7))


def test_email_and_phone_of_one_account_share_a_count(store, app, client, make_user) -> None:
    user = make_user(email=f"both-{secrets.token_hex(3)}@example.test", phone=_phone())
    limit = app.config["THROTTLE_ACCOUNT_FAILURES"]
    identifiers = [user.email, user.phone]
    for n in range(limit):
        assert attempt(client, identifiers[n % 2], WRONG, f"10.7.0.{n}").status_code == 401
    for identifier in identifiers:
        assert attempt(client, identifier, PASSWORD, "10.7.1.1").status_code == 429


def test_right_password_resets_and_the_address_is_not_charged(
    store, app, client: ApiClient, make_user, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "THROTTLE_ACCOUNT_FAILURES", 3)
    monkeypatch.setitem(app.config, "THROTTLE_ADDRESS_FAILURES", 4)
    user = make_user()
    # Below the limit, the right password clears the account's count: twice 2 + 2 failures.
    for _ in range(2):
        assert attempt(client, user.email, WRONG, "10.8.0.1").status_code == 401
        assert attempt(client, user.email, WRONG, "10.8.0.2").status_code == 401
        assert attempt(client, user.email, PASSWORD, "10.8.0.3").status_code == 200
        client.post("/api/logout")
    # A busy shared address (a clinic behind one NAT): many more sign-ins than the address's
    # limit, all successful, leave its count where it was.
    for _ in range(3):
        for person in (make_user(), make_user()):
            assert attempt(client, person.email, PASSWORD, "10.8.1.1").status_code == 200
            client.post("/api/logout")
    for n in range(4):
        response = attempt(client, f"nobody-{n}@example.test", WRONG, "10.8.1.1")
        assert response.status_code == 401
    assert attempt(client, "nobody-x@example.test", WRONG, "10.8.1.1").status_code == 429
    assert attempt(client, user.email, PASSWORD, "10.8.1.1").status_code == 429


def test_sqlite_password_check_is_reserved_too(request: pytest.FixtureRequest) -> None:
    """On SQLite (no Redis), a signed-in request's current-password check is throttled too."""
    url = request.getfixturevalue("sqlite_database")
    app = create_app(app_settings(url, REDIS_URL=None, THROTTLE_ACCOUNT_FAILURES=3))
    user = _sqlite_user(url)
    client = ApiClient(app.test_client())
    login = {"identifier": user["email"], "password": PASSWORD}
    assert client.post("/api/login", login).status_code == 200
    body = {"currentPassword": WRONG, "newPassword": "a quite new passphrase 42"}
    statuses = [client.put("/api/password", body).status_code for _ in range(5)]
    assert statuses == [422] * 3 + [429] * 2
    with app.app_context():
        db.engine.dispose()


def test_sqlite_attempt_after_the_request_wrote(request: pytest.FixtureRequest) -> None:
    """A request that holds SQLite's write lock is checked at once and counted once its
    transaction has ended (never waiting for its own lock, never undone by its rollback)."""
    url = request.getfixturevalue("sqlite_database")
    app = create_app(app_settings(url, REDIS_URL=None, THROTTLE_ACCOUNT_FAILURES=2))
    outcomes = []
    for n in range(4):
        with app.test_request_context():
            email = f"writer-{n}@example.test"
            account = NewAccount(full_name="W", password=PASSWORD, role="patient", email=email)
            create_user(account, rounds=4, now=now_utc())
            db.session.flush()  # the request now holds SQLite's write lock
            started = time.monotonic()
            try:
                throttle.attempt("password", account="writer", now=now_utc())
                outcomes.append("checked")
            except TooManyRequests:
                outcomes.append(429)
            assert time.monotonic() - started < 2
            db.session.rollback()
            app.process_response(app.response_class())  # the request ends
    assert outcomes == ["checked", "checked", 429, 429]
    with app.app_context():
        db.engine.dispose()


# --- Live: parallel guesses on a multi-worker, multi-thread gunicorn ----------------------

LIMIT = 10  # THROTTLE_ACCOUNT_FAILURES' default
GUESSES = 3 * LIMIT


@pytest.mark.parametrize("backend", ["redis", "postgresql", "sqlite"])
def test_parallel_guesses_get_no_more_than_the_limit(
    backend: str,
    live_env: dict[str, str],
    live_user: Callable[..., dict[str, Any]],
    request: pytest.FixtureRequest,
) -> None:
    phone = _phone()
    env, user = live_store(backend, live_env, live_user, request, phone=phone)
    with run_server(env, workers=4, threads=8) as base_url:
        clients = [HttpClient(base_url) for _ in range(GUESSES)]
        for each in clients:  # the CSRF token first, so that only the guesses race
            each.token = each.request("GET", "/api/csrf")[1]["csrfToken"]

        def guess(n: int) -> Callable[[], int]:
            # Every guess from its own address; half by email, half by phone.
            body = {"identifier": (user["email"], phone)[n % 2], "password": WRONG}
            headers = {"X-Forwarded-For": f"192.0.2.{n + 1}"}
            return lambda: clients[n].request("POST", "/api/login", body, headers)[0]

        statuses = race(*(guess(n) for n in range(GUESSES)))
        print(f"{backend}: {statuses.count(401)} x 401, {statuses.count(429)} x 429")
        assert statuses.count(401) == LIMIT, statuses
        assert statuses.count(429) == GUESSES - LIMIT, statuses
        right = HttpClient(base_url).request(
            "POST",
            "/api/login",
            {"identifier": user["email"], "password": PASSWORD},
            {"X-Forwarded-For": "198.51.100.1"},
        )
        assert right[0] == 429
