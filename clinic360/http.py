"""Request helpers shared by the API blueprints: JSON bodies, size limits, role checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from clinic360.errors import ApiError, BadRequest, Forbidden, Unauthorized
from clinic360.validation import DB_INT_MAX

F = TypeVar("F", bound=Callable[..., Any])


class DatabaseInt(IntegerConverter):
    """`<int:...>` in routes: ids that fit the database's integer; larger ones match no route
    (a 404), rather than failing in the database."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


class PayloadTooLarge(ApiError):
    status = 413
    code = "payload_too_large"
    message = "The request body is too large."


def max_body(limit: int) -> Callable[[F], F]:
    """Let a view (an upload) accept bodies up to `limit` bytes instead of JSON_MAX_BYTES."""

    def decorator(view: F) -> F:
        view.__max_body__ = limit  # type: ignore[attr-defined]
        return view

    return decorator


def limit_body() -> None:
    """before_request hook: refuse oversized bodies, and multipart parts without a name, before
    anything (CSRF included) reads them."""
    if not (request.path.startswith("/api/") and request.method in {"POST", "PUT", "PATCH"}):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "__max_body__", None) or current_app.config["JSON_MAX_BYTES"]
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge()
    if request.mimetype == "multipart/form-data" and (
        None in request.form or None in request.files
    ):
        # A part without a name would reach the CSRF check as a key of None.
        raise BadRequest("Every part of a multipart body needs a name.", code="invalid_multipart")


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a clear 400."""
    if not request.is_json:
        raise BadRequest(
            "Send the body as JSON with the header Content-Type: application/json.",
            code="unsupported_media_type",
        )
    if len(request.get_data(cache=True)) >= current_app.config["JSON_MAX_BYTES"]:
        # A streamed (chunked) body is cut at the limit rather than refused up front.
        raise PayloadTooLarge()
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        data = None
    if data is None:
        raise BadRequest("The body is not valid JSON.", code="invalid_json")
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object.", code="invalid_json")
    if _unstorable(data):
        raise BadRequest(
            "The body holds text that cannot be stored: a NUL character or half a surrogate pair.",
            code="invalid_json",
        )
    return data


def _unstorable(value: Any) -> bool:
    """JSON can carry NUL characters and half of a UTF-16 pair (\\u0000, \\ud800); neither
    is text a database column can hold."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unstorable(item) for item in value)
    return False


def roles_required(*roles: str) -> Callable[[F], F]:
    """Route-level authorization: 401 for the anonymous, 403 for other roles."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                raise Unauthorized()
            if roles and current_user.role not in roles:
                raise Forbidden()
            return view(*args, **kwargs)

        wrapped._roles = roles  # type: ignore[attr-defined] - read by clinic360.api for the docs
        return wrapped  # type: ignore[return-value]

    return decorator


login_required = roles_required()


def signed_in_user() -> Any:
    """The signed-in user object itself, not Flask-Login's proxy: every attribute read through
    the proxy looks the user up in the request context again (about 4 us each), and dumping a
    user, or a page checked against its viewer, reads dozens of them."""
    return current_user._get_current_object()  # type: ignore[attr-defined]
