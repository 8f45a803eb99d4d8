"""Paged lists: `?page=&pageSize=` in, `{"items", "total", "page", "pageSize"}` out."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import EXCLUDE, Schema, fields, validate

MAX_PAGE_SIZE = 100


class PageArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    page_size = fields.Integer(
        data_key="pageSize", load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE)
    )


def query_args(schema: Schema) -> dict[str, Any]:
    """Validate the query string with a schema (422 with field errors otherwise)."""
    return schema.load(request.args.to_dict())


def paged(items: list[Any], total: int, page: int, page_size: int) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page, "pageSize": page_size}
