"""What a search's kept statement (statements.kept) depends on beyond its words: which
filters are given and the sort (the shape), and the values bound on each run."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from clinic360.blueprints.directory import vocabulary

if TYPE_CHECKING:
    from clinic360.blueprints.directory.service import DoctorQuery


def now_of(query: DoctorQuery) -> datetime:
    return query.now or datetime.now(UTC)


def shape(query: DoctorQuery) -> tuple[Any, ...] | None:
    """Which filters are given, and the sort: a search's statement is kept for its words and
    this, its values bound (:func:`bound`); None for the language and availability filters, whose
    conditions hold their values."""
    if query.language or query.available:
        return None
    return (
        query.sort,
        query.consultation_type or None,
        query.specialty is not None,
        bool(query.city),
        query.min_fee is not None,
        query.max_fee is not None,
        query.clinic_id is not None,
    )


def bound(query: DoctorQuery) -> dict[str, Any]:
    return {
        "specialty_id": query.specialty.id if query.specialty is not None else None,
        "city": vocabulary.lower(query.city.strip()) if query.city else None,
        "min_fee": query.min_fee,
        "max_fee": query.max_fee,
        "clinic_id": query.clinic_id,
        "now": now_of(query),
    }
