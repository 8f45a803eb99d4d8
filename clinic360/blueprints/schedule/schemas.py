"""Schemas of schedules, exceptions and slots."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from clinic360.api import CamelSchema
from clinic360.blueprints.schedule.slots import Slot
from clinic360.pagination import PageArgs
from clinic360.validation import (
    ClockTime,
    SaneDate,
    TimeZoneName,
    Trimmed,
    UtcDateTime,
    isoformat_utc,
)


class RuleSchema(CamelSchema):
    day_of_week = fields.Integer(required=True, strict=True, validate=validate.Range(0, 6))
    start_time = ClockTime(required=True)
    end_time = ClockTime(required=True)

    @validates_schema
    def _not_empty(self, data: dict[str, Any], **_: Any) -> None:
        if data["start_time"] == data["end_time"]:
            raise ValidationError("The range is empty.", "endTime")


class ScheduleSchema(CamelSchema):
    timezone = TimeZoneName(required=True)
    slot_minutes = fields.Integer(required=True, strict=True, validate=validate.Range(5, 480))
    min_notice_minutes = fields.Integer(
        strict=True, load_default=60, validate=validate.Range(0, 43200)
    )
    horizon_days = fields.Integer(strict=True, load_default=30, validate=validate.Range(1, 365))
    buffer_minutes = fields.Integer(strict=True, load_default=0, validate=validate.Range(0, 240))
    requires_approval = fields.Boolean(load_default=True)
    late_change_hours = fields.Integer(
        strict=True, load_default=24, validate=validate.Range(0, 168)
    )
    rules = fields.List(fields.Nested(RuleSchema), required=True, validate=validate.Length(max=70))


class ExceptionSchema(CamelSchema):
    id = fields.Integer(dump_only=True)
    date = SaneDate(required=True)
    is_available = fields.Boolean(required=True)
    start_time = ClockTime(load_default=None, allow_none=True)
    end_time = ClockTime(load_default=None, allow_none=True)
    note = Trimmed(load_default=None, allow_none=True, validate=validate.Length(max=200))

    @validates_schema
    def _hours(self, data: dict[str, Any], **_: Any) -> None:
        start, end = data.get("start_time"), data.get("end_time")
        if (start is None) != (end is None):
            raise ValidationError("Give both startTime and endTime, or neither.", "endTime")
        if data.get("is_available") and start is None:
            raise ValidationError("Give the hours of this day.", "startTime")
        if start is not None and start == end:
            raise ValidationError("The range is empty.", "endTime")


class ExceptionListArgs(PageArgs):
    since = SaneDate(load_default=None)


class SlotArgs(CamelSchema):
    first = SaneDate(data_key="from", load_default=None)
    last = SaneDate(data_key="to", load_default=None)


class SlotSchema(CamelSchema):
    start = UtcDateTime(data_key="startTime", required=True)
    end = UtcDateTime(data_key="endTime", required=True)


def slots_json(slots: Iterable[Slot]) -> list[dict[str, str]]:
    """Slots as ``SlotSchema(many=True)`` dumps them, built directly: a week holds a hundred
    or more, and the schema costs several times the rest of the request."""
    return [{"startTime": _utc_text(slot.start), "endTime": _utc_text(slot.end)} for slot in slots]


# The instants of slots repeat from request to request (the slots of a working range are
# remembered, slots.py), and writing one costs more than finding it here.
_utc_text = functools.lru_cache(maxsize=65536)(isoformat_utc)
