"""Liveness and readiness: is the database reachable, and Redis where one is configured."""

from __future__ import annotations

from flask import current_app
from marshmallow import fields
from sqlalchemy import text

from clinic360.api import CamelSchema
from clinic360.blueprints.health import bp
from clinic360.extensions import db


class HealthSchema(CamelSchema):
    status = fields.String(required=True, metadata={"enum": ["ok", "degraded"]})
    checks = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


@bp.get("/health")
@bp.response(200, HealthSchema)
@bp.alt_response(503, schema=HealthSchema, description="A dependency is unavailable")
def health():
    """Readiness: database and Redis reachable"""
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
    body = {"status": "ok" if healthy else "degraded", "checks": checks}
    return body, 200 if healthy else 503
