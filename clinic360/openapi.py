"""The OpenAPI document served at /api/openapi.json, built from the routes themselves.

Each API view is decorated with ``@doc(...)``; the document is assembled from the URL map, so
a route without documentation is visible (and a test fails on it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Flask, current_app, jsonify
from marshmallow import Schema

F = TypeVar("F", bound=Callable[..., Any])

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
STANDARD_ERRORS = {
    400: "Malformed request or CSRF failure",
    401: "Not logged in",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict with the current state",
    413: "Body too large",
    422: "Invalid input",
    429: "Rate limited",
}


def paged_of(schema: type[Schema] | Schema) -> dict[str, Any]:
    """The envelope of a paged list: {items, total, page, pageSize}."""
    item = schema.__class__ if isinstance(schema, Schema) else schema
    return {
        "type": "object",
        "required": ["items", "total", "page", "pageSize"],
        "properties": {
            "items": {"type": "array", "items": item},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "pageSize": {"type": "integer"},
        },
    }


def doc(
    summary: str,
    *,
    body: type[Schema] | Schema | None = None,
    response: type[Schema] | Schema | dict[str, Any] | None = None,
    status: int = 200,
    errors: tuple[int, ...] = (),
    auth: bool = True,
    tag: str | None = None,
) -> Callable[[F], F]:
    """Attach OpenAPI metadata to a view."""

    def decorator(view: F) -> F:
        view.__openapi__ = {  # type: ignore[attr-defined]
            "summary": summary,
            "body": body,
            "response": response,
            "status": status,
            "errors": errors,
            "auth": auth,
            "tag": tag,
        }
        return view

    return decorator


def build_spec(app: Flask) -> dict[str, Any]:
    spec = APISpec(
        title="Clinic360 API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={
            "description": "Session-authenticated JSON API. Unsafe methods need the "
            "X-CSRFToken header holding the token from GET /api/csrf."
        },
    )
    spec.components.schema("Error", ERROR_SCHEMA)
    spec.components.security_scheme(
        "session", {"type": "apiKey", "in": "cookie", "name": app.config["SESSION_COOKIE_NAME"]}
    )
    paths: dict[str, dict[str, Any]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        view = app.view_functions[rule.endpoint]
        meta = getattr(view, "__openapi__", None)
        if meta is None:
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, meta)
    for path, operations in sorted(paths.items()):
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _operation(rule: Any, meta: dict[str, Any]) -> dict[str, Any]:
    status = str(meta["status"])
    operation: dict[str, Any] = {
        "summary": meta["summary"],
        "tags": [meta["tag"] or rule.endpoint.split(".", 1)[0]],
        "responses": {},
    }
    if meta["response"] is not None:
        operation["responses"][status] = {
            "description": "OK",
            "content": {"application/json": {"schema": meta["response"]}},
        }
    else:
        operation["responses"][status] = {"description": "OK"}
    if meta["body"] is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": meta["body"]}},
        }
    codes = set(meta["errors"])
    if meta["auth"]:
        codes.add(401)
    if meta["body"] is not None:
        codes.update({400, 413, 422})
    for code in sorted(codes):
        operation["responses"][str(code)] = {
            "description": STANDARD_ERRORS.get(code, "Error"),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    if meta["auth"]:
        operation["security"] = [{"session": []}]
    return operation


bp = Blueprint("openapi", __name__, url_prefix="/api")


@bp.get("/openapi.json")
@doc("This OpenAPI document", auth=False, response={"type": "object"}, tag="meta")
def openapi_document():
    return jsonify(build_spec(current_app))
