"""Money: payments of appointments, refunds, provider events, invoices and credit notes, and the
append-only ledger.

Every amount is an integer in the minor unit of its ISO 4217 currency (cents for USD, yen for
JPY), never a float or a decimal. What must never happen is a constraint: two settled payments
of one appointment, two refunds under one idempotency key, one provider event applied twice,
two documents with one number in a series, a ledger line changed or removed.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.appointment import Appointment
from clinic360.models.user import _in_list


class PaymentStatus(enum.StrEnum):
    """An appointment's payment as the API shows it (`payment.status`)."""

    NOT_REQUIRED = "not_required"  # free, or no price
    UNPAID = "unpaid"  # owed: online with a provider, or at the clinic
    PENDING = "pending"  # a checkout is open, or the provider has not settled it yet
    PAID = "paid"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"


class PaymentDue(enum.StrEnum):
    """When a priced visit is paid: before the doctor confirms it (an unpaid request expires
    and frees the time) or after the visit."""

    BEFORE_CONFIRM = "before_confirm"
    AFTER_VISIT = "after_visit"


class ChargeStatus(enum.StrEnum):
    """One attempt to take the money (a checkout session, or cash at the desk)."""

    OPEN = "open"  # checkout created, not paid yet
    PAID = "paid"  # the appointment's one settled payment
    DUPLICATE = "duplicate"  # paid although another payment had settled: refunded in full
    EXPIRED = "expired"  # the checkout ended without payment
    FAILED = "failed"


class PaymentMethod(enum.StrEnum):
    CARD = "card"  # through the provider's checkout
    CASH = "cash"  # recorded by the doctor or an admin


class RefundStatus(enum.StrEnum):
    PENDING = "pending"  # promised and reserved; the provider has not confirmed it yet
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class RefundReason(enum.StrEnum):
    DOCTOR_CANCELLED = "doctor_cancelled"  # cancelled or declined by the doctor: in full
    PATIENT_CANCELLED = "patient_cancelled"  # before the late-change window: in full
    LATE_CANCELLATION = "late_cancellation"  # inside it: the configured part, if any
    EXPIRED = "expired"  # a request nobody answered, or cancelled by the system
    DUPLICATE = "duplicate"  # a second payment of an already paid appointment
    MANUAL = "manual"  # given by an admin or the doctor


