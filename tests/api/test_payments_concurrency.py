"""Money under real concurrency: twenty parallel requests to a gunicorn server (4 processes x
4 threads) on PostgreSQL, with the Stripe stand-in answering the official SDK: one completed
event replayed, other events for the same checkout session, the doctor's refund requests and
the patient's cancellation, all at once for one appointment. Exactly one payment is paid, and
never more than was paid goes back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    ChargeStatus,
    DoctorProfile,
    LedgerEntry,
    Payment,
    Refund,
    RefundStatus,
    Role,
)
from tests.live import HttpClient, add_schedule, race, run_server
from tests.stripe_standin import StripeStandin

FEE = 8000
REPLAYS, OTHER_EVENTS, REFUND_REQUESTS = 10, 5, 4  # + the patient's cancellation: 20


def _priced_doctor(live_app, live_user):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology")
    with live_app.app_context():
        profile = db.session.get(DoctorProfile, doctor["id"])
        profile.fee_amount, profile.currency = FEE, "USD"
        db.session.commit()
    add_schedule(live_app, doctor, requires_approval=False)
    return doctor


def test_parallel_webhooks_refunds_and_a_cancellation_pay_once_and_refund_at_most_the_price(
    live_app, live_env, live_user
):
    with StripeStandin() as stripe_api:
        env = {**live_env, **stripe_api.settings(), "PAYMENT_DUE": "before_confirm"}
        with run_server(env, workers=4, threads=4) as base_url:
            stripe_api.webhook_url = f"{base_url}/api/payments/webhooks/stripe"
            _race(live_app, live_user, stripe_api, base_url)


def _race(live_app, live_user, stripe_api, base_url):
    doctor = _priced_doctor(live_app, live_user)
    patient, doc = HttpClient(base_url), HttpClient(base_url)
    patient.login(live_user(Role.PATIENT))
    doc.login(doctor)
    day = (now_utc() + timedelta(days=2)).date().isoformat()
    _, slots = patient.request("GET", f"/api/doctors/{doctor['id']}/slots?from={day}&to={day}")
    status, appointment = patient.request(
        "POST",
        "/api/appointments",
        {"doctorId": doctor["id"], "startTime": slots[0]["startTime"], "consultationType": "video"},
    )
    assert status == 201, appointment
    assert appointment["status"] == "pending"  # held until paid
    appointment_id = appointment["id"]
    status, answer = patient.request("POST", f"/api/appointments/{appointment_id}/payment")
    assert status == 201, answer
    session = stripe_api.pay(answer["checkoutUrl"].rsplit("/", 1)[1], deliver=False)
    completed = stripe_api.event("checkout.session.completed", session)
    others = [
        stripe_api.event(kind, session)
        for kind in ["checkout.session.completed", "checkout.session.async_payment_succeeded"] * 3
    ][:OTHER_EVENTS]
    refunds_url = f"/api/appointments/{appointment_id}/refunds"
    calls = (
        [lambda: stripe_api.deliver(completed)] * REPLAYS
        + [lambda event=event: stripe_api.deliver(event) for event in others]
        + [lambda: doc.request("POST", refunds_url, {"amount": 3000})] * REFUND_REQUESTS
        + [
            lambda: patient.request(
                "PUT", f"/api/appointments/{appointment_id}", {"status": "cancelled"}
            )
        ]
    )
    assert len(calls) == 20
    for client in (patient, doc):  # each with its token before the race, not fetched in it
        client.token = client.request("GET", "/api/csrf")[1]["csrfToken"]
    results = race(*calls)
    statuses = [result[0] for result in results]
    assert all(status < 500 for status in statuses), results
    assert statuses[: REPLAYS + OTHER_EVENTS] == [200] * (REPLAYS + OTHER_EVENTS), results

    with live_app.app_context():
        payments = db.session.scalars(
            select(Payment).where(Payment.appointment_id == appointment_id)
        ).all()
        assert [p.status for p in payments] == [ChargeStatus.PAID]
        refunds = db.session.scalars(
            select(Refund).where(Refund.appointment_id == appointment_id)
        ).all()
        given = sum(r.amount for r in refunds if r.status != RefundStatus.FAILED)
        assert given <= FEE
        assert payments[0].refunded_amount == given
        assert len({r.idempotency_key for r in refunds}) == len(refunds)
        charges = db.session.scalar(
            select(func.count())
            .select_from(LedgerEntry)
            .where(LedgerEntry.appointment_id == appointment_id, LedgerEntry.kind == "charge")
        )
        assert charges == 1
        back = db.session.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
                LedgerEntry.appointment_id == appointment_id, LedgerEntry.kind == "refund"
            )
        )
        assert -back <= FEE
        appointment_row = db.session.get(Appointment, appointment_id)
        settled = sum(r.amount for r in refunds if r.status == RefundStatus.SUCCEEDED)
        assert appointment_row.refunded_amount == settled == -back
    assert sum(r["amount"] for r in stripe_api.refunds.values()) == settled
    status, detail = doc.request("GET", f"/api/appointments/{appointment_id}/payment")
    assert status == 200 and [p["status"] for p in detail["payments"]] == ["paid"]
