"""An invoice or credit note as a PDF (fpdf2, like the prescription): issuer, number and date,
doctor, patient, service, amount with the included tax line, payment method and status; a
credit note names the invoice it corrects."""

from __future__ import annotations

from datetime import UTC

from flask import current_app
from fpdf import FPDF

from clinic360.models import DocumentKind, Invoice
from clinic360.money import display


def _text(value: object) -> str:
    """The core PDF fonts speak Latin-1; anything else is replaced, never dropped silently."""
    return str(value or "").encode("latin-1", "replace").decode("latin-1")


def _money(amount: int, currency: str) -> str:
    """money.display when the core font can print it ("$80.00"), else the ISO code with the
    number ("INR 1,500.00") rather than a question mark for ₹ or ₦."""
    shown = display(amount, currency)
    try:
        shown.encode("latin-1")
    except UnicodeEncodeError:
        number = "".join(c for c in shown if c.isdigit() or c in ".,-")
        return f"{currency} {number}"
    return shown


def _percent(bps: int) -> str:
    return f"{bps / 100:g} %"


def render(invoice: Invoice, credited_number: str | None = None) -> bytes:
    credit = invoice.kind == DocumentKind.CREDIT_NOTE
    title = "Credit note" if credit else "Invoice"
    doc = FPDF(format="A4")
    doc.set_title(_text(f"{title} {invoice.display_number}"))
    doc.set_author("Clinic360")
    doc.add_page()
    doc.set_margins(15, 15, 15)

    doc.set_font("Helvetica", "B", 20)
    doc.set_text_color(15, 118, 110)
    doc.cell(0, 10, _text(invoice.issuer_name), new_x="LMARGIN", new_y="NEXT")
    doc.set_text_color(0, 0, 0)
    doc.set_font("Helvetica", "", 10)
    if invoice.issuer_address:
        doc.multi_cell(0, 5, _text(invoice.issuer_address), new_x="LMARGIN", new_y="NEXT")
    doc.ln(4)
    doc.set_font("Helvetica", "B", 14)
    doc.cell(0, 8, _text(f"{title} {invoice.display_number}"), new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)

    issued = invoice.issued_at
    issued = issued.astimezone(UTC) if issued.tzinfo else issued.replace(tzinfo=UTC)
    rows = [
        ("Number", invoice.display_number),
        ("Date", issued.strftime("%d %B %Y")),
        ("Doctor", invoice.doctor_name),
        ("Patient", invoice.patient_name),
        ("Service", invoice.service),
    ]
    if credit:
        rows.append(("Credits invoice", credited_number or "-"))
    for label, value in rows:
        doc.set_font("Helvetica", "B", 10)
        doc.cell(40, 6, _text(label))
        doc.set_font("Helvetica", "", 10)
        doc.multi_cell(0, 6, _text(value), new_x="LMARGIN", new_y="NEXT")
    doc.ln(6)

    label = current_app.config.get("TAX_LABEL") or "Tax"
    sign = -1 if credit else 1
    lines = [
        ("Amount refunded" if credit else "Amount", invoice.amount * sign),
        (
            f"{label} included ({_percent(invoice.tax_rate_bps)})",
            invoice.tax_amount * sign,
        ),
        ("Net of tax", (invoice.amount - invoice.tax_amount) * sign),
    ]
    doc.set_fill_color(240, 253, 250)
    for name, amount in lines:
        doc.set_font("Helvetica", "B" if name.startswith("Amount") else "", 10)
        doc.cell(120, 8, _text(name), border=1, fill=name.startswith("Amount"))
        doc.cell(0, 8, _text(_money(amount, invoice.currency)), border=1, align="R")
        doc.ln()
    doc.ln(6)
    doc.set_font("Helvetica", "", 10)
    doc.cell(0, 6, _text(f"Payment method: {invoice.method}"), new_x="LMARGIN", new_y="NEXT")
    doc.cell(0, 6, _text(f"Status: {invoice.status}"), new_x="LMARGIN", new_y="NEXT")
    doc.ln(4)
    doc.set_font("Helvetica", "", 8)
    doc.multi_cell(0, 5, "Issued electronically through Clinic360. Amounts include tax.")
    return bytes(doc.output())
