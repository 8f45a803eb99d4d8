"""A mailed link works once even when it is followed many times at the same moment: parallel
HTTP requests to a live gunicorn server, on PostgreSQL (8 threads) and on SQLite (4 processes
of 4 threads; no row locks there, so the link is spent by one conditional UPDATE)."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade

from clinic360 import MIGRATIONS_DIR, create_app
from clinic360.blueprints.auth import tokens
from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Role, TokenPurpose, User
from tests.conftest import PASSWORD, app_settings
from tests.live import HttpClient, run_server

PARALLEL = 16


@dataclass
class Server:
    app: Flask  # on the server's database, to make test data
    user: Callable[[], dict[str, Any]]
    http_client: Callable[[], HttpClient]


def _sqlite_server(env: dict[str, str], url: str) -> Iterator[Server]:
    app = create_app(app_settings(url, REDIS_URL=None))
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)

    def user() -> dict[str, Any]:
        email = f"patient-{secrets.token_hex(4)}@example.test"
        with app.app_context():
            made = create_user(
                NewAccount(
                    full_name="Race Patient", password=PASSWORD, role=Role.PATIENT, email=email
                ),
                rounds=4,
                now=now_utc(),
            )
            db.session.commit()
            return {"id": made.id, "email": email, "password": PASSWORD}

    env = {**env, "DATABASE_URL": url}
    env.pop("REDIS_URL", None)
    with run_server(env, workers=4, threads=4) as base:
        yield Server(app, user, lambda: HttpClient(base))
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(params=["postgresql", "sqlite"])
def server(request, tmp_path) -> Iterator[Server]:
    if request.param == "sqlite":
        env = request.getfixturevalue("live_env")
        yield from _sqlite_server(env, f"sqlite:///{tmp_path / 'tokens.db'}")
        return
    live_app, live_user = (request.getfixturevalue(name) for name in ("live_app", "live_user"))
    yield Server(live_app, live_user, request.getfixturevalue("http_client"))


def _issue(live_app, user_id: int, purpose: str, email: str | None = None) -> str:
    """A token as the forgot / verification mail would carry (the mail itself is tested in
    test_passwords.py and test_email_verification.py)."""
    with live_app.app_context():
        user = db.session.get(User, user_id)
        token = tokens.issue(user, purpose, now_utc(), timedelta(minutes=30), email=email)
        db.session.commit()
        return token


def _all_at_once(clients, call):
    start = threading.Barrier(len(clients))

    def attempt(pair):
        n, client = pair
        start.wait()
        return call(n, client)

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(attempt, enumerate(clients)))


def test_parallel_resets_with_one_link_set_one_password(server):
    live_app, http_client = server.app, server.http_client
    user = server.user()
    token = _issue(live_app, user["id"], TokenPurpose.PASSWORD_RESET.value)
    clients = [http_client() for _ in range(PARALLEL)]
    for client in clients:
        client.request("GET", "/api/csrf")
    passwords = [f"violet-anchor-meadow-{n:02d}" for n in range(PARALLEL)]

    def reset(n, client):
        return client.request(
            "POST", "/api/password/reset", {"token": token, "password": passwords[n]}
        )

    answers = _all_at_once(clients, reset)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [204] + [400] * (PARALLEL - 1), answers
    assert {body["error"]["code"] for status, body in answers if status == 400} == {"token_used"}
    (winner,) = [n for n, (status, _) in enumerate(answers) if status == 204]
    works = [
        http_client().request(
            "POST", "/api/login", {"identifier": user["email"], "password": password}
        )[0]
        for password in (passwords[winner], passwords[(winner + 1) % PARALLEL])
    ]
    assert works == [200, 401]


def test_parallel_verifications_with_one_link_verify_once(server):
    live_app, http_client = server.app, server.http_client
    user = server.user()
    with live_app.app_context():
        db.session.get(User, user["id"]).email_verified_at = None
        db.session.commit()
    token = _issue(live_app, user["id"], TokenPurpose.VERIFY_EMAIL.value, email=user["email"])
    clients = [http_client() for _ in range(PARALLEL)]
    for client in clients:
        client.request("GET", "/api/csrf")
    answers = _all_at_once(
        clients, lambda n, client: client.request("POST", "/api/email/verify", {"token": token})
    )
    assert sorted(status for status, _ in answers) == [204] + [400] * (PARALLEL - 1), answers
    with live_app.app_context():
        assert db.session.get(User, user["id"]).email_verified_at is not None
