"""Paying for a visit in the browser: the patient books a priced visit, pays on the provider's
hosted checkout page (the Stripe stand-in), comes back to the return page, sees the visit paid and
downloads its invoice; the doctor refunds part of a paid visit, sees the credit note listed and
the earnings net of it; without a provider the doctor records a cash payment."""

from __future__ import annotations

import http.server
import io
import re
import secrets
import threading
from collections.abc import Iterator
from datetime import time, timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, expect
from pypdf import PdfReader
from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import DoctorProfile, Role
from tests.e2e.helpers import log_in, new_page
from tests.e2e.test_doctor_calendar import choose_day
from tests.live import HttpClient, add_schedule, run_server
from tests.stripe_standin import stripe_standin  # noqa: F401

BOOK = re.compile(r"^Book ")


class _Forward(http.server.BaseHTTPRequestHandler):
    """Sends every request on to the address in `server.target`."""

    def do_GET(self) -> None:
        self.send_response(307)
        self.send_header("Location", self.server.target + self.path)  # type: ignore[attr-defined]
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


class PublicAddress:
    """The clinic's public address (PUBLIC_BASE_URL, where the checkout sends the patient back):
    a loopback port known before the live server starts, forwarding to it once it runs."""

    def __init__(self) -> None:
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Forward)
        self.server.target = ""  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forward_to(self, base_url: str) -> None:
        self.server.target = base_url  # type: ignore[attr-defined]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def public_address() -> Iterator[PublicAddress]:
    address = PublicAddress()
    yield address
    address.close()


@pytest.fixture
def stripe_server(
    live_app: Flask,
    live_env: dict[str, str],
    stripe_standin,  # noqa: F811
    public_address: PublicAddress,
) -> Iterator[str]:
    """A live server taking payments through the stand-in, which sends its events back to it."""
    env = {
        **live_env,
        **stripe_standin.settings(),
        "PAYMENT_DUE": "before_confirm",
        "PUBLIC_BASE_URL": public_address.url,
        "RATELIMIT_KEY_PREFIX": f"c360pay-{secrets.token_hex(4)}",
    }
    with run_server(env, workers=1, threads=8) as base_url:
        public_address.forward_to(base_url)
        stripe_standin.webhook_url = f"{base_url}/api/payments/webhooks/stripe"
        yield base_url


def _set_fee(live_app: Flask, doctor: dict[str, Any], amount: int, currency: str) -> None:
    with live_app.app_context():
        profile = db.session.execute(
            select(DoctorProfile).where(DoctorProfile.user_id == doctor["id"])
        ).scalar_one()
        profile.fee = {"amount": amount, "currency": currency}
        db.session.commit()


def test_patient_pays_a_visit_on_the_checkout_page_and_downloads_the_invoice(
    browser: Browser, stripe_server: str, live_app: Flask, live_user
):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Penny Payne")
    _set_fee(live_app, doctor, 8000, "USD")
    add_schedule(live_app, doctor, start=time(9), end=time(17), requires_approval=False)
    patient = live_user(Role.PATIENT, full_name="Carl Cardholder")

    page = new_page(browser, stripe_server, "UTC")
    log_in(page, patient)
    page.goto(f"/doctors/{doctor['id']}")
    choose_day(page, now_utc().date() + timedelta(days=3))
    page.get_by_role("button", name=BOOK).first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Reason for visit").fill("A check-up")
    dialog.get_by_role("button", name="Book appointment").click()

    expect(page).to_have_url(re.compile(r"/appointments/\d+$"))
    appointment_url = page.url
    payment = page.get_by_role("region", name="Payment")
    expect(payment.get_by_text("$80.00").first).to_be_visible()
    expect(payment.get_by_text("Unpaid", exact=True)).to_be_visible()

    # The provider's hosted checkout page, then back to the clinic's return page.
    # en-GB writes US dollars as "US$80.00".
    payment.get_by_role("button", name=re.compile(r"^Pay (US)?\$80\.00$")).click()
    expect(page).to_have_url(re.compile(r"/pay/cs_"))
    page.get_by_role("button", name="Pay", exact=True).click()
    expect(page).to_have_url(re.compile(r"/payments/return\?appointment=\d+"))
    expect(page.get_by_role("heading", name="Paid")).to_be_visible()

    page.get_by_role("link", name="View the appointment").click()
    expect(page).to_have_url(appointment_url)
    payment = page.get_by_role("region", name="Payment")
    expect(payment.get_by_text("Paid", exact=True)).to_be_visible()
    # Paid before the doctor had to confirm: a schedule without approval confirms it at once.
    expect(page.get_by_text("Confirmed", exact=True).first).to_be_visible()
    expect(payment.get_by_role("button", name=re.compile(r"^Pay "))).to_have_count(0)

    invoice_link = payment.get_by_role("link", name=re.compile(r"^Download invoice INV-D\d+-"))
    with page.expect_download() as download_info:
        invoice_link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("INV-D")
    body = download.path().read_bytes()
    assert body.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert "$80.00" in text
    assert "Carl Cardholder" in text

    # The same invoice is listed on the invoices page.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Invoices").click()
    row = page.get_by_role("row", name=re.compile(r"INV-D\d+-"))
    expect(row).to_have_count(1)
    expect(row.get_by_text("$80.00")).to_be_visible()


