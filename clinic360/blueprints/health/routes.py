"""Liveness and readiness: is the database reachable, and Redis where one is configured."""

from __future__ import annotations

from flask import current_app, jsonify
from sqlalchemy import text

from clinic360.blueprints.health import bp
from clinic360.extensions import db
from clinic360.openapi import doc


@bp.get("/health")
@doc(
    "Readiness: database and Redis reachable",
    auth=False,
    response={"type": "object"},
    errors=(503,),
    tag="meta",
)
def health():
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        from redis import Redis

        try:
            Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1).ping()
            checks["redis"] = "ok"
        except Exception:
            checks["redis"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "degraded", checks=checks), 200 if healthy else 503
