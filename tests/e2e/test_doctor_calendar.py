"""The month calendar on a doctor's page: it opens on the doctor's first free day, moves by
keyboard, books from the chosen day, and a link with ?slot= (from a result card) has that time
ready to book, also after signing in first."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import DoctorSchedule, Role, ScheduleException, ScheduleRule
from tests.e2e.helpers import log_in, new_page
from tests.live import add_schedule

BOOK = re.compile(r"^Book ")


def day_heading(day: date) -> str:
    """A day as the calendar names it in en-GB: "Tuesday 3 December"."""
    return f"{day:%A} {day.day} {day:%B}"


def choose_day(page: Page, day: date) -> None:
    """Show the day's month in the calendar and choose the day."""
    month = f"{day:%B %Y}"
    expect(page.get_by_role("grid")).to_be_visible()
    for _ in range(13):
        if page.get_by_role("grid", name=month).is_visible():
            break
        page.get_by_role("button", name="Next month").click()
    expect(page.get_by_role("grid", name=month)).to_be_visible()
    page.get_by_role("button", name=re.compile(rf"^{day_heading(day)}, ")).click()
    expect(page.get_by_role("heading", level=3, name=day_heading(day))).to_be_visible()


def clock_text(moment: datetime) -> str:
    """A time as en-GB shows it: "9:00", "14:30"."""
    return f"{moment.hour}:{moment:%M}"


def _parse(instant: str) -> datetime:
    return datetime.fromisoformat(instant.replace("Z", "+00:00"))


def test_the_calendar_opens_on_the_first_free_day_and_books_from_it(
    browser: Browser, live_server, live_app: Flask, live_user, http_client
):
    doctor = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Cal Endar")
    # Away for the next 35 days: the first free day is in a later month than today.
    today = now_utc().date()
    with live_app.app_context():
        db.session.add(
            DoctorSchedule(
                doctor_id=doctor["id"],
                timezone="UTC",
                slot_minutes=30,
                buffer_minutes=0,
                min_notice_minutes=0,
                horizon_days=60,
                requires_approval=True,
                late_change_hours=0,
                rules=[
                    ScheduleRule(day_of_week=d, start_time=time(9), end_time=time(12))
                    for d in range(7)
                ],
            )
        )
        db.session.add_all(
            ScheduleException(
                doctor_id=doctor["id"], date=today + timedelta(days=n), is_available=False
            )
            for n in range(35)
        )
        db.session.commit()
    status, card = http_client().request("GET", f"/api/doctors/{doctor['id']}")
    assert status == 200 and card["nextAvailable"], card
    first = _parse(card["nextAvailable"])
    patient = live_user(Role.PATIENT)

    page = new_page(browser, live_server, "UTC")
    log_in(page, patient)
    page.goto(f"/doctors/{doctor['id']}")
    expect(page.get_by_role("grid", name=f"{first:%B %Y}")).to_be_visible()
    selected = page.get_by_role("gridcell", selected=True)
    expect(selected.get_by_role("button")).to_have_accessible_name(
        re.compile(rf"^{day_heading(first.date())}, \d+ free times?$")
    )
    expect(page.get_by_role("heading", level=3, name=day_heading(first.date()))).to_be_visible()
    expect(page.get_by_role("button", name=BOOK).first).to_have_text(f"Book {clock_text(first)}")
    # Earlier days of the month have nothing to book.
    if first.day > 1:
        earlier = first.date().replace(day=1)
        expect(
            page.get_by_role(
                "button", name=re.compile(rf"^{day_heading(earlier)}, (past|no free times)$")
            )
        ).to_be_visible()

    # A month before the first free time points to it.
    page.get_by_role("button", name="Previous month").click()
    before = first.date().replace(day=1) - timedelta(days=1)
    expect(page.get_by_role("grid", name=f"{before:%B %Y}")).to_be_visible()
    expect(
        page.get_by_text(f"The first free time is on {day_heading(first.date())}.")
    ).to_be_visible()
    page.get_by_role("button", name=f"Show {first:%B %Y}").click()
    expect(page.get_by_role("heading", level=3, name=day_heading(first.date()))).to_be_visible()

    # Arrow keys move between days; Enter chooses one.
    selected = page.get_by_role("gridcell", selected=True)
    selected.get_by_role("button").focus()
    page.keyboard.press("ArrowDown")
    week_later = first.date() + timedelta(days=7)
    focused = page.locator("button:focus")
    expect(focused).to_have_accessible_name(re.compile(rf"^{day_heading(week_later)}, "))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=3, name=day_heading(week_later))).to_be_visible()
    expect(page.get_by_role("grid", name=f"{week_later:%B %Y}")).to_be_visible()

    page.get_by_role("button", name=BOOK).nth(1).click()
    dialog = page.get_by_role("dialog", name="Confirm your booking")
    expect(dialog).to_contain_text(f"{week_later.day} {week_later:%b}")
    dialog.get_by_role("button", name="Book appointment").click()
    expect(page).to_have_url(re.compile(r"/appointments/\d+$"))
    expect(page.get_by_text(re.compile(r"\b0?9:30")).first).to_be_visible()
    page.context.close()