def test_doctor_refunds_part_of_a_paid_visit_and_the_credit_note_is_listed(
    browser: Browser,
    stripe_server: str,
    stripe_standin,  # noqa: F811
    live_app: Flask,
    live_user,
):
    doctor = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Rhea Fund")
    _set_fee(live_app, doctor, 8000, "USD")
    add_schedule(live_app, doctor, start=time(0), end=time(23, 30), requires_approval=False)
    patient = live_user(Role.PATIENT, full_name="Paula Partial")

    client = HttpClient(stripe_server)
    client.login(patient)
    day = (now_utc() + timedelta(days=2)).date().isoformat()
    status, slots = client.request("GET", f"/api/doctors/{doctor['id']}/slots?from={day}&to={day}")
    assert status == 200 and slots, slots
    start = slots[0]["startTime"]
    status, booked = client.request(
        "POST",
        "/api/appointments",
        {"doctorId": doctor["id"], "startTime": start, "consultationType": "video"},
    )
    assert status == 201, booked
    status, checkout = client.request("POST", f"/api/appointments/{booked['id']}/payment")
    assert status == 201, checkout
    stripe_standin.pay(checkout["checkoutUrl"].rsplit("/", 1)[1])

    page = new_page(browser, stripe_server, "UTC")
    log_in(page, doctor)
    page.goto(f"/appointments/{booked['id']}")
    payment = page.get_by_role("region", name="Payment")
    expect(payment.get_by_text("Paid", exact=True)).to_be_visible()
    payment.get_by_role("button", name="Refund").click()
    form = payment.get_by_role("form", name="Refund the patient")
    amount = form.get_by_label(re.compile(r"^Amount"))
    expect(amount).to_have_value("80.00")
    expect(amount).to_be_focused()
    amount.fill("90")
    form.get_by_role("button", name="Refund").click()
    expect(form.get_by_text(re.compile(r"at most (US)?\$80\.00"))).to_be_visible()
    form.get_by_label("Note (optional)").focus()
    form.get_by_role("button", name="Refund").click()
    expect(amount).to_be_focused()
    form.get_by_label(re.compile(r"^Amount")).fill("30.00")
    form.get_by_label("Note (optional)").fill("Shorter visit")
    form.get_by_role("button", name="Refund").click()

    expect(payment.get_by_text(re.compile(r"^Refund(ed| of) (US)?\$30\.00"))).to_be_visible()
    expect(payment.get_by_text("Partly refunded", exact=True)).to_be_visible()
    expect(
        payment.get_by_role("link", name=re.compile(r"^Download credit note CN-D\d+-"))
    ).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Invoices").click()
    # Newest first: the credit note for the invoice, then the invoice.
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text(re.compile(r"^CN-D\d+-\d+Credit note for INV-D"))
    expect(rows.nth(1)).to_contain_text("30.00")
    expect(rows.nth(2)).to_contain_text(re.compile(r"^INV-D\d+-\d+Invoice"))
    expect(rows.nth(2)).to_contain_text("Partly refunded")
    expect(rows).to_have_count(3)

    # The doctor's earnings: the charge less the refund, with the month's payout statement.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Earnings").click()
    totals = page.get_by_role("region", name="Totals")
    expect(totals.get_by_text(re.compile(r"^(US)?\$50\.00$"))).to_be_visible()
    month = page.get_by_role("region", name="By month").get_by_role("row").nth(1)
    expect(month).to_contain_text(re.compile(r"(US)?\$80\.00"))
    with page.expect_download() as download_info:
        month.get_by_role("link", name=re.compile(r"^Download the payout statement")).click()
    statement = download_info.value.path().read_text()
    assert "8000" in statement or "80.00" in statement, statement


def test_doctor_records_a_cash_payment_of_a_visit_paid_at_the_clinic(
    browser: Browser, live_server: str, live_app: Flask, live_user
):
    doctor = live_user(Role.DOCTOR, specialty="Neurology", full_name="Dr. Cass Cash")
    _set_fee(live_app, doctor, 4500, "USD")
    add_schedule(live_app, doctor, start=time(0), end=time(23, 30), requires_approval=False)
    patient = live_user(Role.PATIENT, full_name="Dana Desk")
    client = HttpClient(live_server)
    client.login(patient)
    day = (now_utc() + timedelta(days=2)).date().isoformat()
    status, slots = client.request("GET", f"/api/doctors/{doctor['id']}/slots?from={day}&to={day}")
    assert status == 200 and slots, slots
    body = {
        "doctorId": doctor["id"],
        "startTime": slots[0]["startTime"],
        "consultationType": "video",
    }
    status, booked = client.request("POST", "/api/appointments", body)
    assert status == 201, booked

    # Without a payment provider the patient is told to pay at the clinic.
    page = new_page(browser, live_server, "UTC")
    log_in(page, patient)
    page.goto(f"/appointments/{booked['id']}")
    payment = page.get_by_role("region", name="Payment")
    expect(payment.get_by_text("Paid at the clinic.", exact=True)).to_be_visible()
    expect(payment.get_by_role("button", name=re.compile(r"^Pay "))).to_have_count(0)

    doctor_page = new_page(browser, live_server, "UTC")
    log_in(doctor_page, doctor)
    doctor_page.goto(f"/appointments/{booked['id']}")
    payment = doctor_page.get_by_role("region", name="Payment")
    expect(payment.get_by_text("Unpaid", exact=True)).to_be_visible()
    payment.get_by_role("button", name="Record cash payment").click()
    doctor_page.get_by_role("dialog").get_by_role("button", name="Record payment").click()
    expect(payment.get_by_text("Paid", exact=True)).to_be_visible()
    expect(payment.get_by_text(re.compile(r"^Cash payment recorded"))).to_be_visible()
    expect(
        payment.get_by_role("link", name=re.compile(r"^Download invoice INV-D\d+-"))
    ).to_be_visible()
