"""Booking journeys in the browser: book, approve, see it confirmed, download the invite; a
schedule change shows up in the patient's slots."""

from __future__ import annotations

import re
from datetime import time, timedelta

from playwright.sync_api import Browser, expect

from clinic360.clock import now_utc
from clinic360.models import Role
from tests.e2e.helpers import log_in, new_page
from tests.e2e.test_doctor_calendar import choose_day
from tests.live import add_schedule

BOOK = re.compile(r"^Book ")


def test_patient_books_doctor_approves_patient_sees_it_confirmed(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Ines Booker")
    add_schedule(live_app, doctor, timezone="America/New_York", start=time(9), end=time(17))
    patient = live_user(Role.PATIENT, full_name="Bea Patient")

    page = new_page(browser, live_server, "Europe/London")
    log_in(page, patient)
    page.goto(f"/doctors/{doctor['id']}")
    expect(page.get_by_text("Dr. Ines Booker works in America/New_York")).to_be_visible()
    choose_day(page, now_utc().date() + timedelta(days=7))
    first_slot = page.get_by_role("button", name=BOOK).first
    slot_time = first_slot.inner_text().splitlines()[0].removeprefix("Book ").strip()
    first_slot.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Confirm your booking")).to_be_visible()
    dialog.get_by_label("Reason for visit").fill("A rash on my arm")
    dialog.get_by_role("button", name="Book appointment").click()

    expect(page).to_have_url(re.compile(r"/appointments/\d+$"))
    expect(page.get_by_role("heading", name="Appointment with Dr. Ines Booker")).to_be_visible()
    expect(page.get_by_text("Pending", exact=True).first).to_be_visible()
    appointment_url = page.url

    doctor_page = new_page(browser, live_server, "America/New_York")
    log_in(doctor_page, doctor)
    doctor_page.goto("/doctor")
    pending = doctor_page.get_by_role("region", name="Pending requests")
    expect(pending.get_by_text("Bea Patient")).to_be_visible()
    pending.get_by_role("button", name="Approve").first.click()
    expect(pending.get_by_text(re.compile(r"^Approved: Bea Patient"))).to_be_visible()
    expect(pending.get_by_text("No pending requests")).to_be_visible()

    page.goto(appointment_url)
    expect(page.get_by_text("Confirmed", exact=True).first).to_be_visible()
    expect(page.get_by_text(re.compile(re.escape(slot_time))).first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    invite = download_info.value.path().read_text()
    assert "BEGIN:VCALENDAR" in invite and "STATUS:CONFIRMED" in invite
    assert "Dr. Ines Booker" in invite


def test_a_schedule_change_shows_in_the_patients_slots(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Sam Scheduler")
    add_schedule(live_app, doctor, start=time(9), end=time(10))
    patient = live_user(Role.PATIENT)

    page = new_page(browser, live_server, "UTC")
    log_in(page, patient)
    page.goto(f"/doctors/{doctor['id']}")
    today = now_utc().date()
    next_monday = today + timedelta(days=7 - today.weekday())
    choose_day(page, next_monday)
    expect(page.get_by_role("button", name=BOOK).first).to_be_visible()
    assert page.get_by_role("button", name=re.compile(r"^Book 14:00")).count() == 0

    doctor_page = new_page(browser, live_server, "UTC")
    log_in(doctor_page, doctor)
    doctor_page.goto("/doctor/schedule")
    expect(doctor_page.get_by_role("heading", name="Your schedule")).to_be_visible()
    doctor_page.get_by_role("button", name="Add hours on Monday").click()
    monday = doctor_page.get_by_role("group", name="Monday")
    monday.get_by_label("From").last.fill("14:00")
    monday.get_by_label("To").last.fill("16:00")
    doctor_page.get_by_role("button", name="Save schedule").click()
    expect(doctor_page.get_by_text("Schedule saved.")).to_be_visible()

    page.reload()
    choose_day(page, next_monday)
    expect(page.get_by_role("button", name=re.compile(r"^Book 14:00")).first).to_be_visible()


def test_a_patient_at_the_open_request_cap_is_told_in_the_booking_dialog(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Cap Limit")
    add_schedule(live_app, doctor, start=time(9), end=time(17))
    patient = live_user(Role.PATIENT)
    cap = live_app.config["BOOKING_OPEN_PER_DOCTOR"]

    page = new_page(browser, live_server, "UTC")
    log_in(page, patient)
    for attempt in range(cap + 1):
        page.goto(f"/doctors/{doctor['id']}")
        choose_day(page, now_utc().date() + timedelta(days=7))
        page.get_by_role("button", name=BOOK).nth(attempt).click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_role("button", name="Book appointment").click()
        if attempt < cap:
            expect(page).to_have_url(re.compile(r"/appointments/\d+$"))

    # The refusal stays in the dialog (another time would not help), naming the cap.
    alert = dialog.get_by_role("alert")
    expect(alert).to_contain_text(f"{cap}")
    expect(alert).to_contain_text("unanswered requests with this doctor")
    expect(page.get_by_text("Please choose another time.")).to_have_count(0)
