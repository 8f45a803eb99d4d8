"""Payments at the edges: a visit paid after it took place, two checkouts of one visit both paid
(the second charged, invoiced and refunded, so the ledger nets out), other open checkouts ended
once paid, refunds repeated under one Idempotency-Key, a checkout opened late in the payment
window, an unreachable provider, whether payments are online, an unpaid visit cancelled."""

from __future__ import annotations

import socket
from datetime import timedelta

from sqlalchemy import func, select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.jobs.expiry import expire_requests
from clinic360.models import Appointment, DoctorProfile, LedgerEntry, Payment, Role
from tests.api import test_payments as payments
from tests.api.test_payments import FEE, checkout, deliver, pay, session_of, state
from tests.factories import move_into_past
from tests.live import HttpClient, add_schedule, race, run_server
from tests.stripe_standin import StripeStandin

stripe_standin = payments.stripe_standin
stripe_api = payments.stripe_api
paid_doctor = payments.paid_doctor


def detail(client, appointment_id):
    response = client.get(f"/api/appointments/{appointment_id}/payment")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def completed_visit(app, doctor, booked, logged_in):
    patient, appointment = booked(doctor)
    assert appointment["status"] == "confirmed"
    assert appointment["payment"]["due"] == "after_visit"
    move_into_past(app, appointment["id"])
    doc = logged_in(doctor)
    done = doc.put(f"/api/appointments/{appointment['id']}", {"status": "completed"})
    assert done.status_code == 200, done.get_json()
    return patient, doc, appointment


def ledger_sum(app, appointment_id):
    with app.app_context():
        return db.session.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount), 0))
            .join(Payment, Payment.id == LedgerEntry.payment_id)
            .where(Payment.appointment_id == appointment_id)
        )


def test_cash_for_a_completed_visit_paid_after_it(app, monkeypatch, paid_doctor, booked, logged_in):
    monkeypatch.setitem(app.config, "PAYMENTS_PROVIDER", "none")
    patient, doc, appointment = completed_visit(app, paid_doctor(), booked, logged_in)
    cash = doc.post(f"/api/appointments/{appointment['id']}/payment/cash")
    assert cash.status_code == 200, cash.get_json()
    body = cash.get_json()
    assert body["status"] == "paid" and body["online"] is False
    assert [i["kind"] for i in body["invoices"]] == ["invoice"]
    assert state(patient, appointment["id"])["status"] == "completed"


def test_checkout_for_a_completed_visit_paid_after_it(
    app, monkeypatch, stripe_api, paid_doctor, booked, logged_in, client
):
    monkeypatch.setitem(app.config, "PAYMENT_DUE", "after_visit")
    patient, _doc, appointment = completed_visit(app, paid_doctor(), booked, logged_in)
    assert appointment["payment"]["online"] is True
    pay(client, stripe_api, patient, appointment["id"])
    paid = detail(patient, appointment["id"])
    assert paid["status"] == "paid"
    assert [i["kind"] for i in paid["invoices"]] == ["invoice"]


def two_open_checkouts(app, stripe_api, patient, appointment_id):
    """Two checkouts of one appointment: the first made to look almost over, so that the
    patient's second attempt opens a new one."""
    first = session_of(stripe_api, checkout(patient, appointment_id))
    with app.app_context():
        payment = db.session.scalars(
            select(Payment).where(Payment.checkout_id == first["id"])
        ).one()
        payment.expires_at = now_utc() + timedelta(seconds=30)
        db.session.commit()
    second = session_of(stripe_api, checkout(patient, appointment_id))
    assert second["id"] != first["id"]
    return first, second


