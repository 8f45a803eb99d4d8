"""The API's one error shape, the ApiError family, and the app-level handlers that produce it.

Every error under /api answers
``{"error": {"code": "snake_case", "message": "Human sentence", "fields": {...}}}``
(``fields`` only on validation errors), never an HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy import exc
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

log = logging.getLogger(__name__)


class ApiError(Exception):
    status = 400
    code = "bad_request"
    message = "The request could not be understood."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message
        if code:
            self.code = code
        self.fields = fields
        self.extra = extra or {}


class BadRequest(ApiError):
    status = 400
    code = "bad_request"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"
    message = "You need to log in first."


class Forbidden(ApiError):
    status = 403
    code = "forbidden"
    message = "You are not allowed to do that."


class NotFound(ApiError):
    status = 404
    code = "not_found"
    message = "Not found."


class Conflict(ApiError):
    status = 409
    code = "conflict"
    message = "That conflicts with the current state."


class TooManyRequests(ApiError):
    """429 with a Retry-After header and `retryAfter` (seconds) in the error."""

    status = 429
    code = "rate_limited"
    message = "Too many requests. Please wait and try again later."

    def __init__(self, message: str | None = None, *, retry_after: int, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = max(1, int(retry_after))
        self.extra.setdefault("retryAfter", self.retry_after)


class Invalid(ApiError):
    status = 422
    code = "validation_error"
    message = "Some fields are invalid."


HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    411: "length_required",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    431: "headers_too_large",
    500: "internal_error",
    501: "not_implemented",
    503: "service_unavailable",
}

HTTP_MESSAGES = {
    404: "There is nothing at this address.",
    405: "This method is not allowed here.",
    413: "The request body is too large.",
    429: "Too many requests. Please wait a moment and try again.",
    500: "Something went wrong on our side. Please try again.",
}


def error_response(
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    if extra:
        body.update(extra)
    response = jsonify({"error": body})
    response.status_code = status
    return response


def wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested error dict into ``{"field.sub": ["why"]}``."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                name = prefix or "_schema"
            for field_name, reasons in flatten_messages(value, name).items():
                flat.setdefault(field_name, []).extend(reasons)
    elif isinstance(messages, list):
        if all(isinstance(item, str) for item in messages):
            flat[prefix or "_schema"] = list(messages)
        else:
            for item in messages:
                for field_name, reasons in flatten_messages(item, prefix).items():
                    flat.setdefault(field_name, []).extend(reasons)
    else:
        flat[prefix or "_schema"] = [str(messages)]
    return flat


PAGE_TEXTS = {
    400: (
        "Bad request",
        "The form had expired or could not be read. Go back, reload and try again.",
    ),
    403: ("Not allowed", "Your account cannot open this page."),
    404: ("Page not found", "There is nothing at this address."),
    405: ("Not allowed", "This page cannot be used that way."),
    429: ("Too many requests", HTTP_MESSAGES[429]),
    500: ("Something went wrong", HTTP_MESSAGES[500]),
}


def error_page(error: HTTPException) -> Response | HTTPException:
    """An error on a page that is not the API (the admin console, a file address): a styled
    page with a way back, never a stack trace. Redirects and the like pass through."""
    status = error.code or 500
    if status < 400:
        return error
    title, message = PAGE_TEXTS.get(status, (error.name, error.description or error.name))
    body = render_template(
        "errors/http.html",
        status=status,
        title=title,
        message=message,
        console=current_user.is_authenticated and current_user.role == "admin",
        sign_in=status in (401, 403) and not current_user.is_authenticated,
    )
    response = Response(body, status=status, mimetype="text/html")
    if status == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return response


def connection_lost(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised while handling (a rollback listener that
    touched the dead connection), is a lost database connection."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
            return True
        error, seen = error.__context__, seen + 1
    return False


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError) -> Response:
        response = error_response(
            error.status, error.code, error.message, error.fields, error.extra
        )
        retry_after = getattr(error, "retry_after", None)
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(ValidationError)
    def handle_validation_error(error: ValidationError) -> Response:
        return error_response(
            422, "validation_error", "Some fields are invalid.", flatten_messages(error.messages)
        )

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError) -> Response | tuple[str, int]:
        if wants_json():
            return error_response(
                400,
                "csrf_failed",
                "The security token is missing or expired. Reload the page and try again.",
            )
        return error_page(error)

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException):
        if not wants_json():
            return error_page(error)
        status = error.code or 500
        code = HTTP_CODES.get(status, "http_error")
        message = HTTP_MESSAGES.get(status) or error.description or error.name
        response = error_response(status, code, message)
        if status == 405 and error.response is None:
            allowed = getattr(error, "valid_methods", None)
            if allowed:
                response.headers["Allow"] = ", ".join(allowed)
        if status == 429:
            retry_after = getattr(error, "retry_after", None)
            if retry_after:
                response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        if connection_lost(error):
            log.warning("database connection lost on %s %s", request.method, request.path)
            if not wants_json():
                return error_page(ServiceUnavailable())
            if g.get("commit_sent"):
                # Lost while committing: the database may have kept the change.
                return error_response(
                    503,
                    "outcome_unknown",
                    "The connection to the database was lost while saving: the change may or "
                    "may not have been made. Reload to see before trying again.",
                )
            # Lost before the commit (a read is repeated before it gets here): the database
            # rolled it back, so the caller may simply try again.
            response = error_response(
                503, "database_unavailable", "The database could not be reached. Try again."
            )
            response.headers["Retry-After"] = "1"
            return response
        log.exception("unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return error_response(500, "internal_error", HTTP_MESSAGES[500])
        return error_page(InternalServerError())
