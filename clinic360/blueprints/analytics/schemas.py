"""Schemas of the analytics: the range arguments and the figures."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

from clinic360.api import CamelSchema
from clinic360.validation import DB_INT_MAX

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _in_years(value: Any) -> bool:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(f"Use a date between {FIRST_YEAR} and {LAST_YEAR}.")
    return True


class RangeArgs(CamelSchema):
    """`from`/`to`: local dates, both included (at most 366 days; default the 30 days ending
    today); `format=csv` for CSV (as does `Accept: text/csv`)."""

    start = fields.Date(data_key="from", load_default=None, validate=_in_years)
    end = fields.Date(data_key="to", load_default=None, validate=_in_years)
    format = fields.String(load_default=None, validate=validate.OneOf(["json", "csv"]))


class ClinicArgs(RangeArgs):
    clinic_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=DB_INT_MAX))


class PlatformArgs(RangeArgs):
    group_by = fields.String(load_default=None, validate=validate.OneOf(["week", "month"]))


class AmountSchema(CamelSchema):
    amount = fields.Integer(required=True)
    currency = fields.String(required=True)


class CountsSchema(CamelSchema):
    appointments = fields.Integer(required=True)
    completed = fields.Integer(required=True)
    no_shows = fields.Integer(required=True)
    cancelled = fields.Integer(required=True)


class FiguresSchema(CountsSchema):
    no_show_rate = fields.Float(required=True, allow_none=True)
    new_patients = fields.Integer(required=True)
    returning_patients = fields.Integer(required=True)
    offered_minutes = fields.Integer(required=True)
    booked_minutes = fields.Integer(required=True)
    utilisation = fields.Float(required=True, allow_none=True)
    revenue = fields.Nested(AmountSchema, required=True)


class DayFiguresSchema(CountsSchema):
    date = fields.Date(required=True)


class DoctorFiguresSchema(FiguresSchema):
    doctor_id = fields.Integer(required=True)
    full_name = fields.String(required=True)
    rating = fields.Float(required=True, allow_none=True)
    rating_count = fields.Integer(required=True)


class _Report(CamelSchema):
    start = fields.Date(data_key="from", required=True)
    end = fields.Date(data_key="to", required=True)
    timezone = fields.String(required=True)
    currency = fields.String(required=True)
    # Revenue in every currency paid (the figures give the main currency's only).
    revenue_by_currency = fields.List(fields.Nested(AmountSchema), required=True)


class ClinicAnalyticsSchema(_Report):
    clinic_id = fields.Integer(required=True)
    totals = fields.Nested(FiguresSchema, required=True)
    by_day = fields.List(fields.Nested(DayFiguresSchema), required=True)
    by_doctor = fields.List(fields.Nested(DoctorFiguresSchema), required=True)


class WeekFiguresSchema(CamelSchema):
    week_start = fields.Date(required=True)
    appointments = fields.Integer(required=True)
    completed = fields.Integer(required=True)
    no_shows = fields.Integer(required=True)
    new_patients = fields.Integer(required=True)
    returning_patients = fields.Integer(required=True)


class DoctorAnalyticsSchema(_Report):
    doctor_id = fields.Integer(required=True)
    rating = fields.Float(required=True, allow_none=True)
    rating_count = fields.Integer(required=True)
    totals = fields.Nested(FiguresSchema, required=True)
    by_week = fields.List(fields.Nested(WeekFiguresSchema), required=True)


class PeriodFiguresSchema(CountsSchema):
    period = fields.Date(
        required=True, metadata={"description": "The week's Monday or the month's first day"}
    )
    new_patients = fields.Integer(required=True)
    new_doctors = fields.Integer(required=True)
    revenue = fields.Nested(AmountSchema, required=True)


class PlatformTotalsSchema(CountsSchema):
    no_show_rate = fields.Float(required=True, allow_none=True)
    new_patients = fields.Integer(required=True)
    new_doctors = fields.Integer(required=True)
    patients = fields.Integer(required=True, metadata={"description": "Patient accounts by `to`"})
    doctors = fields.Integer(required=True, metadata={"description": "Doctor accounts by `to`"})
    revenue = fields.Nested(AmountSchema, required=True)


class PlatformAnalyticsSchema(_Report):
    group_by = fields.String(required=True, metadata={"enum": ["week", "month"]})
    by_week = fields.List(fields.Nested(PeriodFiguresSchema))
    by_month = fields.List(fields.Nested(PeriodFiguresSchema))
    totals = fields.Nested(PlatformTotalsSchema, required=True)