def test_a_second_paid_checkout_is_charged_invoiced_and_refunded(
    app, stripe_api, paid_doctor, booked, client
):
    patient, appointment = booked(paid_doctor())
    first, second = two_open_checkouts(app, stripe_api, patient, appointment["id"])
    stripe_api.pay(first["id"], deliver=False)
    stripe_api.pay(second["id"], deliver=False)
    # Paid: the other checkout is closed, the provider says it was paid too: a duplicate.
    response = deliver(client, stripe_api, stripe_api.event("checkout.session.completed", first))
    assert response.status_code == 200
    seen = detail(patient, appointment["id"])
    assert seen["status"] == "paid"
    assert sorted(p["status"] for p in seen["payments"]) == ["duplicate", "paid"]
    assert [(r["reason"], r["status"]) for r in seen["refunds"]] == [("duplicate", "succeeded")]
    assert sorted(i["kind"] for i in seen["invoices"]) == ["credit_note", "invoice", "invoice"]
    assert [r["amount"] for r in stripe_api.refunds.values()] == [FEE]
    assert ledger_sum(app, appointment["id"]) == FEE
    # The duplicate's own completed event changes nothing more.
    again = deliver(client, stripe_api, stripe_api.event("checkout.session.completed", second))
    assert again.status_code == 200
    assert len(stripe_api.refunds) == 1 and ledger_sum(app, appointment["id"]) == FEE


def test_paying_ends_the_other_open_checkouts(app, stripe_api, paid_doctor, booked, client):
    patient, appointment = booked(paid_doctor())
    first, second = two_open_checkouts(app, stripe_api, patient, appointment["id"])
    stripe_api.pay(second["id"], deliver=False)
    deliver(client, stripe_api, stripe_api.event("checkout.session.completed", second))
    assert stripe_api.sessions[first["id"]]["status"] == "expired"
    seen = detail(patient, appointment["id"])
    assert sorted(p["status"] for p in seen["payments"]) == ["expired", "paid"]
    assert seen["refunds"] == [] and ledger_sum(app, appointment["id"]) == FEE


def test_a_repeated_refund_request_refunds_once(stripe_api, paid_doctor, booked, client, logged_in):
    doctor = paid_doctor()
    patient, appointment = booked(doctor)
    pay(client, stripe_api, patient, appointment["id"])
    doc = logged_in(doctor)
    url = f"/api/appointments/{appointment['id']}/refunds"
    key = {"Idempotency-Key": "5f0c6c2e-2d0e-4c8e-9d1f-0a4b7f3e2c11"}
    first = doc.post(url, {"amount": 3000}, headers=key)
    assert first.status_code == 201, first.get_json()
    again = doc.post(url, {"amount": 3000}, headers=key)
    assert again.status_code == 201
    assert (again.get_json()["id"], again.get_json()["amount"]) == (
        first.get_json()["id"],
        first.get_json()["amount"],
    )
    other = doc.post(url, {"amount": 2000}, headers=key)
    assert other.status_code == 409
    assert other.get_json()["error"]["code"] == "idempotency_conflict"
    assert [r["amount"] for r in stripe_api.refunds.values()] == [3000]
    for bad in ("x" * 65, "caf\u00e9", "two words"):
        refused = doc.post(url, {"amount": 100}, headers={"Idempotency-Key": bad})
        assert refused.status_code == 422, refused.get_json()
    # Another dialog, another key: another refund.
    second = doc.post(url, {"amount": 1000}, headers={"Idempotency-Key": "another"})
    assert second.status_code == 201 and second.get_json()["id"] != first.get_json()["id"]
    assert len(detail(doc, appointment["id"])["refunds"]) == 2


def test_a_checkout_opened_late_in_the_window_is_waited_for(
    app, stripe_api, paid_doctor, booked, client
):
    patient, appointment = booked(paid_doctor())
    window = app.config["PAYMENT_WINDOW_MINUTES"]
    with app.app_context():
        row = db.session.get(Appointment, appointment["id"])
        row.created_at = now_utc() - timedelta(minutes=window - 5)
        db.session.commit()
    session = session_of(stripe_api, checkout(patient, appointment["id"]))
    # The provider keeps a checkout open 30 minutes at least: the request waits for it.
    assert session["expires_at"] >= int((now_utc() + timedelta(minutes=29)).timestamp())
    with app.app_context():
        assert expire_requests(now_utc() + timedelta(minutes=10)) == 0
    stripe_api.pay(session["id"], deliver=False)
    deliver(client, stripe_api, stripe_api.event("checkout.session.completed", session))
    seen = state(patient, appointment["id"])
    assert (seen["status"], seen["payment"]["status"]) == ("confirmed", "paid")


