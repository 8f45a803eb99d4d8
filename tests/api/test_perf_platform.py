"""The connection pool without a ping per checkout: pooled PostgreSQL connections killed on the
server (pg_terminate_backend) cost the next requests nothing but a reconnect."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from flask import Flask
from flask_limiter.util import get_qualified_name

from clinic360 import create_app
from clinic360.extensions import db, limiter
from clinic360.models import HealthAccess
from tests.conftest import PASSWORD, app_settings


@pytest.fixture
def pool_app(live_database: str, live_app: Flask) -> Iterator[Callable[..., Flask]]:
    """Apps of their own (own pools) on the committed live database, migrated by live_app."""
    made: list[Flask] = []

    def make(**settings: Any) -> Flask:
        app = create_app(app_settings(live_database, **settings))
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


def _backends(app: Flask) -> set[int]:
    """Open three pooled connections and return their server process ids."""
    with app.app_context():
        connections = [db.engine.connect() for _ in range(3)]
        pids = {c.exec_driver_sql("SELECT pg_backend_pid()").scalar_one() for c in connections}
        for connection in connections:
            connection.close()
    return pids


def _terminate(live_database: str, pids: set[int]) -> None:
    engine = sa.create_engine(
        live_database.replace("postgresql://", "postgresql+psycopg://", 1),
        poolclass=sa.pool.NullPool,
    )
    with engine.connect() as conn:
        killed = conn.execute(
            sa.text("SELECT pg_terminate_backend(pid) FROM unnest(:pids) AS pid"),
            {"pids": sorted(pids)},
        ).scalars()
        assert all(killed)
    engine.dispose()


def _sign_in(client: Any, user: dict[str, Any]) -> str:
    token = client.get("/api/csrf").get_json()["csrfToken"]
    answer = client.post(
        "/api/login",
        json={"identifier": user["email"], "password": PASSWORD},
        headers={"X-CSRFToken": token},
    )
    assert answer.status_code == 200, answer.get_json()
    return client.get("/api/csrf").get_json()["csrfToken"]


def test_the_pool_does_not_ping_postgresql_on_checkout(pool_app):
    app = pool_app()
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_pre_ping"] is False and options["pool_recycle"] == 1800
    with app.app_context():
        assert db.engine.pool._pre_ping is False


def test_reads_answer_after_the_pooled_connections_were_killed(pool_app, live_user, live_database):
    app = pool_app()
    user = live_user()
    client = app.test_client()
    _sign_in(client, user)
    assert client.get("/api/user").status_code == 200
    pids = _backends(app)
    _terminate(live_database, pids)

    fresh: list[int] = []
    with app.app_context():
        sa.event.listen(db.engine, "connect", lambda conn, record: fresh.append(1))
    for path in ("/api/user", "/api/notifications", "/api/user", "/api/doctors"):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.get_json())
    assert client.get("/api/user").get_json()["id"] == user["id"]
    assert fresh, "the requests reconnected"
    assert not pids & _backends(app)  # none of the killed connections is handed out again


def test_a_connection_idle_in_the_pool_is_pinged_before_a_write(pool_app, live_user, live_database):
    # A write is never repeated; a connection that sat idle is checked before it is used.
    app = pool_app(DB_PING_IDLE_SECONDS=0)
    client = app.test_client()
    token = _sign_in(client, live_user())
    _terminate(live_database, _backends(app))
    answer = client.post("/api/logout", headers={"X-CSRFToken": token})
    assert answer.status_code == 204, answer.get_json()
    assert client.get("/api/user").status_code == 401


def test_without_the_idle_ping_a_killed_connection_fails_only_the_write_on_it(
    pool_app, live_user, live_database
):
    # The check above is what saves the write: without it the write fails with a 503 the
    # caller may retry (it is not repeated), and the pool, invalidated, serves the next
    # request on a new connection.
    app = pool_app(DB_PING_IDLE_SECONDS=3600)
    client = app.test_client()
    token = _sign_in(client, live_user())
    _terminate(live_database, _backends(app))
    answer = client.post("/api/logout", headers={"X-CSRFToken": token})
    assert answer.status_code == 503, answer.get_json()
    assert answer.get_json()["error"]["code"] == "database_unavailable"
    assert answer.headers["Retry-After"] == "1"
    assert client.get("/api/user").status_code == 200


def test_only_views_with_a_limit_go_through_the_limiter(app, client):
    def marked(view: Any) -> bool:
        return getattr(view, "__rate_limited__", False)

    limited = {get_qualified_name(view) for view in app.view_functions.values() if marked(view)}
    assert limited == limiter._marked_for_limiting  # every view Flask-Limiter limits, no other
    assert {"auth.login", "auth.register"} <= {
        name for name, view in app.view_functions.items() if marked(view)
    }
    assert (
        "X-RateLimit-Limit"
        in client.post("/api/login", {"identifier": "x@example.test", "password": "wrong"}).headers
    )
    assert "X-RateLimit-Limit" not in client.get("/api/doctors").headers


def test_json_answers_mean_what_the_standard_library_wrote(app):
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from flask.json.provider import DefaultJSONProvider
    from werkzeug.datastructures import MultiDict

    standard = DefaultJSONProvider(app)
    standard.sort_keys = False
    value = {
        "name": "Dr. Müller ✓",
        "at": datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        "day": date(2026, 12, 1),
        "fee": Decimal("80.50"),
        3: [1.5, None, True],
        "z": "last",
        "a": "order kept",
    }
    with app.app_context():
        assert app.json._fast(value) is not None  # written by orjson, not by the fallback
        fast, slow = app.json.response(value), standard.response(value)
        assert fast.mimetype == slow.mimetype == "application/json"
        assert fast.get_data().endswith(b"\n")
        assert fast.get_json() == slow.get_json()
        assert list(fast.get_json()) == list(slow.get_json())  # the same order of keys
        assert fast.get_json()["at"] == "Tue, 01 Dec 2026 09:30:00 GMT"  # as Flask writes it
        assert json.loads(app.json.dumps(value)) == json.loads(standard.dumps(value))
        assert app.json.dumps({"name": "Dr. Müller"}) == '{"name":"Dr. Müller"}'  # UTF-8
        with pytest.raises(TypeError):
            app.json.dumps({"unknown": object()})
        # What orjson refuses is written by the standard library, as before.
        for other in ({"huge": 2**70}, {"form": MultiDict([("a", "1"), ("a", "2")])}):
            assert app.json._fast(other) is None
            assert app.json.response(other).get_json() == standard.response(other).get_json()


@pytest.fixture
def commit_then_lost(pool_app):
    """An app whose next COMMIT reaches the database and is kept, but whose answer is lost with
    the connection (the socket closes before the reply is read), as on a network cut."""
    app = pool_app()
    with app.app_context():
        dialect = db.engine.dialect
    original = dialect.do_commit
    armed: list[bool] = []

    def commit(dbapi_connection: Any) -> None:
        original(dbapi_connection)
        if armed:
            armed.clear()
            dbapi_connection.dbapi_connection.close()  # psycopg's own connection
            raise psycopg.OperationalError("server closed the connection unexpectedly")

    dialect.do_commit = commit
    yield app, lambda: armed.append(True)
    dialect.do_commit = original


def test_a_request_whose_commit_may_have_been_kept_is_never_repeated(commit_then_lost, live_user):
    app, lose_next_commit = commit_then_lost
    user = live_user()
    client = app.test_client()
    token = _sign_in(client, user)

    def reads_logged() -> int:
        with app.app_context():
            count = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(HealthAccess)
                .where(HealthAccess.actor_id == user["id"])
            )
            db.session.rollback()
        return count

    before = reads_logged()
    lose_next_commit()
    answer = client.get("/api/profile")  # a read that writes its access log entry
    assert answer.status_code == 503, answer.get_json()
    assert answer.get_json()["error"]["code"] == "outcome_unknown"
    assert "Retry-After" not in answer.headers
    assert reads_logged() == before + 1  # kept once, not run a second time

    lose_next_commit()
    body = {"fullName": "Renamed Once"}
    answer = client.put("/api/profile", json=body, headers={"X-CSRFToken": token})
    assert answer.status_code == 503 and answer.get_json()["error"]["code"] == "outcome_unknown"
    assert client.get("/api/profile").get_json()["fullName"] == "Renamed Once"
