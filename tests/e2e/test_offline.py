"""Offline in a real browser: a banner says so, a booking made offline waits (its button says
it is waiting) and goes through once the connection is back, and the banner goes away."""

from __future__ import annotations

import re
from datetime import time, timedelta

from flask import Flask
from playwright.sync_api import Browser, expect
from sqlalchemy import func, select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, Role
from tests.e2e.helpers import log_in, new_page
from tests.e2e.test_doctor_calendar import choose_day
from tests.live import add_schedule

OFFLINE = re.compile(r"^You're offline\. Changes will be sent when you're back online\.")


def _bookings(live_app: Flask, patient: dict) -> int:
    with live_app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(Appointment.patient_id == patient["id"])
        )


def test_a_booking_made_offline_is_sent_when_back_online(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Off Line")
    add_schedule(live_app, doctor, start=time(9), end=time(17))
    patient = live_user(Role.PATIENT)

    page = new_page(browser, live_server)
    log_in(page, patient)
    page.goto(f"/doctors/{doctor['id']}")
    choose_day(page, now_utc().date() + timedelta(days=7))
    page.get_by_role("button", name=re.compile(r"^Book ")).first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Reason for visit").fill("Written on the train")

    banner = page.get_by_role("status").filter(has_text=OFFLINE)
    expect(banner).to_have_count(0)
    page.context.set_offline(True)
    expect(banner).to_be_visible()

    dialog.get_by_role("button", name="Book appointment").click()
    expect(dialog.get_by_role("button", name="Waiting for connection…")).to_be_disabled()
    expect(banner).to_contain_text("1 change is waiting to be sent.")
    page.wait_for_timeout(500)
    assert _bookings(live_app, patient) == 0

    page.context.set_offline(False)
    expect(page).to_have_url(re.compile(r"/appointments/\d+$"))
    expect(page.get_by_role("heading", name="Appointment with Dr. Off Line")).to_be_visible()
    expect(page.get_by_text(OFFLINE)).to_have_count(0)
    assert _bookings(live_app, patient) == 1


def test_a_page_opened_offline_loads_its_code_when_back_online(
    browser: Browser, live_server, live_user
):
    patient = live_user(Role.PATIENT)
    page = new_page(browser, live_server)
    log_in(page, patient)
    page.goto("/patient")
    expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()

    page.context.set_offline(True)
    expect(page.get_by_role("status").filter(has_text=OFFLINE)).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Records").click()
    expect(page.get_by_text("Loading the page…")).to_be_visible()
    page.wait_for_timeout(500)
    expect(page.get_by_role("heading", name="Your health record")).to_have_count(0)

    page.context.set_offline(False)
    expect(page.get_by_role("heading", name="Your health record")).to_be_visible()
    expect(page.get_by_text(OFFLINE)).to_have_count(0)
