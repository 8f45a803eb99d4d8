"""Money in the console, read-only: payments, refunds, invoices and the ledger, the finance
report (by month or doctor, with a CSV download) and the reconciliation with the provider."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from flask import Response, current_app, flash, request, url_for
from flask_admin import BaseView, expose
from flask_admin.contrib.sqla.filters import DateTimeBetweenFilter

from clinic360.admin.base import AdminOnly
from clinic360.admin.trails import ReadOnlyView
from clinic360.blueprints.billing import reports
from clinic360.clock import now_utc
from clinic360.models import Invoice, LedgerEntry, Payment, Refund
from clinic360.money import CURRENCIES, display


def _money(view: Any, context: Any, model: Any, name: str) -> str:
    amount = getattr(model, name)
    return display(amount, model.currency) if amount is not None else ""


class PaymentAdmin(ReadOnlyView):
    can_view_details = True
    column_list = (
        "id",
        "appointment_id",
        "doctor_id",
        "patient_id",
        "provider",
        "method",
        "status",
        "amount",
        "refunded_amount",
        "created_at",
        "paid_at",
    )
    column_labels = {"created_at": "Created (UTC)", "paid_at": "Paid (UTC)"}
    column_formatters = {"amount": _money, "refunded_amount": _money}
    column_searchable_list = ("checkout_id", "provider_payment_id")
    column_filters = (
        "status",
        "provider",
        "method",
        "currency",
        "appointment_id",
        "doctor_id",
        DateTimeBetweenFilter(Payment.created_at, "Created"),
    )
    column_default_sort = ("id", True)
    column_details_exclude_list = ("checkout_url",)


class RefundAdmin(ReadOnlyView):
    can_view_details = True
    column_list = (
        "id",
        "payment_id",
        "appointment_id",
        "amount",
        "reason",
        "status",
        "created_at",
        "settled_at",
        "failure_reason",
    )
    column_labels = {"created_at": "Created (UTC)", "settled_at": "Settled (UTC)"}
    column_formatters = {"amount": _money}
    column_searchable_list = ("idempotency_key", "provider_refund_id", "note")
    column_filters = (
        "status",
        "reason",
        "currency",
        "payment_id",
        "appointment_id",
        DateTimeBetweenFilter(Refund.created_at, "Created"),
    )
    column_default_sort = ("id", True)


class InvoiceAdmin(ReadOnlyView):
    can_view_details = True
    column_list = (
        "display_number",
        "kind",
        "issued_at",
        "doctor_name",
        "patient_name",
        "amount",
        "tax_amount",
        "method",
        "status",
    )
    column_labels = {"display_number": "Number", "issued_at": "Issued (UTC)"}
    column_formatters = {"amount": _money, "tax_amount": _money}
    column_searchable_list = ("display_number", "doctor_name", "patient_name")
    column_filters = (
        "kind",
        "status",
        "method",
        "currency",
        "doctor_id",
        "appointment_id",
        DateTimeBetweenFilter(Invoice.issued_at, "Issued"),
    )
    column_default_sort = ("id", True)


class LedgerAdmin(ReadOnlyView):
    can_view_details = True
    column_list = (
        "id",
        "at",
        "kind",
        "amount",
        "doctor_id",
        "appointment_id",
        "payment_id",
        "refund_id",
        "provider",
        "provider_ref",
    )
    column_labels = {"at": "When (UTC)"}
    column_formatters = {"amount": _money}
    column_searchable_list = ("provider_ref", "description")
    column_filters = (
        "kind",
        "currency",
        "provider",
        "doctor_id",
        "payment_id",
        DateTimeBetweenFilter(LedgerEntry.at, "When"),
    )
    column_default_sort = ("id", True)


def _shown(amount: int, currency: str) -> str:
    """An amount of the provider's answer: displayed if its currency is one we know."""
    return display(amount, currency) if currency in CURRENCIES else f"{amount} {currency}"


def _day(name: str, default: date) -> date:
    raw = request.args.get(name, "")
    if not raw:
        return default
    try:
        value = date.fromisoformat(raw[:10])
    except ValueError:
        flash(f"{name}: use YYYY-MM-DD.", "error")
        return default
    if not 2000 <= value.year <= 2100:
        flash(f"{name}: out of range.", "error")
        return default
    return value


def _range() -> tuple[date, date]:
    today = now_utc().date()
    start = _day("from", today.replace(day=1))
    end = _day("to", today)
    if start > end or (end - start).days > 3660:
        flash("The range must run forwards, at most ten years.", "error")
        start, end = today.replace(day=1), today
    return start, end


class FinanceReportView(AdminOnly, BaseView):
    def _args(self) -> dict[str, Any]:
        start, end = _range()
        group_by = request.args.get("groupBy", "month")
        if group_by not in ("month", "doctor"):
            group_by = "month"
        currency = (request.args.get("currency") or "").upper()[:3]
        if currency not in CURRENCIES:
            currency = current_app.config["DEFAULT_CURRENCY"]
        return {"start": start, "end": end, "group_by": group_by, "currency": currency}

    @expose("/")
    def index(self):
        args = self._args()
        report = reports.finance_report(**args)
        query = {
            "from": args["start"].isoformat(),
            "to": args["end"].isoformat(),
            "groupBy": args["group_by"],
            "currency": args["currency"],
        }
        return self.render(
            "admin/billing_finance.html",
            report=report,
            args=args,
            money=display,
            csv_url=url_for(".download", **query),
        )

    @expose("/csv")
    def download(self):
        args = self._args()
        report = reports.finance_report(**args)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(reports.FINANCE_CSV_HEADER)
        for row in reports.finance_csv_rows(report):
            writer.writerow(["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
        name = f"finance-{args['group_by']}-{args['start']}-{args['end']}.csv"
        return Response(
            out.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


class ReconciliationView(AdminOnly, BaseView):
    @expose("/")
    def index(self):
        start, end = _range()
        result = None
        if request.args.get("run"):
            try:
                result = reports.reconciliation(start, end)
            except Exception:  # the provider unreachable or refusing: say so, no 500
                current_app.logger.exception("reconciliation: provider listing failed")
                flash("The provider could not be asked; try again later.", "error")
        return self.render(
            "admin/billing_reconciliation.html",
            result=result,
            start=start,
            end=end,
            money=_shown,
        )
