"""Offline in a real browser: a banner says so, a booking made offline waits (its button says
it is waiting) and goes through once the connection is back, and the banner goes away. And a
page whose code cannot be loaded while online (a new release removed the old chunk) loads the
address again from the server once, or shows its error below the header it keeps."""

from __future__ import annotations

import re
from datetime import time, timedelta

from flask import Flask
from playwright.sync_api import Browser, Page, Request, Route, expect
from sqlalchemy import func, select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, Role
from tests.e2e.helpers import log_in, new_page
from tests.e2e.test_doctor_calendar import choose_day
from tests.live import add_schedule

OFFLINE = re.compile(r"^You're offline\. Changes will be sent when you're back online\.")
LOGIN_CHUNK = re.compile(r"/assets/login-[^/]+\.js$")
RECORDS_CHUNK = re.compile(r"/assets/patient-records-[^/]+\.js$")


def _is_booking(request: Request) -> bool:
    return request.method == "POST" and request.url.endswith("/api/appointments")


def _documents(page: Page) -> list[str]:
    """The addresses the page loads as documents (its first load and every reload), as they go."""
    documents: list[str] = []
    page.on(
        "request",
        lambda request: (
            documents.append(request.url) if request.resource_type == "document" else None
        ),
    )
    return documents


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

    # Every booking request the browser starts (sent or failing for want of a connection).
    bookings_sent: list[Request] = []
    page.on(
        "request", lambda request: bookings_sent.append(request) if _is_booking(request) else None
    )

    dialog.get_by_role("button", name="Book appointment").click()
    expect(dialog.get_by_role("button", name="Waiting for connection…")).to_be_disabled()
    expect(banner).to_contain_text("1 change is waiting to be sent.")
    assert bookings_sent == []
    assert _bookings(live_app, patient) == 0

    page.context.set_offline(False)
    expect(page).to_have_url(re.compile(r"/appointments/\d+$"))
    expect(page.get_by_role("heading", name="Appointment with Dr. Off Line")).to_be_visible()
    expect(page.get_by_text(OFFLINE)).to_have_count(0)
    assert len(bookings_sent) == 1
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
    # The code is asked for and fails (offline): the page waits rather than showing an error.
    with page.expect_event(
        "requestfailed", lambda request: bool(RECORDS_CHUNK.search(request.url))
    ):
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Records").click()
    # Two frames later the failure has been handled (React renders on the next frame at the latest).
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    expect(page.get_by_text("Loading the page…")).to_be_visible()
    expect(page.get_by_text("This page couldn't be shown")).to_have_count(0)
    expect(page.get_by_role("heading", name="Your health record")).to_have_count(0)

    page.context.set_offline(False)
    expect(page.get_by_role("heading", name="Your health record")).to_be_visible()
    expect(page.get_by_text(OFFLINE)).to_have_count(0)


def test_a_page_whose_code_is_gone_loads_the_address_again_once(browser: Browser, live_server):
    page = new_page(browser, live_server)
    documents = _documents(page)

    def gone_until_reloaded(route: Route) -> None:
        # The release the first document names is gone; the reloaded one names the current code.
        if len(documents) < 2:
            route.fulfill(status=404)
        else:
            route.continue_()

    page.route(LOGIN_CHUNK, gone_until_reloaded)
    page.goto("/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in").click()

    expect(page.get_by_label("Email or phone")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert documents == [f"{live_server}/", f"{live_server}/login"]


def test_a_page_whose_code_keeps_failing_shows_its_error_below_the_header(
    browser: Browser, live_server
):
    page = new_page(browser, live_server)
    documents = _documents(page)
    page.route(LOGIN_CHUNK, lambda route: route.fulfill(status=404))
    page.goto("/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in").click()

    # One reload, then no more: the error shows in the page, and the header stays.
    error = page.get_by_role("alert").filter(has_text="This page couldn't be shown")
    expect(error).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert documents == [f"{live_server}/", f"{live_server}/login"]

    # Another page still works, and the failed one tries again (and loads) when opened again.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a doctor").click()
    expect(page.get_by_role("heading", name="Find a doctor")).to_be_visible()
    expect(error).to_have_count(0)
    page.unroute(LOGIN_CHUNK)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in").click()
    expect(page.get_by_label("Email or phone")).to_be_visible()
    assert len(documents) == 2