def test_an_abandoned_late_checkout_expires_once_over(app, stripe_api, paid_doctor, booked):
    patient, appointment = booked(paid_doctor())
    window = app.config["PAYMENT_WINDOW_MINUTES"]
    with app.app_context():
        row = db.session.get(Appointment, appointment["id"])
        row.created_at = now_utc() - timedelta(minutes=window - 5)
        db.session.commit()
    checkout(patient, appointment["id"])
    with app.app_context():
        assert expire_requests(now_utc() + timedelta(minutes=31)) == 1
    seen = state(patient, appointment["id"])
    assert (seen["status"], seen["cancelReason"]) == ("cancelled", "unpaid")
    assert seen["payment"]["status"] == "not_required"


def test_an_unreachable_provider_answers_503(app, monkeypatch, stripe_api, paid_doctor, booked):
    patient, appointment = booked(paid_doctor())
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", f"http://127.0.0.1:{port}")
    response = patient.post(f"/api/appointments/{appointment['id']}/payment")
    assert response.status_code == 503, response.get_json()
    assert response.get_json()["error"]["code"] == "provider_unavailable"
    assert state(patient, appointment["id"])["payment"]["status"] == "unpaid"
    with app.app_context():
        count = db.session.scalar(
            select(func.count())
            .select_from(Payment)
            .where(Payment.appointment_id == appointment["id"])
        )
        assert count == 0


def test_an_unpaid_visit_cancelled_owes_nothing(app, monkeypatch, paid_doctor, booked):
    monkeypatch.setitem(app.config, "PAYMENTS_PROVIDER", "none")
    patient, appointment = booked(paid_doctor(), days_ahead=3)
    assert appointment["payment"]["status"] == "unpaid"
    cancelled = patient.put(f"/api/appointments/{appointment['id']}", {"status": "cancelled"})
    assert cancelled.status_code == 200, cancelled.get_json()
    assert cancelled.get_json()["payment"]["status"] == "not_required"


def test_parallel_refund_requests_with_one_key_refund_once(live_app, live_env, live_user):
    """A double click on a real server: six identical requests at once, one refund."""
    with StripeStandin() as standin:
        env = {**live_env, **standin.settings(), "PAYMENT_DUE": "before_confirm"}
        with run_server(env, workers=2, threads=4) as base_url:
            standin.webhook_url = f"{base_url}/api/payments/webhooks/stripe"
            doctor = live_user(Role.DOCTOR, specialty="Dermatology")
            with live_app.app_context():
                profile = db.session.get(DoctorProfile, doctor["id"])
                profile.fee_amount, profile.currency = FEE, "USD"
                db.session.commit()
            add_schedule(live_app, doctor, requires_approval=False)
            patient, doc = HttpClient(base_url), HttpClient(base_url)
            patient.login(live_user(Role.PATIENT))
            doc.login(doctor)
            day = (now_utc() + timedelta(days=2)).date().isoformat()
            slots_url = f"/api/doctors/{doctor['id']}/slots?from={day}&to={day}"
            slots = patient.request("GET", slots_url)[1]
            body = {"doctorId": doctor["id"], "startTime": slots[0]["startTime"]}
            status, appointment = patient.request(
                "POST", "/api/appointments", {**body, "consultationType": "video"}
            )
            assert status == 201, appointment
            answer = patient.request("POST", f"/api/appointments/{appointment['id']}/payment")[1]
            standin.pay(answer["checkoutUrl"].rsplit("/", 1)[1])
            doc.token = doc.request("GET", "/api/csrf")[1]["csrfToken"]
            url = f"/api/appointments/{appointment['id']}/refunds"
            key = {"Idempotency-Key": "dialog-0c6a1f1e"}
            results = race(*[lambda: doc.request("POST", url, {"amount": 3000}, key)] * 6)
            assert {status for status, _ in results} == {201}, results
            assert len({answer["id"] for _, answer in results}) == 1
            assert [r["amount"] for r in standin.refunds.values()] == [3000]
