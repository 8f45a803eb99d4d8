"""Paying for an appointment through the provider's checkout (the official SDK against the
local stand-in): the right amount and currency, one open checkout reused, signed webhooks (a
bad or old signature refused, a replay changing nothing), the return page's refresh, a request
held until paid and confirmed when paid, cash at the desk without a provider, bounded queries."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from clinic360.extensions import db
from clinic360.models import Appointment, ChargeStatus, LedgerEntry, Payment, ProviderEvent, Role
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
def paid_doctor(scheduled_doctor):
    def factory(requires_approval: bool = False, late_change_hours: int = 24):
        return scheduled_doctor(
            requires_approval=requires_approval,
            late_change_hours=late_change_hours,
            fee_amount=FEE,
            currency="EUR",
        )

    return factory


def deliver(client, standin, event, **sign):
    body, header = standin.signed(event, **sign)
    return client.raw.post(
        WEBHOOK, data=body, headers={"Stripe-Signature": header, "Content-Type": "application/json"}
    )


def checkout(patient, appointment_id):
    response = patient.post(f"/api/appointments/{appointment_id}/payment")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["checkoutUrl"]


def session_of(standin, url):
    return standin.sessions[url.rsplit("/", 1)[1]]


def pay(client, standin, patient, appointment_id):
    """Check out and pay; the webhook delivered. The completed event."""
    session = session_of(standin, checkout(patient, appointment_id))
    standin.pay(session["id"], deliver=False)
    event = standin.event("checkout.session.completed", session)
    response = deliver(client, standin, event)
    assert response.status_code == 200, response.get_data(as_text=True)
    return event


def state(client, appointment_id):
    return client.get(f"/api/appointments/{appointment_id}").get_json()


def test_checkout_asks_for_the_price_in_its_currency_and_reuses_the_open_one(
    stripe_api, paid_doctor, booked, logged_in
):
    doctor = paid_doctor()
    patient, appointment = booked(doctor)
    # Paid before confirmation: held as a request although the doctor confirms at once.
    assert appointment["status"] == "pending"
    assert appointment["price"] == {"amount": FEE, "currency": "EUR"}
    assert appointment["payment"]["status"] == "unpaid"
    url = checkout(patient, appointment["id"])
    session = session_of(stripe_api, url)
    assert (session["amount_total"], session["currency"]) == (FEE, "eur")
    assert session["metadata"]["appointment_id"] == str(appointment["id"])
    assert "{CHECKOUT_SESSION_ID}" in session["success_url"]
    assert checkout(patient, appointment["id"]) == url
    assert len(stripe_api.sessions) == 1
    assert state(patient, appointment["id"])["payment"]["status"] == "pending"

    doc = logged_in(doctor)
    assert "confirm" not in state(doc, appointment["id"])["allowedActions"]
    refused = doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "payment_required"


def test_a_signed_completed_event_pays_and_confirms_the_request(
    app, stripe_api, paid_doctor, booked, client
):
    patient, appointment = booked(paid_doctor())
    pay(client, stripe_api, patient, appointment["id"])
    seen = state(patient, appointment["id"])
    assert seen["payment"]["status"] == "paid" and seen["payment"]["paidAt"]
    assert seen["status"] == "confirmed"
    detail = patient.get(f"/api/appointments/{appointment['id']}/payment").get_json()
    assert detail["price"] == {"amount": FEE, "currency": "EUR"}
    assert [p["status"] for p in detail["payments"]] == ["paid"]
    assert [i["kind"] for i in detail["invoices"]] == ["invoice"]
    again = patient.post(f"/api/appointments/{appointment['id']}/payment")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_paid"


def test_a_doctor_who_approves_keeps_the_paid_request_for_approval(
    stripe_api, paid_doctor, booked, client, logged_in
):
    doctor = paid_doctor(requires_approval=True)
    patient, appointment = booked(doctor)
    pay(client, stripe_api, patient, appointment["id"])
    assert state(patient, appointment["id"])["status"] == "pending"
    doc = logged_in(doctor)
    confirmed = doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    assert confirmed.status_code == 200, confirmed.get_json()


@pytest.mark.parametrize(
    ("sign", "code"),
    [
        ({"secret": "whsec_wrong"}, "invalid_signature"),
        ({"timestamp": int(time.time()) - 3600}, "invalid_signature"),
    ],
)
def test_a_bad_or_old_signature_is_refused(
    app, stripe_api, paid_doctor, booked, client, sign, code
):
    patient, appointment = booked(paid_doctor())
    session = session_of(stripe_api, checkout(patient, appointment["id"]))
    stripe_api.pay(session["id"], deliver=False)
    response = deliver(
        client, stripe_api, stripe_api.event("checkout.session.completed", session), **sign
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code
    assert state(patient, appointment["id"])["payment"]["status"] == "pending"
    unsigned = client.raw.post(WEBHOOK, data=b"{}", headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 400
    junk = deliver(client, stripe_api, "not json at all")
    assert junk.status_code == 400 and junk.get_json()["error"]["code"] == "invalid_payload"


def test_a_replayed_event_changes_nothing(app, stripe_api, paid_doctor, booked, client):
    patient, appointment = booked(paid_doctor())
    event = pay(client, stripe_api, patient, appointment["id"])
    replay = deliver(client, stripe_api, event)
    assert replay.status_code == 200 and replay.get_json()["applied"] is False
    other = stripe_api.event("checkout.session.async_payment_succeeded", event["data"]["object"])
    assert deliver(client, stripe_api, other).status_code == 200
    with app.app_context():
        payments = db.session.scalars(
            select(Payment).where(Payment.appointment_id == appointment["id"])
        ).all()
        assert [p.status for p in payments] == [ChargeStatus.PAID]
        charges = db.session.scalar(
            select(func.count())
            .select_from(LedgerEntry)
            .where(LedgerEntry.appointment_id == appointment["id"], LedgerEntry.kind == "charge")
        )
        assert charges == 1
        assert db.session.get(ProviderEvent, event["id"]) is not None


def test_unknown_events_are_acknowledged(stripe_api, client):
    event = stripe_api.event("customer.created", {"id": "cus_1", "object": "customer"})
    response = deliver(client, stripe_api, event)
    assert response.status_code == 200


def test_the_return_page_refresh_asks_the_provider(stripe_api, paid_doctor, booked):
    patient, appointment = booked(paid_doctor())
    session = session_of(stripe_api, checkout(patient, appointment["id"]))
    refreshed = patient.post(f"/api/appointments/{appointment['id']}/payment/refresh")
    assert refreshed.status_code == 200 and refreshed.get_json()["status"] == "pending"
    stripe_api.pay(session["id"], deliver=False)  # the webhook is lost
    refreshed = patient.post(f"/api/appointments/{appointment['id']}/payment/refresh")
    assert refreshed.get_json()["status"] == "paid"
    assert state(patient, appointment["id"])["status"] == "confirmed"


def test_strangers_see_no_payment(stripe_api, paid_doctor, booked, logged_in, make_user):
    _, appointment = booked(paid_doctor())
    stranger = logged_in(make_user())
    assert stranger.get(f"/api/appointments/{appointment['id']}/payment").status_code == 404
    assert stranger.post(f"/api/appointments/{appointment['id']}/payment").status_code == 404
    other_doctor = logged_in(make_user(Role.DOCTOR))
    assert other_doctor.get(f"/api/appointments/{appointment['id']}/payment").status_code == 404


def test_cash_at_the_clinic_without_a_provider(app, monkeypatch, paid_doctor, booked, logged_in):
    monkeypatch.setitem(app.config, "PAYMENTS_PROVIDER", "none")
    doctor = paid_doctor()
    patient, appointment = booked(doctor)
    assert appointment["status"] == "confirmed"
    assert appointment["payment"] == {
        "status": "unpaid",
        "paidAt": None,
        "refundedAmount": 0,
        "due": "after_visit",
        "online": False,
    }
    online = patient.post(f"/api/appointments/{appointment['id']}/payment")
    assert online.status_code == 409 and online.get_json()["error"]["code"] == "pay_at_clinic"
    assert patient.post(f"/api/appointments/{appointment['id']}/payment/cash").status_code == 403
    doc = logged_in(doctor)
    cash = doc.post(f"/api/appointments/{appointment['id']}/payment/cash")
    assert cash.status_code == 200, cash.get_json()
    body = cash.get_json()
    assert body["status"] == "paid"
    assert [(p["provider"], p["method"], p["amount"]) for p in body["payments"]] == [
        ("cash", "cash", {"amount": FEE, "currency": "EUR"})
    ]
    again = doc.post(f"/api/appointments/{appointment['id']}/payment/cash")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_paid"
    refund = doc.post(f"/api/appointments/{appointment['id']}/refunds", {"amount": 3000})
    assert refund.status_code == 201 and refund.get_json()["status"] == "succeeded"
    assert state(patient, appointment["id"])["payment"]["status"] == "partially_refunded"


def test_a_free_visit_needs_no_payment(stripe_api, scheduled_doctor, booked):
    patient, appointment = booked(scheduled_doctor(requires_approval=False, fee_amount=0))
    assert appointment["status"] == "confirmed"
    response = patient.post(f"/api/appointments/{appointment['id']}/payment")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "payment_not_required"


def test_payment_detail_queries_are_bounded(
    app, stripe_api, paid_doctor, booked, client, count_queries, logged_in
):
    doctor = paid_doctor()
    patient, appointment = booked(doctor)
    pay(client, stripe_api, patient, appointment["id"])
    doc = logged_in(doctor)
    counts = []
    for _ in range(3):
        refund = doc.post(f"/api/appointments/{appointment['id']}/refunds", {"amount": 1000})
        assert refund.status_code == 201
        with count_queries() as counter:
            response = patient.get(f"/api/appointments/{appointment['id']}/payment")
        assert response.status_code == 200
        counts.append(counter.count)
    assert len(response.get_json()["refunds"]) == 3
    assert len(response.get_json()["invoices"]) == 4  # the invoice and three credit notes
    assert counts[0] == counts[-1] <= 12, counts
    with app.app_context():
        assert db.session.get(Appointment, appointment["id"]).refunded_amount == 3000


def test_without_the_provider_no_webhook_is_accepted(app, monkeypatch, stripe_standin, client):  # noqa: F811
    monkeypatch.setitem(app.config, "PAYMENTS_PROVIDER", "none")
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", None)
    event = stripe_standin.event("checkout.session.completed", {"id": "cs_1"})
    response = deliver(client, stripe_standin, event)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_signature"
