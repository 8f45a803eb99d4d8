"""The API's building blocks, on flask-smorest: the camelCase base schema, the request parser
that answers in the API's error shape, the blueprint every API feature uses (one transaction
per request, standard errors documented) and the paged-list envelope.

A view declares its inputs with ``@bp.arguments(Schema, location=...)`` and its answer with
``@bp.response(status, Schema)``; the OpenAPI document at /api/openapi.json is built from them.
The view never commits: the blueprint commits when it answers below 400 and rolls back
otherwise (a view marked ``@read_only`` has no transaction to end on PostgreSQL:
clinic360/read_only.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any, TypeVar

import flask_smorest
from flask import Response, current_app, g, jsonify
from flask.typing import ResponseReturnValue
from marshmallow import EXCLUDE, Schema, fields
from webargs.flaskparser import FlaskParser

from clinic360 import deferred
from clinic360.errors import BadRequest, Invalid, flatten_messages
from clinic360.extensions import db
from clinic360.http import json_body, roles_required
from clinic360.read_only import autocommit
from clinic360.validation import ClockTime

F = TypeVar("F", bound=Callable[..., Any])

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def camelcase(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class CamelSchema(Schema):
    """Fields are snake_case in Python and camelCase on the wire; unknown keys are ignored."""

    class Meta:
        unknown = EXCLUDE

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        if field_obj.data_key is None:
            field_obj.data_key = camelcase(field_name)


def computed(get: Callable[[Any], Any], kind: str, **kwargs: Any) -> fields.Function:
    """A value computed from the object by `get`, typed `kind` in the OpenAPI document."""
    return fields.Function(get, metadata={"type": kind}, **kwargs)


class ErrorDetailSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    field_errors = fields.Dict(
        data_key="fields", keys=fields.String(), values=fields.List(fields.String())
    )
    # 429 rate_limited: seconds until a retry may pass (also the Retry-After header).
    retry_after = fields.Integer(data_key="retryAfter")


class ErrorSchema(Schema):
    """``{"error": {"code", "message", "fields"?}}``; some errors carry more keys."""

    error = fields.Nested(ErrorDetailSchema, required=True)


class ApiParser(FlaskParser):
    """webargs' parser with the API's rules: bodies are JSON objects (or a clear 400), query
    strings hold no NUL, and invalid input is a 422 with ``fields``."""

    DEFAULT_VALIDATION_STATUS = 422

    def load_json(self, req: Any, schema: Schema) -> Any:
        return json_body()

    def load_querystring(self, req: Any, schema: Schema) -> Any:
        if any("\x00" in key or "\x00" in value for key, value in req.args.items(multi=True)):
            raise BadRequest("The address holds a NUL character.", code="invalid_query")
        return super().load_querystring(req, schema)

    def handle_error(self, error: Any, req: Any, schema: Schema, **kwargs: Any) -> Any:
        messages = error.messages
        if isinstance(messages, dict) and len(messages) == 1:
            # webargs files messages under their location ({"json": {...}}): drop that level.
            (location,) = messages
            if location in self.__location_map__:
                messages = messages[location]
        raise Invalid(fields=flatten_messages(messages))


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = ApiParser()

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: Callable[..., Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: Any,
    ) -> None:
        if view_func is not None:
            _document_standard_errors(view_func, set(options.get("methods") or ["GET"]))
            view_func = transactional(_authorized_first(view_func))
        super().add_url_rule(rule, endpoint, view_func, provide_automatic_options, **options)

    def arguments(self, schema: Any, **kwargs: Any) -> Callable[[F], F]:
        """smorest's arguments, with a schema given as a class made into an instance once here:
        webargs would otherwise build a new one (its fields bound anew) on every request."""
        if isinstance(schema, type):
            schema = schema()
        return super().arguments(schema, **kwargs)

    def response(self, status_code: int, schema: Any = None, **kwargs: Any) -> Callable[[F], F]:
        """smorest's response, with the session flushed before the answer is dumped, so
        that new objects carry their ids."""
        dump = super().response(status_code, schema, **kwargs)

        def decorator(view: F) -> F:
            @wraps(view)
            def flushed(*args: Any, **kw: Any) -> Any:
                result = view(*args, **kw)
                db.session.flush()
                return result

            return dump(flushed)  # type: ignore[return-value]

        return decorator

    def errors(self, *codes: int) -> Callable[[F], F]:
        """Document the error answers a view gives beyond the standard ones."""

        def decorator(view: F) -> F:
            _add_responses(view, codes)
            return view

        return decorator


def _add_responses(view: Callable[..., Any], codes: Any) -> None:
    apidoc = view.__dict__.setdefault("_apidoc", {})
    responses = apidoc.setdefault("response", {}).setdefault("responses", {})
    for code in codes:
        references = responses.setdefault(code, [])
        name = HTTPStatus(code).name
        if not references:
            references.append(name)


def _document_standard_errors(view: Callable[..., Any], methods: set[str]) -> None:
    codes: set[int] = set()
    roles = getattr(view, "_roles", None)
    if roles is not None:
        codes.add(401)
        if roles:
            codes.add(403)
        manual = view.__dict__.setdefault("_apidoc", {}).setdefault("manual_doc", {})
        manual.setdefault("security", [{"session": []}])
    if methods & UNSAFE_METHODS:
        codes.update({400, 413})
    apidoc = getattr(view, "_apidoc", {})
    if apidoc.get("arguments"):
        codes.update({400, 422})
    _add_responses(view, sorted(codes))


def _authorized_first(view: Callable[..., Any]) -> Callable[..., Any]:
    """Check a role-protected view's roles before its arguments are parsed: a caller who may
    not use it gets 401/403, not a 422 about a body they should not be sending."""
    roles = getattr(view, "_roles", None)
    if roles is None:
        return view
    check = roles_required(*roles)(lambda: None)

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        check()
        return view(*args, **kwargs)

    return guarded


def transactional(view: Callable[..., Any]) -> Callable[..., Any]:
    """The request's one commit point: commit an answer below 400, roll back anything else."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except BaseException:
            db.session.rollback()
            deferred.discard()
            raise
        if response.status_code < 400 and autocommit(db.session):
            # A read-only view's statements committed each on its own: there is no transaction
            # to end (the request's teardown closes the session). The flush refuses an ORM
            # change (read_only.py), as the commit's would.
            db.session.flush()
            deferred.run_after_commit()
        elif response.status_code < 400:
            # From here a lost connection may have kept the change: the request is not
            # repeated and its answer says the outcome is unknown (clinic360/errors.py).
            g.commit_sent = True
            try:
                db.session.commit()
            except BaseException:
                db.session.rollback()
                deferred.discard()
                raise
            deferred.run_after_commit()
        else:
            db.session.rollback()
            deferred.discard()
        return response

    return wrapper


