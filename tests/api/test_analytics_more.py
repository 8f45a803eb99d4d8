"""Analytics: the clinic's CSV, the clinic's query count, a doctor's own figures and the
platform's, on the clinic seeded in test_analytics.py (the same visits, worked out by hand)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask

from clinic360.extensions import db
from clinic360.models import Clinic, Role, User
from tests.api.test_analytics import (
    RANGE,
    Seeded,
    _get,
    exception,
    link,
    schedule,
    seed,
    visit,
)


@pytest.fixture
def seeded(app: Flask, make_user, make_doctor) -> Seeded:
    return seed(app, make_user, make_doctor)


def test_csv_export(seeded: Seeded, logged_in) -> None:
    client = logged_in(seeded.clinic_admin)
    by_param = client.get(f"/api/clinic/analytics?{RANGE}&format=csv")
    by_header = client.get(f"/api/clinic/analytics?{RANGE}", headers={"Accept": "text/csv"})
    for answer in (by_param, by_header):
        assert answer.status_code == 200
        assert answer.mimetype == "text/csv"
        assert "attachment" in answer.headers["Content-Disposition"]
    assert by_param.data == by_header.data
    rows = list(csv.DictReader(io.StringIO(by_param.get_data(as_text=True))))
    days = [r for r in rows if r["row"] == "day"]
    assert [r["date"] for r in days][:2] == ["2026-11-02", "2026-11-03"] and len(days) == 7
    assert days[3]["cancelled"] == "1" and days[3]["appointments"] == "0"
    doctors = {r["doctor_id"]: r for r in rows if r["row"] == "doctor"}
    # The formula-like name is kept as text.
    assert doctors[str(seeded.b.id)]["doctor"] == "'=HYPERLINK(1) Bea"
    assert doctors[str(seeded.a.id)]["offered_minutes"] == "1920"
    assert doctors[str(seeded.a.id)]["revenue"] == "10000"
    (total,) = [r for r in rows if r["row"] == "total"]
    assert (total["appointments"], total["revenue"], total["currency"]) == ("6", "20000", "USD")
    assert total["utilisation"] == "0.0778" and total["no_show_rate"] == "0.4"
    json_answer = client.get(f"/api/clinic/analytics?{RANGE}&format=json")
    assert json_answer.mimetype == "application/json"


def test_query_count_does_not_grow_with_doctors_or_days(
    app: Flask, seeded: Seeded, logged_in, make_doctor, make_user, count_queries
) -> None:
    client = logged_in(seeded.clinic_admin)
    client.get(f"/api/clinic/analytics?{RANGE}")  # warm up
    with count_queries() as small:
        _get(client, "/api/clinic/analytics?from=2026-11-02&to=2026-11-03")
    extra = [make_doctor() for _ in range(6)]
    link(app, seeded.clinic, *extra)
    for n, doctor in enumerate(extra):
        schedule(app, doctor, "Asia/Tokyo", {d: ("08:00", "12:00") for d in range(7)})
        exception(app, doctor, "2026-11-03")
        visit(
            app, seeded.clinic, doctor, make_user(), f"2026-{(n % 9) + 2:02d}-03T09:00", "completed"
        )
    with count_queries() as large:
        body = _get(client, "/api/clinic/analytics?from=2025-12-01&to=2026-11-30").get_json()
    assert len(body["byDoctor"]) == 8 and len(body["byDay"]) == 365
    assert large.count == small.count, large.statements


def test_doctor_figures(seeded: Seeded, logged_in) -> None:
    check_doctor_figures(
        _get(logged_in(seeded.a), f"/api/doctor/analytics?{RANGE}").get_json(), seeded
    )


def check_doctor_figures(body: dict[str, Any], seeded: Seeded) -> None:
    """Ada's own visits, at either clinic: v1, v2, v3, the other clinic's Nov 3, v4 cancelled."""
    assert (body["doctorId"], body["timezone"], body["currency"]) == (
        seeded.a.id,
        "America/New_York",
        "USD",
    )
    assert (body["rating"], body["ratingCount"]) == (None, 0)
    assert body["totals"] == {
        "appointments": 4,
        "completed": 3,
        "noShows": 1,
        "cancelled": 1,
        "noShowRate": 0.25,
        "newPatients": 1,
        "returningPatients": 1,
        "offeredMinutes": 1920,
        "bookedMinutes": 120,
        "utilisation": 0.0625,
        "revenue": {"amount": 10000, "currency": "USD"},
    }
    assert body["revenueByCurrency"] == [{"amount": 10000, "currency": "USD"}]
    assert body["byWeek"] == [
        {
            "weekStart": "2026-11-02",
            "appointments": 4,
            "completed": 3,
            "noShows": 1,
            "newPatients": 1,
            "returningPatients": 1,
        }
    ]


def test_doctor_weeks_count_new_and_returning_patients_per_week(
    app: Flask, seeded: Seeded, logged_in
) -> None:
    """Two weeks (the first across the end of daylight-saving time on Nov 1): p3 comes for the
    first time in the first week and again in the second."""
    p3 = seeded.patients[2]
    visit(app, None, seeded.a, p3, "2026-10-28T14:00", "completed")
    visit(app, None, seeded.a, p3, "2026-11-06T14:00", "completed")
    client = logged_in(seeded.a)
    body = _get(client, "/api/doctor/analytics?from=2026-10-26&to=2026-11-08").get_json()
    assert body["byWeek"] == [
        # p1 on Nov 1 23:30 local (returning), p3 on Oct 28 (new).
        {"weekStart": "2026-10-26", "appointments": 2, "completed": 2, "noShows": 0,
         "newPatients": 1, "returningPatients": 1},
        # p2 new; p1 and p3 returning.
        {"weekStart": "2026-11-02", "appointments": 5, "completed": 4, "noShows": 1,
         "newPatients": 1, "returningPatients": 2},
    ]  # fmt: skip
    totals = body["totals"]
    assert (totals["newPatients"], totals["returningPatients"]) == (2, 1)
    assert totals["offeredMinutes"] == 5 * 480 + 4 * 480
    answer = client.get("/api/doctor/analytics?from=2026-10-26&to=2026-11-08&format=csv")
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert rows == [
        ["week_start", "appointments", "completed", "no_shows", "new_patients",
         "returning_patients"],
        ["2026-10-26", "2", "2", "0", "1", "1"],
        ["2026-11-02", "5", "4", "1", "1", "2"],
    ]  # fmt: skip


def test_doctor_analytics_is_for_doctors(seeded: Seeded, logged_in, make_user) -> None:
    for user in (seeded.clinic_admin, seeded.patients[0], make_user(Role.ADMIN)):
        assert logged_in(user).get("/api/doctor/analytics").status_code == 403
    # Without a schedule the dates are UTC ones.
    lone = logged_in(make_user(Role.DOCTOR, employee_id="EMP-LONE"))
    body = _get(lone, "/api/doctor/analytics?from=2026-11-02&to=2026-11-02").get_json()
    assert body["timezone"] == "UTC" and body["totals"]["offeredMinutes"] == 0
    assert body["totals"]["utilisation"] is None and body["totals"]["noShowRate"] is None


def _created(app: Flask, user: User, when: str) -> None:
    with app.app_context():
        db.session.get(User, user.id).created_at = datetime.fromisoformat(when).replace(tzinfo=UTC)
        db.session.commit()


def test_platform_figures(app: Flask, seeded: Seeded, logged_in, make_user) -> None:
    p1, p2, p3, *_ = seeded.patients
    _created(app, p1, "2026-11-10T12:00")
    _created(app, p2, "2026-11-10T13:00")
    _created(app, p3, "2026-10-05T12:00")
    _created(app, seeded.a, "2026-11-15T12:00")
    admin = logged_in(make_user(Role.ADMIN))
    for user in (seeded.clinic_admin, seeded.a, p1):
        assert logged_in(user).get("/api/admin/analytics").status_code == 403
    body = _get(admin, "/api/admin/analytics?from=2026-11-01&to=2026-11-30&groupBy=month")
    body = body.get_json()
    # UTC dates of November: v1-v7, Nov 9 05:00, Nov 2 04:30 and the other clinic's Nov 3.
    assert body["byMonth"] == [
        {"period": "2026-11-01", "appointments": 9, "completed": 6, "noShows": 2,
         "cancelled": 1, "newPatients": 2, "newDoctors": 1,
         "revenue": {"amount": 25000, "currency": "USD"}},
    ]  # fmt: skip
    assert "byWeek" not in body and body["groupBy"] == "month"
    assert body["totals"] == {
        "appointments": 9,
        "completed": 6,
        "noShows": 2,
        "cancelled": 1,
        "noShowRate": 0.25,
        "newPatients": 2,
        "newDoctors": 1,
        "patients": 3,
        "doctors": 1,
        "revenue": {"amount": 25000, "currency": "USD"},
    }
    assert body["revenueByCurrency"] == [
        {"amount": 3000, "currency": "EUR"},
        {"amount": 25000, "currency": "USD"},
    ]
    weekly = _get(admin, "/api/admin/analytics?from=2026-11-01&to=2026-11-30").get_json()
    assert weekly["groupBy"] == "week"
    weeks = {row["period"]: row for row in weekly["byWeek"]}
    assert list(weeks) == [
        "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"
    ]  # fmt: skip
    assert weeks["2026-11-02"]["appointments"] == 8
    assert weeks["2026-11-02"]["revenue"]["amount"] == 20000
    assert (weeks["2026-11-09"]["appointments"], weeks["2026-11-09"]["newPatients"]) == (1, 2)
    assert weeks["2026-11-09"]["newDoctors"] == 1
    answer = admin.get(
        "/api/admin/analytics?from=2026-11-01&to=2026-11-30&groupBy=month",
        headers={"Accept": "text/csv"},
    )
    assert answer.get_data(as_text=True).splitlines() == [
        "period,appointments,completed,no_shows,cancelled,new_patients,new_doctors,revenue,currency",
        "2026-11-01,9,6,2,1,2,1,25000,USD",
    ]
    assert admin.get("/api/admin/analytics?groupBy=year").status_code == 422


def test_doctor_and_platform_query_counts_do_not_grow(
    app: Flask, seeded: Seeded, logged_in, make_user, count_queries
) -> None:
    doctor = logged_in(seeded.a)
    admin = logged_in(make_user(Role.ADMIN))
    counted = []
    for query in ("from=2026-11-02&to=2026-11-02", "from=2025-12-01&to=2026-11-30"):
        with count_queries() as doctor_queries:
            _get(doctor, f"/api/doctor/analytics?{query}")
        with count_queries() as admin_queries:
            _get(admin, f"/api/admin/analytics?{query}&groupBy=week")
        counted.append((doctor_queries.count, admin_queries.count))
    assert counted[0] == counted[1]


def test_a_zone_the_system_does_not_know_counts_in_utc(app: Flask, seeded: Seeded, logged_in):
    with app.app_context():
        db.session.get(Clinic, seeded.clinic).timezone = "Mars/Olympus_Mons"
        db.session.commit()
    body = _get(logged_in(seeded.clinic_admin), f"/api/clinic/analytics?{RANGE}").get_json()
    assert body["timezone"] == "UTC"
    # In UTC dates the Nov 4 23:30 New York visit falls on Nov 5, and Nov 2 04:30 is in.
    assert body["byDay"][3] == {
        "date": "2026-11-05", "appointments": 1, "completed": 1, "noShows": 0, "cancelled": 1
    }  # fmt: skip
    assert body["totals"]["appointments"] == 7
