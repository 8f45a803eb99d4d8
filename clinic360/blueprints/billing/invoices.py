"""Invoices for settled payments and credit notes for refunds, numbered without gaps per
series (`INV-D{doctor}` / `CN-D{doctor}`: the doctor's practice issues them). The number is
taken from the series' counter row under its row lock in the transaction that writes the
document, so a rollback gives the number back and parallel issues wait for each other."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select, text

from clinic360.errors import NotFound
from clinic360.extensions import db
from clinic360.models import DocumentKind, Invoice, Payment, Refund, User
from clinic360.money import included_tax
from clinic360.pagination import fetch_page

PREFIX = {DocumentKind.INVOICE: "INV", DocumentKind.CREDIT_NOTE: "CN"}


def series_for(kind: DocumentKind, doctor_id: int) -> str:
    return f"{PREFIX[kind]}-D{doctor_id}"


def next_number(series: str) -> int:
    """The series' next number, locked until this transaction ends (PostgreSQL and
    SQLite >= 3.35 both know ON CONFLICT and RETURNING)."""
    db.session.execute(
        text(
            "INSERT INTO invoice_counters (series, next_number) VALUES (:s, 1) "
            "ON CONFLICT (series) DO NOTHING"
        ),
        {"s": series},
    )
    return db.session.execute(
        text(
            "UPDATE invoice_counters SET next_number = next_number + 1 "
            "WHERE series = :s RETURNING next_number - 1"
        ),
        {"s": series},
    ).scalar_one()


def _issuer(doctor: User) -> tuple[str, str | None]:
    profile = doctor.doctor_profile
    facility = profile.facility if profile else None
    name = facility or f"Dr {doctor.full_name}"
    parts = [p for p in (facility, profile.city if profile else None) if p]
    if profile and profile.contact:
        parts.append(profile.contact)
    return name, ", ".join(parts) or None


def _service(payment: Payment) -> str:
    appointment = payment.appointment
    start = appointment.start_at
    start = start.astimezone(UTC) if start.tzinfo else start.replace(tzinfo=UTC)
    when = start.strftime("%Y-%m-%d %H:%M UTC")
    return f"{appointment.consultation_type.capitalize()} consultation, {when}"


def _document(
    kind: DocumentKind,
    payment: Payment,
    amount: int,
    status: str,
    now: datetime,
    *,
    rate: int | None = None,
    tax: int | None = None,
    **extra: Any,
) -> Invoice:
    appointment = payment.appointment
    series = series_for(kind, payment.doctor_id)
    number = next_number(series)
    if rate is None:
        rate = int(current_app.config.get("TAX_RATE_BPS") or 0)
    if tax is None:
        tax = included_tax(amount, rate)
    issuer_name, issuer_address = _issuer(appointment.doctor)
    document = Invoice(
        kind=kind,
        series=series,
        number=number,
        display_number=f"{series}-{number:06d}",
        appointment_id=payment.appointment_id,
        payment_id=payment.id,
        doctor_id=payment.doctor_id,
        patient_id=payment.patient_id,
        amount=amount,
        tax_amount=tax,
        tax_rate_bps=rate,
        currency=payment.currency,
        method=payment.method,
        status=status,
        issued_at=now,
        issuer_name=issuer_name[:200],
        issuer_address=issuer_address,
        doctor_name=appointment.doctor.full_name,
        patient_name=appointment.patient.full_name,
        service=_service(payment),
        **extra,
    )
    db.session.add(document)
    db.session.flush()
    return document


def invoice_of(payment_id: int) -> Invoice | None:
    return db.session.scalar(
        select(Invoice).where(
            Invoice.payment_id == payment_id, Invoice.kind == DocumentKind.INVOICE
        )
    )


def issue_invoice(payment: Payment, now: datetime) -> Invoice:
    """The invoice (a receipt: it is paid) of a settled payment; once per payment."""
    found = invoice_of(payment.id)
    if found is not None:
        return found
    return _document(DocumentKind.INVOICE, payment, payment.amount, "paid", now)


def issue_credit_note(refund: Refund, now: datetime) -> Invoice:
    """The credit note of a refund that went through, referencing the payment's invoice (issued
    first if the payment had none, e.g. a duplicate); once per refund. The invoice's status
    becomes refunded or partially_refunded."""
    found = db.session.scalar(select(Invoice).where(Invoice.refund_id == refund.id))
    if found is not None:
        return found
    payment = refund.payment
    invoice = issue_invoice(payment, now)
    credited, credited_tax = db.session.execute(
        select(
            func.coalesce(func.sum(Invoice.amount), 0),
            func.coalesce(func.sum(Invoice.tax_amount), 0),
        ).where(Invoice.credited_invoice_id == invoice.id)
    ).one()
    # At the invoice's rate; the note that completes the refunds takes the tax that is left,
    # so the credited tax never differs from the invoice's by rounding.
    rate = invoice.tax_rate_bps
    tax = included_tax(refund.amount, rate)
    if credited + refund.amount >= invoice.amount:
        tax = invoice.tax_amount - credited_tax
    tax = max(0, min(tax, invoice.tax_amount - credited_tax))
    note = _document(
        DocumentKind.CREDIT_NOTE,
        payment,
        refund.amount,
        "refunded",
        now,
        rate=rate,
        tax=tax,
        refund_id=refund.id,
        credited_invoice_id=invoice.id,
    )
    invoice.status = (
        "refunded" if credited + refund.amount >= invoice.amount else "partially_refunded"
    )
    return note


def _visible_to(user: User):
    if user.is_admin:
        return select(Invoice)
    if user.is_doctor:
        return select(Invoice).where(Invoice.doctor_id == user.id)
    return select(Invoice).where(Invoice.patient_id == user.id)


def list_for(user: User, page: int, page_size: int) -> tuple[list[Invoice], int]:
    """The user's invoices and credit notes, newest first (a patient's own, a doctor's own,
    an admin all); each credit note knows its invoice's number (`credited_number`). Three
    queries whatever the page size."""
    items, total = fetch_page(
        _visible_to(user), page, page_size, order=(Invoice.issued_at.desc(), Invoice.id.desc())
    )
    credited_ids = {i.credited_invoice_id for i in items if i.credited_invoice_id}
    numbers: dict[int, str] = {}
    if credited_ids:
        numbers = dict(
            db.session.execute(
                select(Invoice.id, Invoice.display_number).where(Invoice.id.in_(credited_ids))
            ).all()
        )
    for item in items:
        item.credited_number = numbers.get(item.credited_invoice_id)
    return items, total


def get_for_pdf(user: User, invoice_id: int) -> Invoice:
    """The document if the user may read it (its patient, its doctor, an admin), else 404;
    a credit note carries its invoice's number as `credited_number`."""
    invoice = db.session.scalar(_visible_to(user).where(Invoice.id == invoice_id))
    if invoice is None:
        raise NotFound("Invoice not found.")
    invoice.credited_number = (
        db.session.scalar(
            select(Invoice.display_number).where(Invoice.id == invoice.credited_invoice_id)
        )
        if invoice.credited_invoice_id
        else None
    )
    return invoice
