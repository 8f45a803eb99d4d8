"""The connection pool without a ping per checkout: pooled PostgreSQL connections killed on the
server (pg_terminate_backend) cost the next requests nothing but a reconnect."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from clinic360 import create_app
from clinic360.extensions import db
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
    # The check above is what saves the write: without it the write fails (and is not
    # repeated), and the pool, invalidated, serves the next request on a new connection.
    app = pool_app(DB_PING_IDLE_SECONDS=3600)
    client = app.test_client()
    token = _sign_in(client, live_user())
    _terminate(live_database, _backends(app))
    assert client.post("/api/logout", headers={"X-CSRFToken": token}).status_code == 500
    assert client.get("/api/user").status_code == 200
