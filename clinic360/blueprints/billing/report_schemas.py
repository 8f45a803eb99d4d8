"""Schemas of invoices, the finance reports and doctors' earnings."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from clinic360.api import CamelSchema, computed
from clinic360.money import CURRENCIES
from clinic360.validation import UtcDateTime

MAX_DAYS = 3660
RECONCILIATION_MAX_DAYS = 93
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _in_years(value: Any) -> bool:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(f"Use a date between {FIRST_YEAR} and {LAST_YEAR}.")
    return True


def _day(**kwargs: Any) -> fields.Date:
    """A day within the years the reports cover (a far date would overflow the day after)."""
    return fields.Date(validate=_in_years, **kwargs)


class InvoiceSchema(CamelSchema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": ["invoice", "credit_note"]})
    number = fields.String(required=True, attribute="display_number")
    issued_at = UtcDateTime(required=True)
    amount = computed(
        lambda i: {"amount": i.amount, "currency": i.currency}, "object", required=True
    )
    tax_amount = fields.Integer(required=True)
    tax_rate_bps = fields.Integer(required=True)
    status = fields.String(required=True)
    method = fields.String(required=True)
    appointment_id = fields.Integer(required=True)
    doctor_name = fields.String(required=True)
    patient_name = fields.String(required=True)
    pdf_url = computed(lambda i: f"/api/invoices/{i.id}.pdf", "string", required=True)
    credited_invoice_number = fields.String(
        required=True, allow_none=True, attribute="credited_number"
    )


class _Range(CamelSchema):
    max_days = MAX_DAYS
    start = _day(data_key="from", required=True)
    end = _day(data_key="to", required=True)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ValidationError("Must not be before from.", "to")
        if start and end and (end - start).days + 1 > self.max_days:  # `to` is inclusive
            raise ValidationError(f"At most {self.max_days} days.", "to")


class FinanceArgs(_Range):
    group_by = fields.String(load_default="month", validate=validate.OneOf(["month", "doctor"]))
    currency = fields.String(
        load_default=None,
        validate=validate.OneOf(sorted(CURRENCIES), error="Use an ISO 4217 code like USD."),
    )


class FinanceRowSchema(CamelSchema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    gross = fields.Integer(required=True)
    refunds = fields.Integer(required=True)
    fees = fields.Integer(required=True)
    net = fields.Integer(required=True)
    count = fields.Integer(required=True)


class FinanceReportSchema(CamelSchema):
    rows = fields.List(fields.Nested(FinanceRowSchema), required=True)
    totals = fields.Nested(FinanceRowSchema, required=True)
    currency = fields.String(required=True)
    group_by = fields.String(required=True)


class ReconciliationArgs(_Range):
    # Each request lists the provider's checkouts and refunds of the range: keep it short.
    max_days = RECONCILIATION_MAX_DAYS


class ReconciliationRowSchema(CamelSchema):
    type = fields.String(required=True, metadata={"enum": ["payment", "refund"]})
    id = fields.Integer(required=True, allow_none=True)
    provider_id = fields.String(required=True, allow_none=True)
    currency = fields.String(required=True)
    ledger_amount = fields.Integer(required=True, allow_none=True)
    provider_amount = fields.Integer(required=True, allow_none=True)
    issue = fields.String(
        required=True,
        metadata={"enum": ["missing_in_ledger", "missing_at_provider", "amount_differs"]},
    )


class ReconciliationTotalsSchema(CamelSchema):
    charges_ledger = fields.Integer(required=True)
    charges_provider = fields.Integer(required=True)
    refunds_ledger = fields.Integer(required=True)
    refunds_provider = fields.Integer(required=True)
    mismatches = fields.Integer(required=True)


class ReconciliationSchema(CamelSchema):
    rows = fields.List(fields.Nested(ReconciliationRowSchema), required=True)
    totals = fields.Nested(ReconciliationTotalsSchema, required=True)


class EarningsArgs(CamelSchema):
    start = _day(data_key="from", load_default=None)
    end = _day(data_key="to", load_default=None)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ValidationError("Must not be before from.", "to")


class _Sums(CamelSchema):
    gross = fields.Integer(required=True)
    refunds = fields.Integer(required=True)
    fees = fields.Integer(required=True)
    net = fields.Integer(required=True)
    count = fields.Integer(required=True)


class EarningsMonthSchema(_Sums):
    month = fields.String(required=True)


class EarningsSchema(_Sums):
    currency = fields.String(required=True)
    months = fields.List(fields.Nested(EarningsMonthSchema), required=True)


class StatementArgs(CamelSchema):
    month = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^(20\d\d|2100)-(0[1-9]|1[0-2])$", error="Use YYYY-MM (2000-2100)."
        ),
    )
