"""Invoices and credit notes: numbered without gaps per series (also with a rolled-back issue
in between and with parallel issues on PostgreSQL), the PDF says what was paid, the tax, how
and by whom; one credit note per refund naming its invoice; patients and doctors see their
own (others get 404), admins all; the list is paged with bounded queries."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from clinic360.blueprints.billing import invoices
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Invoice, Payment, Role
from tests.billing_rows import paid_visit, refunded
from tests.live import race


def pdf_text(response) -> str:
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    return "\n".join(page.extract_text() for page in reader.pages)


def issue(app, payment_id: int, commit: bool = True) -> str:
    with app.app_context():
        payment = db.session.get(Payment, payment_id)
        number = invoices.issue_invoice(payment, now_utc()).display_number
        if commit:
            db.session.commit()
        else:
            db.session.rollback()
        return number


def test_numbers_have_no_gaps_when_an_issue_is_rolled_back(app, make_user):
    doctor, patient = make_user(Role.DOCTOR), make_user()
    first, second, third = (paid_visit(app, doctor.id, patient.id, invoice=False) for _ in range(3))
    series = f"INV-D{doctor.id}"
    assert issue(app, first) == f"{series}-000001"
    assert issue(app, second, commit=False) == f"{series}-000002"  # rolled back
    assert issue(app, third) == f"{series}-000002"
    assert issue(app, second) == f"{series}-000003"
    assert issue(app, second) == f"{series}-000003"  # once per payment
    # Another doctor's practice has its own series.
    other = make_user(Role.DOCTOR)
    assert issue(app, paid_visit(app, other.id, patient.id, invoice=False)).endswith("-000001")


def test_parallel_issues_take_consecutive_numbers(live_app, live_user):
    doctor, patient = live_user(Role.DOCTOR), live_user(Role.PATIENT)
    payments = [paid_visit(live_app, doctor["id"], patient["id"], invoice=False) for _ in range(8)]

    def issuing(payment_id: int, keep: bool):
        def run():
            with live_app.app_context():
                payment = db.session.get(Payment, payment_id)
                invoices.issue_invoice(payment, now_utc())
                time.sleep(0.05)  # hold the counter's lock while the others queue up
                if keep:
                    db.session.commit()
                else:
                    db.session.rollback()

        return run

    race(*[issuing(p, keep=n != 3) for n, p in enumerate(payments)])
    with live_app.app_context():
        numbers = db.session.scalars(
            select(Invoice.number)
            .where(Invoice.series == f"INV-D{doctor['id']}")
            .order_by(Invoice.number)
        ).all()
    assert numbers == list(range(1, 8))
    assert issue(live_app, payments[3]) == f"INV-D{doctor['id']}-000008"


@pytest.fixture
def taxed(app, monkeypatch):
    monkeypatch.setitem(app.config, "TAX_RATE_BPS", 2000)
    monkeypatch.setitem(app.config, "TAX_LABEL", "VAT")


def test_the_pdf_and_the_credit_note(app, make_user, make_doctor, logged_in, taxed):
    doctor = make_doctor(full_name="Amaka Obi", facility="Lekki Skin Clinic", city="Lagos")
    patient = make_user(full_name="Maria Garcia")
    payment = paid_visit(app, doctor.id, patient.id, 12_000, "USD", method="card")
    mine = logged_in(patient)
    (invoice,) = mine.get("/api/invoices").get_json()["items"]
    number = f"INV-D{doctor.id}-000001"
    assert invoice["number"] == number
    assert invoice["kind"] == "invoice"
    assert invoice["amount"] == {"amount": 12_000, "currency": "USD"}
    assert invoice["taxAmount"] == 2_000  # 20 % included in 120.00
    assert invoice["status"] == "paid" and invoice["method"] == "card"
    assert invoice["doctorName"] == "Amaka Obi" and invoice["patientName"] == "Maria Garcia"
    assert invoice["creditedInvoiceNumber"] is None
    text = pdf_text(mine.get(invoice["pdfUrl"]))
    for expected in (
        "Lekki Skin Clinic",
        "Lagos",
        number,
        "Amaka Obi",
        "Maria Garcia",
        "$120.00",
        "VAT included (20 %)",
        "$20.00",
        "$100.00",
        "Payment method: card",
        "Status: paid",
        "Video consultation",
    ):
        assert expected in text, (expected, text)

    refunded(app, payment, 3_000)
    refunded(app, payment, 9_000)
    items = mine.get("/api/invoices").get_json()["items"]
    assert [(i["kind"], i["number"], i["creditedInvoiceNumber"]) for i in items] == [
        ("credit_note", f"CN-D{doctor.id}-000002", number),
        ("credit_note", f"CN-D{doctor.id}-000001", number),
        ("invoice", number, None),
    ]
    assert [i["amount"]["amount"] for i in items] == [9_000, 3_000, 12_000]
    assert items[2]["status"] == "refunded"
    note = pdf_text(mine.get(items[1]["pdfUrl"]))
    for expected in ("Credit note", f"CN-D{doctor.id}-000001", number, "-$30.00", "-$5.00"):
        assert expected in note, (expected, note)


def test_a_currency_symbol_the_font_lacks_is_written_as_its_code(app, make_user, logged_in):
    doctor, patient = make_user(Role.DOCTOR), make_user()
    paid_visit(app, doctor.id, patient.id, 150_000, "INR")
    mine = logged_in(patient)
    (invoice,) = mine.get("/api/invoices").get_json()["items"]
    assert "INR 1,500.00" in pdf_text(mine.get(invoice["pdfUrl"]))


def test_who_sees_which_documents(app, make_user, logged_in, client):
    doctor, other_doctor = make_user(Role.DOCTOR), make_user(Role.DOCTOR)
    patient, other_patient = make_user(), make_user()
    payment = paid_visit(app, doctor.id, patient.id)
    paid_visit(app, other_doctor.id, other_patient.id)
    refunded(app, payment, 1_000)
    with app.app_context():
        ids = db.session.scalars(
            select(Invoice.id).where(Invoice.payment_id == payment).order_by(Invoice.id)
        ).all()
    assert len(ids) == 2
    for user in (patient, doctor, make_user(Role.ADMIN)):
        reader = logged_in(user)
        for document in ids:
            assert reader.get(f"/api/invoices/{document}.pdf").status_code == 200
    for user in (other_patient, other_doctor):
        reader = logged_in(user)
        listed = reader.get("/api/invoices").get_json()
        assert listed["total"] == 1 and listed["items"][0]["id"] not in ids
        for document in ids:
            assert reader.get(f"/api/invoices/{document}.pdf").status_code == 404
    assert logged_in(doctor).get("/api/invoices").get_json()["total"] == 2
    assert logged_in(patient).get("/api/invoices/999999.pdf").status_code == 404
    assert client.get("/api/invoices").status_code == 401
    assert client.get(f"/api/invoices/{ids[0]}.pdf").status_code == 401


def test_the_list_is_paged_with_bounded_queries(app, make_user, logged_in, count_queries):
    doctor, patient = make_user(Role.DOCTOR), make_user()
    for n in range(6):
        payment = paid_visit(app, doctor.id, patient.id, at=datetime(2030, 1, 1 + n, tzinfo=UTC))
        refunded(app, payment, 100, at=datetime(2030, 1, 1 + n, 12, tzinfo=UTC))
    mine = logged_in(patient)
    mine.get("/api/invoices")  # warm up the session
    counts = []
    for size in (2, 12):
        with count_queries() as counter:
            body = mine.get(f"/api/invoices?pageSize={size}").get_json()
        counts.append(counter.count)
        assert len(body["items"]) == size and body["total"] == 12
    assert counts[0] == counts[1], counts
    second = mine.get("/api/invoices?pageSize=5&page=3").get_json()
    assert len(second["items"]) == 2 and second["page"] == 3
    everything = mine.get("/api/invoices?pageSize=100").get_json()["items"]
    issued = [i["issuedAt"] for i in everything]
    assert issued == sorted(issued, reverse=True)
    assert mine.get("/api/invoices?pageSize=101").status_code == 422


def test_credited_tax_never_exceeds_the_invoices(app, monkeypatch, make_user, logged_in):
    monkeypatch.setitem(app.config, "TAX_RATE_BPS", 1000)
    doctor, patient = make_user(Role.DOCTOR), make_user()
    payment = paid_visit(app, doctor.id, patient.id, 8_000, "USD", method="card")
    refunded(app, payment, 3_000)
    refunded(app, payment, 5_000)  # 454.5 would round to 455: the last note takes what is left
    items = logged_in(patient).get("/api/invoices").get_json()["items"]
    assert [(i["kind"], i["amount"]["amount"], i["taxAmount"]) for i in items] == [
        ("credit_note", 5_000, 454),
        ("credit_note", 3_000, 273),
        ("invoice", 8_000, 727),
    ]
