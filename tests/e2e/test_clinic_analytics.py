"""Clinic analytics in the browser: a clinic admin sees the totals and the charts of the clinic's
seeded visits."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from flask import Flask
from playwright.sync_api import Browser, Locator, expect

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, Role
from tests.e2e.clinic_helpers import live_clinic, live_staff
from tests.e2e.helpers import log_in, new_page


def seed_visit(
    live_app: Flask, clinic_id: int, doctor: dict, patient: dict, days_ago: int, status: str
) -> None:
    """A past visit at the clinic, `days_ago` days back at 10:00 UTC, in `status`."""
    start = (now_utc() - timedelta(days=days_ago)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    with live_app.app_context():
        db.session.add(
            Appointment(
                doctor_id=doctor["id"],
                patient_id=patient["id"],
                clinic_id=clinic_id,
                start_at=start,
                end_at=start + timedelta(minutes=30),
                status=status,
                consultation_type="in_person",
                created_at=start - timedelta(days=1),
                updated_at=start,
                proposals=[],
            )
        )
        db.session.commit()


def tile(page_totals: Locator, label: str) -> Locator:
    """The value of one totals tile (its first <dd>)."""
    term = page_totals.page.locator("dt", has_text=re.compile(rf"^{label}$"))
    return page_totals.locator("div", has=term).locator("dd").first


def test_a_clinic_admin_sees_the_clinics_figures_and_charts(
    browser: Browser, live_server, live_app, live_user
):
    ana = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Ana Chart")
    ben = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Ben Graph")
    clinic_id = live_clinic(live_app, [ana, ben], name=f"Figures Clinic {secrets.token_hex(2)}")
    admin = live_staff(live_app, clinic_id, Role.CLINIC_ADMIN, "Cleo Admin")
    first, second, third = (live_user(Role.PATIENT) for _ in range(3))
    # Dr. Ana Chart: three completed visits and a no-show; Dr. Ben Graph: two completed and one
    # cancelled. Appointments count every status but cancelled: 6; no-show rate 1 of 6.
    for days_ago, doctor, patient, status in [
        (5, ana, first, "completed"),
        (4, ana, second, "completed"),
        (3, ana, first, "completed"),
        (2, ana, third, "no_show"),
        (4, ben, third, "completed"),
        (3, ben, second, "completed"),
        (1, ben, first, "cancelled"),
    ]:
        seed_visit(live_app, clinic_id, doctor, patient, days_ago, status)

    page = new_page(browser, live_server, "UTC")
    page.set_viewport_size({"width": 1024, "height": 900})
    log_in(page, admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Analytics").click()
    expect(page.get_by_role("heading", name="Clinic analytics", level=1)).to_be_visible()

    totals = page.locator("dl[aria-label='Totals']")
    expect(tile(totals, "Appointments")).to_have_text("6")
    expect(tile(totals, "Completed")).to_have_text("5")
    expect(tile(totals, "No-shows")).to_have_text("1")
    expect(tile(totals, "Cancelled")).to_have_text("1")
    expect(totals.get_by_text(re.compile(r"No-show rate 16\.7\s?%"))).to_be_visible()
    expect(tile(totals, "New patients")).to_have_text("3")

    by_day = page.get_by_role("figure", name=re.compile(r"^Visits by day"))
    expect(by_day.locator("svg.recharts-surface").first).to_be_visible()
    # A bar for each day with visits (5 days; the cancelled-only day has no appointment bar),
    # and the completed visits' line.
    expect(by_day.locator(".recharts-bar-rectangle path").first).to_be_visible()
    expect(by_day.locator(".recharts-bar-rectangle path").nth(3)).to_be_attached()
    expect(by_day.locator("path.recharts-line-curve")).to_have_count(1)

    by_doctor = page.get_by_role("figure", name=re.compile(r"^Visits by doctor"))
    expect(by_doctor.locator("svg.recharts-surface").first).to_be_visible()
    expect(by_doctor.locator(".recharts-yAxis-tick-labels")).to_contain_text("Dr. Ana Chart")
    expect(by_doctor.locator(".recharts-yAxis-tick-labels")).to_contain_text("Dr. Ben Graph")
    # Two doctors' appointments and completed visits, and Dr. Ana Chart's no-show.
    expect(by_doctor.locator(".recharts-bar-rectangle path").nth(4)).to_be_attached()

    # The figures behind the doctor chart, row by row.
    by_doctor.get_by_text("Show the figures").click()
    ana_row = by_doctor.get_by_role("row", name=re.compile(r"^Dr\. Ana Chart"))
    expect(ana_row.get_by_role("cell").nth(0)).to_have_text("4")
    expect(ana_row.get_by_role("cell").nth(1)).to_have_text("3")

    csv = page.get_by_role("link", name="Download CSV")
    expect(csv).to_have_attribute("href", re.compile(r"^/api/clinic/analytics\?.*format=csv"))
    answer = page.request.get(csv.get_attribute("href") or "")
    assert answer.ok and "text/csv" in answer.headers["content-type"]
