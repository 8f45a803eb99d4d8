"""Reconciliation: the ledger's card payments and refunds against the provider's listing
(the Stripe stand-in through the official SDK); only disagreements are listed, with totals."""

from __future__ import annotations

import pytest

from clinic360.clock import now_utc
from clinic360.models import Role
from tests.billing_rows import paid_visit, refunded
from tests.stripe_standin import stripe_standin  # noqa: F401


@pytest.fixture
def stripe_api(app, monkeypatch, stripe_standin):  # noqa: F811
    for key, value in stripe_standin.settings().items():
        monkeypatch.setitem(app.config, key, value)
    return stripe_standin


def session(standin, amount: int, paid: bool = True) -> dict:
    created = standin.create_session(
        {
            "mode": "payment",
            "line_items": [
                {"price_data": {"currency": "usd", "unit_amount": amount}, "quantity": 1}
            ],
        }
    )
    return standin.pay(created["id"], deliver=False) if paid else created


def test_disagreements_are_listed_with_both_totals(app, stripe_api, make_user, logged_in):
    doctor, patient = make_user(Role.DOCTOR), make_user()
    now = now_utc()

    def card(amount, checkout):
        return paid_visit(app, doctor.id, patient.id, amount, at=now, method="card",
                          checkout_id=checkout["id"])  # fmt: skip

    agreed = session(stripe_api, 8_000)
    agreed_payment = card(8_000, agreed)
    card(5_000, session(stripe_api, 4_000))  # the provider took less
    unknown = session(stripe_api, 3_000)  # paid at the provider, not in our ledger
    unpaid = session(stripe_api, 2_500, paid=False)
    unpaid_payment = card(2_500, unpaid)  # in our ledger, not paid at the provider
    status, their_refund = stripe_api.create_refund(
        {"payment_intent": agreed["payment_intent"], "amount": "1000"}
    )
    assert status == 200
    refund_id = refunded(app, agreed_payment, 1_500, now, provider_refund_id=their_refund["id"])
    cash = paid_visit(app, doctor.id, patient.id, 9_999, at=now)  # cash is not the provider's

    admin = logged_in(make_user(Role.ADMIN))
    day = now.date().isoformat()
    response = admin.get(f"/api/admin/reports/reconciliation?from={day}&to={day}")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    rows = {(r["type"], r["providerId"]): r for r in body["rows"]}
    assert sorted((r["type"], r["issue"]) for r in body["rows"]) == [
        ("payment", "amount_differs"),
        ("payment", "missing_at_provider"),
        ("payment", "missing_in_ledger"),
        ("refund", "amount_differs"),
    ]
    assert rows[("payment", unknown["id"])]["issue"] == "missing_in_ledger"
    assert rows[("payment", unknown["id"])]["id"] is None
    assert rows[("payment", unpaid["id"])] == {
        "type": "payment",
        "id": unpaid_payment,
        "providerId": unpaid["id"],
        "currency": "USD",
        "ledgerAmount": 2_500,
        "providerAmount": None,
        "issue": "missing_at_provider",
    }
    refund_row = rows[("refund", their_refund["id"])]
    assert (refund_row["id"], refund_row["ledgerAmount"], refund_row["providerAmount"]) == (
        refund_id,
        1_500,
        1_000,
    )
    assert refund_row["issue"] == "amount_differs"
    assert all(r["id"] != cash for r in body["rows"] if r["type"] == "payment")
    assert body["totals"] == {
        "chargesLedger": 8_000 + 5_000 + 2_500,
        "chargesProvider": 8_000 + 4_000 + 3_000,
        "refundsLedger": 1_500,
        "refundsProvider": 1_000,
        "mismatches": 4,
    }
    assert (
        admin.get("/api/admin/reports/reconciliation?from=2029-01-02&to=2029-01-01").status_code
        == 422
    )
