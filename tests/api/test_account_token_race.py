"""A mailed link works once even when it is followed many times at the same moment: parallel
HTTP requests to a live gunicorn server (8 threads) on PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from clinic360.blueprints.auth import tokens
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import TokenPurpose, User

PARALLEL = 16


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


def test_parallel_resets_with_one_link_set_one_password(live_app, live_user, http_client):
    user = live_user()
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


def test_parallel_verifications_with_one_link_verify_once(live_app, live_user, http_client):
    user = live_user()
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
