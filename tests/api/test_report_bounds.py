"""Report, earnings, statement and reconciliation dates stay within 2000-2100 (a far date is a
422, never a 500), and one reconciliation covers at most 93 days."""

from __future__ import annotations

import pytest

from clinic360.models import Role


@pytest.mark.parametrize(
    "query",
    [
        "/api/earnings?to=9999-12-31",
        "/api/earnings?from=1999-12-31",
        "/api/earnings?from=0001-01-01&to=2029-01-01",
        "/api/earnings/statement.csv?month=9999-12",
        "/api/earnings/statement.csv?month=1999-12",
    ],
)
def test_a_doctors_far_dates_are_422(logged_in, make_user, query):
    response = logged_in(make_user(Role.DOCTOR)).get(query)
    assert response.status_code == 422, response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "/api/admin/reports/finance?from=2029-01-01&to=9999-12-31",
        "/api/admin/reports/finance?from=1900-01-01&to=2029-01-01",
        "/api/admin/reports/reconciliation?from=2029-01-01&to=9999-12-31",
        "/api/admin/reports/reconciliation?from=9999-12-01&to=9999-12-31",
        "/api/admin/reports/reconciliation?from=2029-01-01&to=2029-04-04",  # 94 days
    ],
)
def test_far_or_long_report_ranges_are_422(logged_in, make_user, query):
    response = logged_in(make_user(Role.ADMIN)).get(query)
    assert response.status_code == 422, response.get_data(as_text=True)


def test_the_edges_are_accepted(logged_in, make_user):
    doctor = logged_in(make_user(Role.DOCTOR))
    assert doctor.get("/api/earnings?from=2000-01-01&to=2100-12-31").status_code == 200
    assert doctor.get("/api/earnings/statement.csv?month=2100-12").status_code == 200
    admin = logged_in(make_user(Role.ADMIN))
    finance = admin.get("/api/admin/reports/finance?from=2091-01-01&to=2100-12-31&currency=USD")
    assert finance.status_code == 200, finance.get_json()
    span = "/api/admin/reports/reconciliation?from=2029-01-01&to=2029-04-03"  # 93 days
    assert admin.get(span).status_code == 200
