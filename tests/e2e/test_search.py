"""The directory's search in the browser: suggestions as you type, typos, the reasons shown,
filters, and booking a card's free time in one tap."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from datetime import time as clock
from urllib.parse import parse_qs, quote, urlsplit

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from clinic360.extensions import db
from clinic360.models import DoctorProfile, Role
from tests.e2e.helpers import log_in, new_page
from tests.live import add_schedule


def _place_doctor(live_app: Flask, doctor: dict, **profile) -> None:
    with live_app.app_context():
        row = db.session.get(DoctorProfile, doctor["id"])
        for name, value in profile.items():
            setattr(row, name, value)
        db.session.commit()


def _city() -> str:
    """A city of the test's own, so that other tests' doctors stay out of its results."""
    return f"Searchton {secrets.token_hex(3)}"


def _card(page: Page, name: str):
    return page.get_by_role("listitem").filter(has=page.get_by_role("link", name=name, exact=True))


def test_skin_doc_suggests_dermatology_and_the_results_say_why(
    browser: Browser, live_server, live_app, live_user
):
    city = _city()
    derm = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Dana Derma")
    cardio = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Carl Cardio")
    for doctor in (derm, cardio):
        _place_doctor(live_app, doctor, city=city)

    page = new_page(browser, live_server, "UTC")
    page.goto(f"/doctors?city={quote(city)}")
    expect(page.get_by_role("heading", name="2 doctors found")).to_be_visible()

    search = page.get_by_role("combobox", name="Search")
    search.click()
    search.press_sequentially("skin doc")
    listbox = page.get_by_role("listbox")
    specialties = listbox.get_by_role("group", name="Specialties")
    expect(specialties.get_by_role("option", name="Dermatology")).to_be_visible()
    expect(search).to_have_attribute("aria-expanded", "true")

    # Keyboard: Down highlights the first suggestion (focus stays in the box), Enter takes it.
    search.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(search).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "-")
    expect(search).to_be_focused()
    expect(first).to_have_accessible_name("Dermatology")
    search.press("Enter")

    expect(search).to_have_value("Dermatology")
    expect(search).to_have_attribute("aria-expanded", "false")
    expect(page).to_have_url(re.compile(r"[?&]q=Dermatology(&|$)"))
    expect(page.get_by_role("heading", name="1 doctor found")).to_be_visible()
    card = _card(page, "Dr. Dana Derma")
    expect(card.get_by_role("list", name="Why this doctor matches")).to_contain_text("Dermatology")
    expect(page.get_by_role("link", name="Dr. Carl Cardio", exact=True)).to_have_count(0)

    # A symptom suggestion searches for the symptom, and the card says what it means.
    search.fill("rash")
    listbox.get_by_role("option", name=re.compile(r"^rash\W+Dermatology$")).click()
    expect(search).to_have_value("rash")
    expect(card.get_by_text("rash → Dermatology")).to_be_visible()

    # Escape closes the suggestions and leaves the text.
    search.fill("hea")
    expect(page).to_have_url(re.compile(r"[?&]q=hea(&|$)"))
    search.fill("heart")
    expect(listbox.get_by_role("option").first).to_be_visible()
    search.press("Escape")
    expect(search).to_have_attribute("aria-expanded", "false")
    expect(search).to_have_value("heart")

    # The address keeps every search (a burst of typing as one): back shows the one before.
    expect(page).to_have_url(re.compile(r"[?&]q=heart(&|$)"))
    page.go_back()
    expect(search).to_have_value("rash")
    page.go_back()
    expect(search).to_have_value("Dermatology")


def test_typos_and_typing_without_choosing_still_find_the_specialist(
    browser: Browser, live_server, live_app, live_user
):
    city = _city()
    derm = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Tia Typo")
    other = live_user(Role.DOCTOR, specialty="Pediatrics", full_name="Dr. Kid Kare")
    for doctor in (derm, other):
        _place_doctor(live_app, doctor, city=city)

    page = new_page(browser, live_server, "UTC")
    page.goto(f"/doctors?city={quote(city)}")
    search = page.get_by_role("combobox", name="Search")
    search.fill("dermotology")
    # Results follow the typing: no button, no suggestion chosen.
    expect(page).to_have_url(re.compile(r"[?&]q=dermotology(&|$)"))
    expect(page.get_by_role("heading", name="1 doctor found")).to_be_visible()
    expect(_card(page, "Dr. Tia Typo").get_by_text("Dermatology").first).to_be_visible()
    expect(page.get_by_role("link", name="Dr. Kid Kare", exact=True)).to_have_count(0)

    # Nothing found offers specialties to try.
    search.fill("zzqxv")
    expect(page.get_by_text("No doctors match “zzqxv”")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Try a specialty such as"))).to_be_visible()

    # A doctor suggestion opens their page.
    search.fill("Tia Ty")
    page.get_by_role("listbox").get_by_role("group", name="Doctors").get_by_role(
        "option", name=re.compile(r"^Dr\. Tia Typo")
    ).click()
    expect(page).to_have_url(re.compile(rf"/doctors/{derm['id']}$"))
    expect(page.get_by_role("heading", level=1, name="Dr. Tia Typo")).to_be_visible()


def test_a_free_time_on_a_card_opens_its_booking_on_the_doctor_page(
    browser: Browser, live_server, live_app, live_user
):
    city = _city()
    doctor = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Quinn Quick")
    _place_doctor(live_app, doctor, city=city, consultation_types=["video"])
    add_schedule(live_app, doctor, timezone="UTC", start=clock(0), end=clock(23, 30))
    patient = live_user(Role.PATIENT)

    page = new_page(browser, live_server, "Europe/London")
    log_in(page, patient)
    page.goto(f"/doctors?city={quote(city)}")
    card = _card(page, "Dr. Quinn Quick")
    times = card.get_by_role("link", name=re.compile(r"^Book .+ with Dr\. Quinn Quick$"))
    expect(times).to_have_count(3)
    first = times.first
    shown_time = first.inner_text().strip().splitlines()[-1].strip()
    first.click()

    expect(page).to_have_url(re.compile(rf"/doctors/{doctor['id']}\?slot="))
    slot = parse_qs(urlsplit(page.url).query)["slot"][0]
    start = datetime.fromisoformat(slot.replace("Z", "+00:00"))
    assert start.tzinfo is not None and start > datetime.now(UTC)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Confirm your booking")).to_be_visible()
    # The card showed the time in the viewer's zone; the confirmation shows the same minute.
    expect(dialog).to_contain_text(shown_time)


def test_filters_narrow_the_results_and_bad_values_are_explained(
    browser: Browser, live_server, live_app, live_user
):
    city = _city()
    cheap = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Penny Cheap")
    dear = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Rich Dear")
    _place_doctor(
        live_app,
        cheap,
        city=city,
        fee={"amount": 3000, "currency": "USD"},
        languages=["English"],
        consultation_types=["chat"],
    )
    _place_doctor(
        live_app,
        dear,
        city=city,
        fee={"amount": 12000, "currency": "USD"},
        languages=["English", "French"],
        consultation_types=["video"],
    )
    add_schedule(live_app, dear, timezone="UTC", start=clock(0), end=clock(23, 30))

    page = new_page(browser, live_server, "UTC")
    page.goto(f"/doctors?city={quote(city)}")
    expect(page.get_by_role("heading", name="2 doctors found")).to_be_visible()
    expect(_card(page, "Dr. Penny Cheap").get_by_text("No reviews yet")).to_be_visible()
    # On a phone the filters fold away under a button.
    filters = page.get_by_role("button", name="Filters")
    expect(filters).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Maximum fee")).to_be_hidden()
    filters.click()

    page.get_by_label("Maximum fee").fill("50")
    expect(page.get_by_role("heading", name="1 doctor found")).to_be_visible()
    expect(page.get_by_role("link", name="Dr. Penny Cheap", exact=True)).to_be_visible()
    page.get_by_label("Maximum fee").fill("")
    expect(page.get_by_role("heading", name="2 doctors found")).to_be_visible()

    page.get_by_label("Language").fill("French")
    expect(page.get_by_role("heading", name="1 doctor found")).to_be_visible()
    expect(page.get_by_role("link", name="Dr. Rich Dear", exact=True)).to_be_visible()
    page.get_by_label("Language").fill("")

    page.get_by_label("Available").select_option(label="This week")
    expect(page).to_have_url(re.compile(r"[?&]available=week(&|$)"))
    expect(page.get_by_role("heading", name="1 doctor found")).to_be_visible()
    expect(page.get_by_role("link", name="Dr. Rich Dear", exact=True)).to_be_visible()
    page.get_by_label("Available").select_option(label="Any time")

    page.get_by_label("Consultation type").select_option(label="Chat")
    expect(page.get_by_role("heading", name="1 doctor found")).to_be_visible()
    expect(page.get_by_role("link", name="Dr. Penny Cheap", exact=True)).to_be_visible()

    # A mistake in a field is said under it; the server's refusals too.
    page.get_by_label("Minimum fee").fill("ten")
    expect(page.get_by_text("Enter an amount such as 40 or 39.50.")).to_be_visible()
    page.goto(f"/doctors?city={quote(city)}&specialty=no-such-thing")
    expect(page.get_by_role("alert")).to_contain_text("Unknown specialty.")
    expect(page.get_by_label("Specialty")).to_have_attribute("aria-invalid", "true")
