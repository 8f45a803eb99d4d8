"""Webhooks the provider signs but that do not describe our expected charge: a session is ours
only by its id (the metadata's payment id counts only before we stored a session id, with the
appointment as client reference); a paid session of another amount or currency, or of none,
settles nothing, fails the open payment and is acknowledged. A replay on PostgreSQL changes
nothing. A refund made in the provider's dashboard is recorded, settled and credited once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import ChargeStatus, Invoice, LedgerEntry, Payment, Refund
from tests.stripe_standin import stripe_standin  # noqa: F401

WEBHOOK = "/api/payments/webhooks/stripe"
FEE = 8000


@pytest.fixture
def stripe_api(app, monkeypatch, stripe_standin):  # noqa: F811
    for key, value in stripe_standin.settings().items():
        monkeypatch.setitem(app.config, key, value)
    monkeypatch.setitem(app.config, "PAYMENT_DUE", "before_confirm")
    return stripe_standin


@pytest.fixture
def visit(scheduled_doctor, booked):
    doctor = scheduled_doctor(fee_amount=FEE, currency="EUR")
    return booked(doctor)


def deliver(client, standin, event):
    body, header = standin.signed(event)
    response = client.raw.post(
        WEBHOOK, data=body, headers={"Stripe-Signature": header, "Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def open_session(standin, patient, appointment_id):
    response = patient.post(f"/api/appointments/{appointment_id}/payment")
    assert response.status_code == 201, response.get_json()
    return standin.sessions[response.get_json()["checkoutUrl"].rsplit("/", 1)[1]]


def payments(app, appointment_id):
    with app.app_context():
        return [
            (p.status, p.checkout_id)
            for p in db.session.scalars(
                select(Payment).where(Payment.appointment_id == appointment_id)
            )
        ]


def charges(app, appointment_id):
    with app.app_context():
        return db.session.scalars(
            select(LedgerEntry).where(LedgerEntry.appointment_id == appointment_id)
        ).all()


def test_a_session_naming_another_payment_pays_nothing(app, stripe_api, visit, client):
    patient, appointment = visit
    session = open_session(stripe_api, patient, appointment["id"])
    forged = dict(session, id="cs_forged", status="complete", payment_status="paid")
    forged["payment_intent"] = "pi_forged"
    deliver(client, stripe_api, stripe_api.event("checkout.session.completed", forged))
    assert payments(app, appointment["id"]) == [(ChargeStatus.OPEN, session["id"])]
    assert charges(app, appointment["id"]) == []
    seen = patient.get(f"/api/appointments/{appointment['id']}").get_json()
    assert seen["payment"]["status"] == "pending"


@pytest.mark.parametrize(
    "change",
    [{"currency": "usd"}, {"amount_total": FEE - 1}, {"amount_total": None}],
    ids=["currency", "amount", "no-amount"],
)
def test_a_paid_session_of_another_charge_settles_nothing(app, stripe_api, visit, client, change):
    patient, appointment = visit
    session = open_session(stripe_api, patient, appointment["id"])
    paid = dict(stripe_api.pay(session["id"], deliver=False), **change)
    answer = deliver(client, stripe_api, stripe_api.event("checkout.session.completed", paid))
    assert answer["applied"] is True
    assert payments(app, appointment["id"]) == [(ChargeStatus.FAILED, session["id"])]
    assert charges(app, appointment["id"]) == []
    seen = patient.get(f"/api/appointments/{appointment['id']}").get_json()
    assert seen["payment"]["status"] != "paid"


def test_the_same_currency_in_another_case_pays(app, stripe_api, visit, client):
    patient, appointment = visit
    session = open_session(stripe_api, patient, appointment["id"])
    paid = dict(stripe_api.pay(session["id"], deliver=False), currency="EUR")
    event = stripe_api.event("checkout.session.completed", paid)
    assert deliver(client, stripe_api, event)["applied"] is True
    assert payments(app, appointment["id"]) == [(ChargeStatus.PAID, session["id"])]
    # The replay (PostgreSQL: the event row is there) changes nothing.
    assert deliver(client, stripe_api, event)["applied"] is False
    assert [e.kind for e in charges(app, appointment["id"])] == ["charge"]


def test_a_refund_made_at_the_provider_is_recorded_once(app, stripe_api, visit, client):
    patient, appointment = visit
    session = open_session(stripe_api, patient, appointment["id"])
    paid = stripe_api.pay(session["id"], deliver=False)
    deliver(client, stripe_api, stripe_api.event("checkout.session.completed", paid))
    outside = {
        "id": "re_dashboard1",
        "object": "refund",
        "amount": 3000,
        "currency": "eur",
        "status": "succeeded",
        "payment_intent": paid["payment_intent"],
        "metadata": {},
    }
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": paid["payment_intent"],
        "refunds": {"object": "list", "data": [outside]},
    }
    deliver(client, stripe_api, stripe_api.event("charge.refunded", charge))
    deliver(client, stripe_api, stripe_api.event("refund.updated", outside))
    too_much = dict(outside, id="re_dashboard2", amount=FEE)  # capped at what is left
    deliver(client, stripe_api, stripe_api.event("refund.updated", too_much))
    with app.app_context():
        made = db.session.scalars(
            select(Refund).where(Refund.appointment_id == appointment["id"]).order_by(Refund.id)
        ).all()
        assert [(r.amount, r.reason, r.status, r.idempotency_key) for r in made] == [
            (3000, "manual", "succeeded", "c360-refund-ext-re_dashboard1"),
            (FEE - 3000, "manual", "succeeded", "c360-refund-ext-re_dashboard2"),
        ]
        notes = db.session.scalars(
            select(Invoice.amount).where(
                Invoice.appointment_id == appointment["id"], Invoice.kind == "credit_note"
            )
        ).all()
        assert sorted(notes) == [3000, FEE - 3000]
    assert sorted(e.amount for e in charges(app, appointment["id"]) if e.kind == "refund") == [
        -(FEE - 3000),
        -3000,
    ]
    seen = patient.get(f"/api/appointments/{appointment['id']}").get_json()
    assert seen["payment"]["status"] == "refunded"
    assert seen["payment"]["refundedAmount"] == FEE