class Api(flask_smorest.Api):
    """flask-smorest's Api, leaving error answers to clinic360.errors (one shape for all)."""

    ERROR_SCHEMA = ErrorSchema

    def init_app(self, app: Any, *, spec_kwargs: dict[str, Any] | None = None) -> None:
        super().init_app(app, spec_kwargs=spec_kwargs)
        self.register_field(ClockTime, "string", None)

    def _register_error_handlers(self) -> None:
        return None


_pages: dict[type[Schema], type[Schema]] = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """The envelope of a paged list of `item`: ``{items, total, page, pageSize}``."""
    if item not in _pages:
        name = item.__name__.removesuffix("Schema") + "PageSchema"
        _pages[item] = type(
            name,
            (CamelSchema,),
            {
                "items": fields.List(fields.Nested(item), required=True),
                "total": fields.Integer(required=True),
                "page": fields.Integer(required=True),
                "page_size": fields.Integer(required=True),
            },
        )
    return _pages[item]


def page(items: list[Any], total: int, page: int, page_size: int) -> dict[str, Any]:
    """What a view returns for a paged list (dumped with :func:`page_of`)."""
    return {"items": items, "total": total, "page": page, "page_size": page_size}


def page_json(items: list[Any], total: int, page: int, page_size: int, **more: Any) -> Response:
    """A paged list whose items are already JSON, answered as :func:`page_of` would dump it
    (`more`: further camelCase keys after the envelope's)."""
    return jsonify({"items": items, "total": total, "page": page, "pageSize": page_size, **more})


api = Api()
