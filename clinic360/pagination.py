"""Paged lists: `?page=&pageSize=` in (PageArgs), one page and the total out (fetch_page);
the answer's envelope is clinic360.api.page_of."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marshmallow import fields, validate
from sqlalchemy import Select, func, select

from clinic360.api import CamelSchema
from clinic360.extensions import db

MAX_PAGE_SIZE = 100


class PageArgs(CamelSchema):
    """``?page=&pageSize=``; extend it with a list's own filters."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


def fetch_page(
    stmt: Select, page: int, page_size: int, order: Sequence[Any], options: Sequence[Any] = ()
) -> tuple[list[Any], int]:
    """One page of a query in `order`, and the total: two queries whatever the page size."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = db.session.scalars(
        stmt.options(*options).order_by(*order).limit(page_size).offset((page - 1) * page_size)
    ).unique()
    return list(items), total or 0
