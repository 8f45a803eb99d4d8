"""The finance report is the ledger summed up: entries made through the billing functions for
several doctors, months and currencies, compared (JSON and CSV) with sums computed here from
what was inserted; `to` is inclusive in UTC days; bad parameters 422, non-admins 403."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, datetime

import pytest

from clinic360.models import Role
from tests.billing_rows import paid_visit, refunded

URL = "/api/admin/reports/finance"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def books(app, make_user, monkeypatch):
    """Charges, fees and refunds in 2029 for three doctors in USD and EUR; what was entered."""
    monkeypatch.setitem(app.config, "PLATFORM_FEE_BPS", 1000)
    doctors = [make_user(Role.DOCTOR, full_name=f"Dr Ledger {n}") for n in range(3)]
    patient = make_user()
    rows: list[tuple[int, datetime, str, str, int]] = []  # doctor, at, currency, kind, amount
    plan = [
        (0, "2029-01-31T23:59:59", "USD", 10_000, [("2029-02-01T00:00:00", 4_000)]),
        (0, "2029-02-10T10:00:00", "USD", 7_550, []),
        (1, "2029-02-28T12:00:00", "USD", 12_345, [("2029-03-02T08:00:00", 12_345)]),
        (1, "2029-03-15T09:30:00", "EUR", 9_000, [("2029-03-16T09:30:00", 1_000)]),
        (2, "2029-03-31T23:59:59", "USD", 20_000, [("2029-04-01T00:00:00", 500)]),
        (2, "2028-12-31T23:59:59", "USD", 99_999, []),  # before the range
        (0, "2029-04-01T00:00:00", "USD", 55_555, []),  # after it
    ]
    for who, when, currency, amount, refunds in plan:
        doctor = doctors[who]
        payment = paid_visit(app, doctor.id, patient.id, amount, currency, at(when))
        rows.append((doctor.id, at(when), currency, "charge", amount))
        rows.append((doctor.id, at(when), currency, "fee", -((amount * 1000 + 5000) // 10_000)))
        for refund_at, refund_amount in refunds:
            refunded(app, payment, refund_amount, at(refund_at))
            rows.append((doctor.id, at(refund_at), currency, "refund", -refund_amount))
    return doctors, rows


def expected(rows, currency, key, start="2029-01-01", end="2029-03-31"):
    sums: dict[str, dict[str, int]] = defaultdict(
        lambda: {"gross": 0, "refunds": 0, "fees": 0, "count": 0}
    )
    for doctor_id, when, cur, kind, amount in rows:
        day = when.date().isoformat()
        if cur != currency or not start <= day <= end:
            continue
        line = sums[key(doctor_id, when)]
        if kind == "charge":
            line["gross"] += amount
            line["count"] += 1
        elif kind == "refund":
            line["refunds"] -= amount
        else:
            line["fees"] -= amount
    return {k: {**v, "net": v["gross"] - v["refunds"], "key": k} for k, v in sorted(sums.items())}


def by_month(_doctor, when):
    return when.strftime("%Y-%m")


def by_doctor(doctor, _when):
    return str(doctor)


def without_label(rows):
    return {r["key"]: {k: v for k, v in r.items() if k != "label"} for r in rows}


@pytest.mark.parametrize(("group", "key"), [("month", by_month), ("doctor", by_doctor)])
@pytest.mark.parametrize("currency", ["USD", "EUR"])
def test_the_report_is_the_ledger_summed_up(books, logged_in, make_user, group, key, currency):
    doctors, rows = books
    admin = logged_in(make_user(Role.ADMIN))
    query = f"{URL}?from=2029-01-01&to=2029-03-31&groupBy={group}&currency={currency}"
    response = admin.get(query)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    want = expected(rows, currency, key)
    assert body["currency"] == currency
    assert body["groupBy"] == group
    assert without_label(body["rows"]) == want
    assert [r["key"] for r in body["rows"]] == sorted(want)
    for name in ("gross", "refunds", "fees", "net", "count"):
        assert body["totals"][name] == sum(v[name] for v in want.values())
    if group == "doctor":
        names = {str(d.id): d.full_name for d in doctors}
        assert {r["key"]: r["label"] for r in body["rows"]} == {k: names[k] for k in want}

    as_csv = admin.get(query, headers={"Accept": "text/csv"})
    assert as_csv.status_code == 200
    assert as_csv.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(as_csv.get_data(as_text=True))))
    assert {
        r["key"]: {
            "key": r["key"],
            **{n: int(r[n]) for n in ("gross", "refunds", "fees", "net", "count")},
        }
        for r in table
    } == want
    assert {r["currency"] for r in table} <= {currency}


def test_to_is_an_inclusive_utc_day(books, logged_in, make_user):
    _, rows = books
    admin = logged_in(make_user(Role.ADMIN))
    body = admin.get(f"{URL}?from=2029-01-31&to=2029-01-31&currency=USD").get_json()
    assert without_label(body["rows"]) == expected(
        rows, "USD", by_month, "2029-01-31", "2029-01-31"
    )
    assert body["rows"][0]["gross"] == 10_000
    empty = admin.get(f"{URL}?from=2030-01-01&to=2030-01-31&currency=USD").get_json()
    assert empty["rows"] == [] and empty["totals"]["gross"] == 0


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?from=2029-01-01",
        "?to=2029-01-01",
        "?from=2029-02-01&to=2029-01-01",
        "?from=2029-13-01&to=2029-12-31",
        "?from=yesterday&to=2029-01-01",
        "?from=2029-01-01&to=2029-01-31&groupBy=week",
        "?from=2029-01-01&to=2029-01-31&currency=DOLLARS",
        "?from=2029-01-01&to=2029-01-31&currency=XTS",
    ],
)
def test_bad_parameters_are_422(logged_in, make_user, query):
    admin = logged_in(make_user(Role.ADMIN))
    response = admin.get(URL + query)
    assert response.status_code == 422, response.get_json()


def test_only_admins_see_it(logged_in, make_user, client):
    query = f"{URL}?from=2029-01-01&to=2029-01-31"
    assert client.get(query).status_code == 401
    assert logged_in(make_user(Role.DOCTOR)).get(query).status_code == 403
    assert logged_in(make_user()).get(query).status_code == 403
    reconciliation = "/api/admin/reports/reconciliation?from=2029-01-01&to=2029-01-31"
    assert logged_in(make_user(Role.DOCTOR)).get(reconciliation).status_code == 403


def test_a_doctors_earnings_and_statement(books, logged_in):
    doctors, rows = books
    doctor = logged_in(doctors[0])
    body = doctor.get("/api/earnings?from=2029-01-01&to=2029-03-31").get_json()
    want = expected(rows, "USD", by_month)
    mine = expected([r for r in rows if r[0] == doctors[0].id], "USD", by_month)
    assert body["currency"] == "USD"
    assert [m["month"] for m in body["months"]] == sorted(mine)
    assert body["gross"] == sum(m["gross"] for m in mine.values()) == 17_550
    assert body["net"] == body["gross"] - body["refunds"] - body["fees"]
    assert body["gross"] < sum(v["gross"] for v in want.values())
    statement = doctor.get("/api/earnings/statement.csv?month=2029-02")
    assert statement.status_code == 200 and statement.mimetype == "text/csv"
    lines = list(csv.DictReader(io.StringIO(statement.get_data(as_text=True))))
    assert [(r["kind"], int(r["amount"])) for r in lines] == [
        ("refund", -4_000),
        ("charge", 7_550),
        ("fee", -755),
    ]
    assert doctor.get("/api/earnings/statement.csv?month=2029-13").status_code == 422
    assert doctor.get("/api/earnings/statement.csv").status_code == 422
    assert doctor.get("/api/earnings?from=2029-02-01&to=2029-01-01").status_code == 422
    recent = doctor.get("/api/earnings").get_json()  # the last twelve months: none of 2029
    assert (recent["gross"], recent["months"], recent["currency"]) == (0, [], "USD")