class DocumentKind(enum.StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class LedgerKind(enum.StrEnum):
    CHARGE = "charge"  # money in (positive)
    REFUND = "refund"  # money back to the patient (negative)
    FEE = "fee"  # the platform's fee on a charge (negative, for the doctor's earnings)


class Payment(db.Model):
    """One attempt to pay for an appointment: a provider checkout or cash recorded by staff."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "refunded_amount >= 0 AND refunded_amount <= amount", name="refunds_within_amount"
        ),
        CheckConstraint(_in_list("status", ChargeStatus), name="status_valid"),
        CheckConstraint(_in_list("method", PaymentMethod), name="method_valid"),
        # An appointment is paid at most once; a second settled payment is a duplicate.
        Index(
            "ux_payments_one_paid_per_appointment",
            "appointment_id",
            unique=True,
            postgresql_where=text("status = 'paid'"),
            sqlite_where=text("status = 'paid'"),
        ),
        Index("ix_payments_appointment_id", "appointment_id"),
        Index("ix_payments_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="RESTRICT"))
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    provider: Mapped[str] = mapped_column(String(16))  # "stripe" or "cash"
    method: Mapped[str] = mapped_column(String(16), default=PaymentMethod.CARD)
    status: Mapped[str] = mapped_column(String(16), default=ChargeStatus.OPEN)
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    # Succeeded and pending refunds together: what may still be refunded is amount - this.
    refunded_amount: Mapped[int] = mapped_column(default=0, server_default="0")
    # The provider's checkout session (cs_...) and payment (pi_...).
    checkout_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    checkout_url: Mapped[str | None] = mapped_column(Text)
    provider_payment_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    paid_at: Mapped[datetime | None]
    # Who recorded a cash payment.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    appointment: Mapped[Appointment] = relationship(lazy="joined", innerjoin=True)
    refunds: Mapped[list[Refund]] = relationship(
        back_populates="payment", order_by="Refund.id", lazy="select"
    )


class Refund(db.Model):
    """Money returned on a payment. The amount is reserved on the payment when the refund is
    created (under the payment's row lock), so parallel requests never refund more than was
    paid; the idempotency key makes the same decision (a cancellation, a duplicate) refund once
    and is sent to the provider as its Idempotency-Key."""

    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(_in_list("status", RefundStatus), name="status_valid"),
        CheckConstraint(_in_list("reason", RefundReason), name="reason_valid"),
        Index("ix_refunds_appointment_id", "appointment_id"),
        Index("ix_refunds_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(
        ForeignKey("payments.id", ondelete="RESTRICT"), index=True
    )
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="RESTRICT"))
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=RefundStatus.PENDING)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    provider_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    settled_at: Mapped[datetime | None]

    payment: Mapped[Payment] = relationship(back_populates="refunds", lazy="joined")


class ProviderEvent(db.Model):
    """A provider's webhook event, kept by its id so that a replay changes nothing."""

    __tablename__ = "provider_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)  # evt_...
    provider: Mapped[str] = mapped_column(String(16))
    type: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class InvoiceCounter(db.Model):
    """The next number of a series (one per issuing entity and kind of document). Taken under
    a row lock in the transaction that writes the document, so a rolled-back document gives its
    number back and the series has no gaps."""

    __tablename__ = "invoice_counters"

    series: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_number: Mapped[int] = mapped_column(default=1, server_default="1")


class Invoice(db.Model):
    """An invoice for a settled payment, or a credit note for a refund; what it shows is copied
    onto it when it is issued, so later changes of names, fees or addresses do not rewrite it."""

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("series", "number", name="uq_invoices_series_number"),
        CheckConstraint(_in_list("kind", DocumentKind), name="kind_valid"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("tax_amount >= 0 AND tax_amount <= amount", name="tax_within_amount"),
        Index("ix_invoices_patient_issued", "patient_id", "issued_at"),
        Index("ix_invoices_doctor_issued", "doctor_id", "issued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    series: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    # As printed: series and number, e.g. "INV-D12-000042".
    display_number: Mapped[str] = mapped_column(String(48), unique=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="RESTRICT"), index=True
    )
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="RESTRICT"))
    # A credit note's refund (one note per refund) and the invoice it corrects.
    refund_id: Mapped[int | None] = mapped_column(
        ForeignKey("refunds.id", ondelete="RESTRICT"), unique=True
    )
    credited_invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="RESTRICT")
    )
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    amount: Mapped[int]  # what was paid (invoice) or given back (credit note), tax included
    tax_amount: Mapped[int] = mapped_column(default=0, server_default="0")
    tax_rate_bps: Mapped[int] = mapped_column(default=0, server_default="0")  # 1000 = 10 %
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(24))  # "paid", "refunded", ...
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The document as issued.
    issuer_name: Mapped[str] = mapped_column(String(200))
    issuer_address: Mapped[str | None] = mapped_column(Text)
    doctor_name: Mapped[str] = mapped_column(String(200))
    patient_name: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(Text)  # e.g. "Video consultation, 2026-12-03 09:00"


# The ledger refuses UPDATE and DELETE in the database (a trigger on PostgreSQL and SQLite).
APPEND_ONLY = ("ledger_entries",)


class LedgerEntry(db.Model):
    """One movement of money, never changed or removed: a charge (positive), a refund or a fee
    (negative). Each payment is charged once, each refund entered once."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint(_in_list("kind", LedgerKind), name="kind_valid"),
        CheckConstraint(
            "(kind = 'charge' AND amount > 0) OR (kind != 'charge' AND amount < 0)",
            name="sign_matches_kind",
        ),
        Index(
            "ux_ledger_one_charge_per_payment",
            "payment_id",
            unique=True,
            postgresql_where=text("kind = 'charge'"),
            sqlite_where=text("kind = 'charge'"),
        ),
        Index(
            "ux_ledger_one_fee_per_payment",
            "payment_id",
            unique=True,
            postgresql_where=text("kind = 'fee'"),
            sqlite_where=text("kind = 'fee'"),
        ),
        Index("ix_ledger_at", "at"),
        Index("ix_ledger_doctor_at", "doctor_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int]  # signed, minor units
    currency: Mapped[str] = mapped_column(String(3))
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="RESTRICT"), index=True
    )
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="RESTRICT"))
    refund_id: Mapped[int | None] = mapped_column(
        ForeignKey("refunds.id", ondelete="RESTRICT"), unique=True
    )
    provider: Mapped[str] = mapped_column(String(16))
    provider_ref: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
