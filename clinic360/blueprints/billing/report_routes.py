"""Invoices and credit notes, earnings and the finance reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, current_app
from flask_login import current_user

from clinic360.api import page, page_of
from clinic360.blueprints.billing import bp, invoice_pdf, invoices, reports
from clinic360.blueprints.billing.report_schemas import (
    EarningsArgs,
    EarningsSchema,
    FinanceArgs,
    FinanceReportSchema,
    InvoiceSchema,
    ReconciliationArgs,
    ReconciliationSchema,
    StatementArgs,
)
from clinic360.clock import now_utc
from clinic360.csv_export import csv_doc, csv_response, wants_csv
from clinic360.http import roles_required
from clinic360.models import Role
from clinic360.pagination import PageArgs

PRIVATE = "private, no-store"
CSV_DOC = csv_doc("JSON, or CSV with Accept: text/csv")


@bp.get("/invoices")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(InvoiceSchema))
@roles_required(Role.PATIENT, Role.DOCTOR, Role.ADMIN)
def list_invoices(args: dict[str, Any]):
    """Your invoices and credit notes, newest first (a patient's, a doctor's; an admin all)"""
    items, total = invoices.list_for(current_user, args["page"], args["page_size"])
    return page(items, total, args["page"], args["page_size"])


@bp.get("/invoices/<int:invoice_id>.pdf")
@bp.doc(
    responses={
        "200": {
            "description": "The invoice or credit note as a PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
)
@bp.errors(404)
@roles_required(Role.PATIENT, Role.DOCTOR, Role.ADMIN)
def invoice_pdf_file(invoice_id: int):
    """An invoice or credit note as a PDF (its patient, its doctor, an admin)"""
    invoice = invoices.get_for_pdf(current_user, invoice_id)
    body = invoice_pdf.render(invoice, invoice.credited_number)
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{invoice.display_number}.pdf"',
            "Cache-Control": PRIVATE,
        },
    )


@bp.get("/admin/reports/finance")
@bp.arguments(FinanceArgs, location="query")
@bp.response(200, FinanceReportSchema)
@bp.doc(responses=CSV_DOC)
@roles_required(Role.ADMIN)
def finance_report(args: dict[str, Any]):
    """Charges, refunds, fees and net by month or doctor from the ledger (`to` inclusive, UTC
    days); CSV with Accept: text/csv"""
    currency = args["currency"] or current_app.config["DEFAULT_CURRENCY"]
    report = reports.finance_report(args["start"], args["end"], args["group_by"], currency)
    if wants_csv():
        name = f"finance-{args['group_by']}-{args['start']}-{args['end']}-{currency}.csv"
        return csv_response(reports.FINANCE_CSV_HEADER, reports.finance_csv_rows(report), name)
    return report


@bp.get("/admin/reports/reconciliation")
@bp.arguments(ReconciliationArgs, location="query")
@bp.response(200, ReconciliationSchema)
@roles_required(Role.ADMIN)
def reconciliation(args: dict[str, Any]):
    """Card payments and refunds where the ledger and the provider disagree, and both totals"""
    return reports.reconciliation(args["start"], args["end"])


@bp.get("/earnings")
@bp.arguments(EarningsArgs, location="query")
@bp.response(200, EarningsSchema)
@roles_required(Role.DOCTOR)
def earnings(args: dict[str, Any]):
    """Your earnings from the ledger in your currency (default: the last twelve months)"""
    end = args["end"] or now_utc().date()
    months = end.year * 12 + end.month - 1 - 11  # the first of the month eleven months back
    start = args["start"] or date(months // 12, months % 12 + 1, 1)
    return reports.earnings(current_user, start, end)


@bp.get("/earnings/statement.csv")
@bp.arguments(StatementArgs, location="query")
@bp.doc(
    responses={
        "200": {
            "description": "The month's payout statement lines",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
)
@roles_required(Role.DOCTOR)
def statement(args: dict[str, Any]):
    """Your payout statement of a month (YYYY-MM) as CSV: each ledger line"""
    year, month = (int(p) for p in args["month"].split("-"))
    lines = reports.statement_lines(current_user, year, month)
    return csv_response(reports.STATEMENT_HEADER, lines, f"statement-{args['month']}.csv")
