"""The ledger is append-only (PostgreSQL refuses UPDATE and DELETE), each payment is charged
once and each refund entered once, however often settlement calls in; the fee follows
PLATFORM_FEE_BPS."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from clinic360.blueprints.billing import ledger
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import LedgerEntry, LedgerKind, Payment, Refund, Role
from tests.billing_rows import paid_visit, refunded


@pytest.fixture
def paid(app, make_user):
    doctor, patient = make_user(Role.DOCTOR), make_user()
    return paid_visit(app, doctor.id, patient.id, amount=12_000)


def entries(app, payment_id):
    with app.app_context():
        rows = db.session.execute(
            select(LedgerEntry.kind, LedgerEntry.amount)
            .where(LedgerEntry.payment_id == payment_id)
            .order_by(LedgerEntry.id)
        ).all()
        return [tuple(r) for r in rows]


def test_the_database_refuses_to_change_or_remove_a_ledger_line(app, paid):
    with app.app_context():
        assert db.session.get_bind().dialect.name == "postgresql"
        for statement in (
            "UPDATE ledger_entries SET amount = 1 WHERE payment_id = :p",
            "UPDATE ledger_entries SET description = 'edited' WHERE payment_id = :p",
            "DELETE FROM ledger_entries WHERE payment_id = :p",
        ):
            with pytest.raises(DBAPIError), db.session.begin_nested():
                db.session.execute(text(statement), {"p": paid})
        assert db.session.scalar(select(func.count()).where(LedgerEntry.payment_id == paid)) == 1
    assert entries(app, paid) == [("charge", 12_000)]


def test_each_payment_is_charged_once_and_each_refund_entered_once(app, paid):
    with app.app_context():
        payment = db.session.get(Payment, paid)
        first = ledger.record_charge(payment, now_utc())
        again = ledger.record_charge(payment, now_utc())
        assert first.id == again.id
        # Written by hand, a second charge is refused by the unique index.
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.add(
                LedgerEntry(
                    kind=LedgerKind.CHARGE,
                    amount=12_000,
                    currency="USD",
                    appointment_id=payment.appointment_id,
                    doctor_id=payment.doctor_id,
                    payment_id=payment.id,
                    provider="cash",
                )
            )
        # A charge must be positive, a refund negative.
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.add(
                LedgerEntry(
                    kind=LedgerKind.FEE,
                    amount=5,
                    currency="USD",
                    appointment_id=payment.appointment_id,
                    doctor_id=payment.doctor_id,
                    payment_id=payment.id,
                    provider="cash",
                )
            )
    refund_id = refunded(app, paid, 2_000)
    with app.app_context():
        refund = db.session.get(Refund, refund_id)
        assert ledger.record_refund(refund, now_utc()).amount == -2_000
        assert ledger.record_refund(refund, now_utc()).amount == -2_000
        db.session.commit()
    assert entries(app, paid) == [("charge", 12_000), ("refund", -2_000)]


def test_the_platform_fee_is_entered_once_per_payment(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "PLATFORM_FEE_BPS", 1250)  # 12.5 %
    doctor, patient = make_user(Role.DOCTOR), make_user()
    payment_id = paid_visit(app, doctor.id, patient.id, amount=8_001)
    with app.app_context():
        payment = db.session.get(Payment, payment_id)
        assert ledger.record_fee(payment, now_utc()).amount == -1_000
        db.session.commit()
    assert entries(app, payment_id) == [("charge", 8_001), ("fee", -1_000)]
    monkeypatch.setitem(app.config, "PLATFORM_FEE_BPS", 0)
    other = paid_visit(app, doctor.id, patient.id, amount=500)
    assert entries(app, other) == [("charge", 500)]
