"""Reports as CSV: the finance report and the analytics answer CSV when asked for it.

A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first: a doctor's
name like "=HYPERLINK(...)") is kept as text with a leading apostrophe."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response, request

PRIVATE = "private, no-store"


def csv_doc(description: str) -> dict[str, Any]:
    """The OpenAPI responses of an endpoint answering JSON or CSV."""
    return {
        "200": {
            "description": description,
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }


def wants_csv(format_arg: str | None = None) -> bool:
    """Whether the request asks for CSV: `?format=csv`, else by its Accept header."""
    if format_arg:
        return format_arg == "csv"
    best = request.accept_mimetypes.best_match(["application/json", "text/csv"])
    return best == "text/csv"


def cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
    """The rows under their header as a private CSV attachment."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": PRIVATE,
        },
    )