def test_a_slot_link_has_that_time_ready_to_book_after_signing_in(
    browser: Browser, live_server, live_app: Flask, live_user, http_client
):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Lin Slot")
    add_schedule(live_app, doctor, timezone="Asia/Tokyo", start=time(9), end=time(17))
    patient = live_user(Role.PATIENT)
    later = (now_utc().date() + timedelta(days=2)).isoformat()
    status, slots = http_client().request(
        "GET", f"/api/doctors/{doctor['id']}/slots?from={later}&to={later}"
    )
    assert status == 200 and len(slots) > 4, slots
    chosen = slots[4]["startTime"]
    start = _parse(chosen)

    page = new_page(browser, live_server, "Europe/London")
    page.goto(f"/doctors/{doctor['id']}?slot={quote(chosen)}")
    london = start.astimezone(ZoneInfo("Europe/London"))
    expect(page.get_by_role("heading", level=3, name=day_heading(london.date()))).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile(rf"^Book {clock_text(london)}, "))
    ).to_have_attribute("aria-pressed", "true")
    expect(
        page.get_by_text(re.compile(rf"Log in as a patient to book {clock_text(london)}"))
    ).to_be_visible()
    page.get_by_role("link", name="Log in to book").click()
    page.get_by_label("Email or phone").fill(patient["email"])
    page.get_by_label("Password", exact=True).fill(patient["password"])
    page.get_by_role("button", name="Log in").click()

    # Back on the doctor's page with the confirmation open: one more tap books it.
    dialog = page.get_by_role("dialog", name="Confirm your booking")
    expect(dialog).to_contain_text(f"{clock_text(london)}")
    expect(dialog).to_contain_text("Europe/London")
    dialog.get_by_role("button", name="Book appointment").click()
    expect(page).to_have_url(re.compile(r"/appointments/\d+$"))
    expect(page.get_by_text(re.compile(rf"\b0?{clock_text(london)}")).first).to_be_visible()

    # A time that is taken meanwhile is not offered as if it were free.
    page.goto(f"/doctors/{doctor['id']}?slot={quote(chosen)}")
    expect(page.get_by_text("The time you picked is no longer free.")).to_be_visible()
    expect(page.get_by_role("dialog", name="Confirm your booking")).to_be_hidden()

    # A past time, also one in a month the calendar doesn't show, is answered at once.
    for past in (start - timedelta(days=3), start - timedelta(days=400)):
        page.goto(f"/doctors/{doctor['id']}?slot={quote(past.isoformat())}")
        expect(page.get_by_text("The time you picked is no longer free.")).to_be_visible()
        expect(page.get_by_role("dialog", name="Confirm your booking")).to_be_hidden()
    page.context.close()
