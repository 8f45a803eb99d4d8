"""The console's money pages: read-only lists of payments, refunds, invoices and the ledger,
the finance report (with its CSV) and the reconciliation page; admins only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from clinic360.models import Role
from tests.billing_rows import paid_visit, refunded

LISTS = ("/admin/payments/", "/admin/refunds/", "/admin/invoices/", "/admin/ledger/")


@pytest.fixture
def money(app, make_user):
    doctor = make_user(Role.DOCTOR, full_name="Dr Console Money")
    patient = make_user(full_name="Console Patient")
    when = datetime(2029, 5, 10, 9, tzinfo=UTC)
    card = paid_visit(app, doctor.id, patient.id, 15_000, "USD", when, method="card")
    paid_visit(app, doctor.id, patient.id, 4_000, "USD", when)
    refunded(app, card, 5_000, datetime(2029, 5, 11, tzinfo=UTC))
    return doctor


def test_the_lists_show_the_money_and_change_nothing(money, make_user, logged_in):
    admin = logged_in(make_user(Role.ADMIN))
    for url in LISTS:
        page = admin.get(url)
        assert page.status_code == 200, url
        assert b"$150.00" in page.data or b"INV-D" in page.data or url == "/admin/refunds/"
        assert admin.get(url + "new/").status_code in (302, 403, 404)
        assert admin.get(url + "edit/?id=1").status_code in (302, 403, 404)
    refunds = admin.get("/admin/refunds/").data
    assert b"$50.00" in refunds
    invoices = admin.get(f"/admin/invoices/?search=CN-D{money.id}").data
    assert f"CN-D{money.id}-000001".encode() in invoices
    ledger = admin.get("/admin/ledger/?flt0_kind_equals=refund").data
    assert b"-$50.00" in ledger


def test_the_finance_page_and_its_csv(money, make_user, logged_in):
    admin = logged_in(make_user(Role.ADMIN))
    query = "from=2029-05-01&to=2029-05-31&groupBy=doctor&currency=USD"
    page = admin.get(f"/admin/finance/?{query}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Dr Console Money" in text
    assert "$190.00" in text and "$50.00" in text and "$140.00" in text
    download = admin.get(f"/admin/finance/csv?{query}")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    (row,) = csv.DictReader(io.StringIO(download.get_data(as_text=True)))
    assert (row["key"], row["gross"], row["refunds"], row["net"], row["count"]) == (
        str(money.id),
        "19000",
        "5000",
        "14000",
        "2",
    )
    # Nonsense in the address falls back to defaults instead of failing.
    assert (
        admin.get("/admin/finance/?from=x&to=2029-99-99&groupBy=y&currency=%00").status_code == 200
    )


def test_the_reconciliation_page(money, make_user, logged_in):
    admin = logged_in(make_user(Role.ADMIN))
    page = admin.get("/admin/reconciliation/?run=1&from=2029-05-01&to=2029-05-31")
    assert page.status_code == 200
    assert "Reconciliation" in page.get_data(as_text=True)
    assert admin.get("/admin/reconciliation/?run=1&from=bad").status_code == 200


def test_only_admins(money, make_user, logged_in):
    for user in (money, make_user()):
        other = logged_in(user)
        for url in (*LISTS, "/admin/finance/", "/admin/finance/csv", "/admin/reconciliation/"):
            assert other.get(url).status_code == 403, url
