"""Refunds: by policy on cancellation (the doctor's decline or cancellation and an early
cancellation by the patient in full, once; a late one as LATE_CANCEL_REFUND_PERCENT says), by
hand within what is left, a refused provider refund retried by the upkeep; unpaid requests that
must be paid before confirmation expire and free their time."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from clinic360.blueprints.billing import service as billing
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.jobs.expiry import expire_requests
from clinic360.models import Appointment, Refund
from tests.api import test_payments as payments
from tests.api.test_payments import FEE, checkout, pay, session_of, state
from tests.factories import slots_for

# The payment tests' fixtures: the stand-in, the app pointed at it, a doctor with a fee.
stripe_standin = payments.stripe_standin
stripe_api = payments.stripe_api
paid_doctor = payments.paid_doctor


def payment(client, appointment_id):
    response = client.get(f"/api/appointments/{appointment_id}/payment")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_doctors_decline_refunds_in_full(stripe_api, paid_doctor, booked, client, logged_in):
    doctor = paid_doctor(requires_approval=True)
    patient, appointment = booked(doctor)
    pay(client, stripe_api, patient, appointment["id"])
    doc = logged_in(doctor)
    declined = doc.put(
        f"/api/appointments/{appointment['id']}", {"status": "cancelled", "reason": "Away"}
    )
    assert declined.status_code == 200, declined.get_json()
    seen = state(patient, appointment["id"])
    assert seen["payment"]["status"] == "refunded"
    assert seen["payment"]["refundedAmount"] == FEE
    detail = payment(patient, appointment["id"])
    assert [(r["reason"], r["status"], r["amount"]["amount"]) for r in detail["refunds"]] == [
        ("doctor_cancelled", "succeeded", FEE)
    ]
    assert sorted(i["kind"] for i in detail["invoices"]) == ["credit_note", "invoice"]
    assert [r["amount"] for r in stripe_api.refunds.values()] == [FEE]


def test_an_early_cancellation_refunds_once(stripe_api, paid_doctor, booked, client):
    patient, appointment = booked(paid_doctor(), days_ahead=3)
    pay(client, stripe_api, patient, appointment["id"])
    cancelled = patient.put(f"/api/appointments/{appointment['id']}", {"status": "cancelled"})
    assert cancelled.status_code == 200, cancelled.get_json()
    again = patient.put(f"/api/appointments/{appointment['id']}", {"status": "cancelled"})
    assert again.status_code == 409
    assert state(patient, appointment["id"])["payment"]["status"] == "refunded"
    assert [r["amount"] for r in stripe_api.refunds.values()] == [FEE]
    reasons = [r["reason"] for r in payment(patient, appointment["id"])["refunds"]]
    assert reasons == ["patient_cancelled"]


def _cash_paid(app, monkeypatch, paid_doctor, booked, logged_in):
    monkeypatch.setitem(app.config, "PAYMENTS_PROVIDER", "none")
    doctor = paid_doctor()
    patient, appointment = booked(doctor)
    paid = logged_in(doctor).post(f"/api/appointments/{appointment['id']}/payment/cash")
    assert paid.status_code == 200
    return patient, appointment


def _late_cancel(app, appointment_id):
    """The policy for a cancellation inside the late-change window (online patients cannot
    cancel so late; the clinic does it for them)."""
    with app.app_context():
        appointment = db.session.get(Appointment, appointment_id)
        appointment.status = "cancelled"
        billing.on_cancelled(appointment, now_utc(), by="patient", late=True)
        db.session.commit()


def test_a_late_cancellation_refunds_nothing_by_default(
    app, monkeypatch, paid_doctor, booked, logged_in
):
    patient, appointment = _cash_paid(app, monkeypatch, paid_doctor, booked, logged_in)
    _late_cancel(app, appointment["id"])
    assert payment(patient, appointment["id"])["refunds"] == []
    assert state(patient, appointment["id"])["payment"]["status"] == "paid"


def test_a_late_cancellation_refunds_the_configured_part(
    app, monkeypatch, paid_doctor, booked, logged_in
):
    monkeypatch.setitem(app.config, "LATE_CANCEL_REFUND_PERCENT", 25)
    patient, appointment = _cash_paid(app, monkeypatch, paid_doctor, booked, logged_in)
    _late_cancel(app, appointment["id"])
    refunds = payment(patient, appointment["id"])["refunds"]
    assert [(r["reason"], r["amount"]["amount"]) for r in refunds] == [
        ("late_cancellation", FEE // 4)
    ]
    seen = state(patient, appointment["id"])["payment"]
    assert (seen["status"], seen["refundedAmount"]) == ("partially_refunded", FEE // 4)


def test_manual_refunds_stay_within_what_was_paid(
    stripe_api, paid_doctor, booked, client, logged_in, make_user
):
    doctor = paid_doctor()
    patient, appointment = booked(doctor)
    url = f"/api/appointments/{appointment['id']}/refunds"
    doc = logged_in(doctor)
    assert doc.post(url, {}).get_json()["error"]["code"] == "nothing_to_refund"
    pay(client, stripe_api, patient, appointment["id"])
    assert patient.post(url, {"amount": 100}).status_code == 403
    other = logged_in(make_user("doctor"))
    assert other.post(url, {"amount": 100}).status_code == 404
    first = doc.post(url, {"amount": 3000, "note": "Shorter visit"})
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["amount"] == {"amount": 3000, "currency": "EUR"}
    assert state(patient, appointment["id"])["payment"]["status"] == "partially_refunded"
    too_much = doc.post(url, {"amount": FEE})
    assert too_much.status_code == 422 and "amount" in too_much.get_json()["error"]["fields"]
    rest = doc.post(url, {})
    assert rest.status_code == 201 and rest.get_json()["amount"]["amount"] == FEE - 3000
    assert state(patient, appointment["id"])["payment"]["status"] == "refunded"
    assert doc.post(url, {"amount": 1}).get_json()["error"]["code"] == "nothing_to_refund"
    assert sum(r["amount"] for r in stripe_api.refunds.values()) == FEE


def test_a_refund_the_provider_refuses_fails_and_frees_its_amount(
    stripe_api, paid_doctor, booked, client, logged_in
):
    doctor = paid_doctor()
    patient, appointment = booked(doctor)
    pay(client, stripe_api, patient, appointment["id"])
    stripe_api.fail_refunds = True
    doc = logged_in(doctor)
    url = f"/api/appointments/{appointment['id']}/refunds"
    assert doc.post(url, {"amount": 5000}).status_code == 201
    assert [r["status"] for r in payment(doc, appointment["id"])["refunds"]] == ["failed"]
    stripe_api.fail_refunds = False
    again = doc.post(url, {})
    assert again.status_code == 201 and again.get_json()["amount"]["amount"] == FEE
    assert state(patient, appointment["id"])["payment"]["status"] == "refunded"


def test_an_unreachable_provider_leaves_the_refund_to_the_upkeep(
    app, stripe_api, paid_doctor, booked, client, logged_in
):
    doctor = paid_doctor()
    patient, appointment = booked(doctor)
    pay(client, stripe_api, patient, appointment["id"])
    stripe_api.refunds_unavailable = True
    refund = logged_in(doctor).post(f"/api/appointments/{appointment['id']}/refunds", {})
    assert refund.status_code == 201 and refund.get_json()["status"] == "pending"
    assert state(patient, appointment["id"])["payment"]["status"] == "paid"
    stripe_api.refunds_unavailable = False
    with app.app_context():
        assert billing.upkeep(now_utc() + timedelta(minutes=2)) == 1
        refund_row = db.session.scalars(
            select(Refund).where(Refund.appointment_id == appointment["id"])
        ).one()
        assert refund_row.status == "succeeded"
    assert state(patient, appointment["id"])["payment"]["status"] == "refunded"
    assert len(stripe_api.refunds) == 1


def test_unpaid_requests_expire_and_free_their_time(app, stripe_api, paid_doctor, booked, client):
    doctor = paid_doctor()
    patient, appointment = booked(doctor)
    url = checkout(patient, appointment["id"])
    session_id = session_of(stripe_api, url)["id"]
    taken = appointment["startTime"]
    assert taken not in [s["startTime"] for s in slots_for(patient, doctor.id)]
    window = app.config["PAYMENT_WINDOW_MINUTES"]
    with app.app_context():
        assert expire_requests(now_utc() + timedelta(minutes=window - 5)) == 0
        assert expire_requests(now_utc() + timedelta(minutes=window + 1)) == 1
    seen = state(patient, appointment["id"])
    assert (seen["status"], seen["cancelReason"]) == ("cancelled", "unpaid")
    assert taken in [s["startTime"] for s in slots_for(patient, doctor.id)]
    assert stripe_api.sessions[session_id]["status"] == "expired"
    assert patient.post(f"/api/appointments/{appointment['id']}/payment").status_code == 409


def test_a_paid_request_does_not_expire_as_unpaid(app, stripe_api, paid_doctor, booked, client):
    patient, appointment = booked(paid_doctor(requires_approval=True))
    pay(client, stripe_api, patient, appointment["id"])
    window = app.config["PAYMENT_WINDOW_MINUTES"]
    with app.app_context():
        assert expire_requests(now_utc() + timedelta(minutes=window + 1)) == 0
    assert state(patient, appointment["id"])["status"] == "pending"
