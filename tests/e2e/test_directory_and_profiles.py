"""Finding a doctor by symptom, opening their profile, editing a patient profile with a photo."""

from __future__ import annotations

import io
import re
import secrets
from datetime import time, timedelta

from flask import Flask
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import DoctorProfile, Role
from tests.e2e.helpers import log_in, new_page
from tests.e2e.test_doctor_calendar import choose_day
from tests.live import add_schedule


def _place_doctor(live_app: Flask, doctor: dict, **profile) -> None:
    with live_app.app_context():
        row = db.session.get(DoctorProfile, doctor["id"])
        for name, value in profile.items():
            setattr(row, name, value)
        db.session.commit()


def test_a_patient_finds_a_dermatologist_by_symptom_and_opens_the_profile(
    page: Page, live_app, e2e_user
):
    city = f"Testville {secrets.token_hex(3)}"
    derm = e2e_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Rosa Skinner")
    cardio = e2e_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Hart Beat")
    _place_doctor(
        live_app,
        derm,
        city=city,
        fee={"amount": 7500, "currency": "EUR"},
        experience_years=14,
        languages=["English", "Spanish"],
        bio="Eczema and acne care.",
    )
    _place_doctor(live_app, cardio, city=city)

    page.goto("/doctors")
    page.get_by_label("Search").fill("rash")
    page.get_by_role("button", name="Filters").click()
    page.get_by_label("City").fill(city)
    page.get_by_role("button", name="Search doctors").click()

    results = page.get_by_role("list").filter(has=page.get_by_role("link", name="Dr. Rosa Skinner"))
    expect(results).to_be_visible()
    expect(page.get_by_role("link", name="Dr. Hart Beat")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile(r"^1 doctor found"))).to_be_visible()

    page.get_by_role("link", name="Dr. Rosa Skinner").click()
    expect(page.get_by_role("heading", level=1, name="Dr. Rosa Skinner")).to_be_visible()
    expect(page.get_by_text("14 years of experience")).to_be_visible()
    expect(page.get_by_text("Spanish")).to_be_visible()
    expect(page.get_by_text("Dermatology").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"€\s?75|75(\.00)?\s?€")).first).to_be_visible()


def test_a_patient_edits_their_profile_and_uploads_a_photo(page: Page, e2e_user, tmp_path):
    patient = e2e_user(Role.PATIENT, full_name="Petra Profile")
    log_in(page, patient)
    page.goto("/profile")
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()

    page.get_by_label("Allergies").fill("Penicillin")
    page.get_by_label("Sex").select_option(label="Female")
    page.get_by_label("Emergency contact name").fill("Sam Profile")
    page.get_by_label("Emergency contact phone").fill("+44 7700 900123")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()

    photo = tmp_path / "me.png"
    image = Image.new("RGB", (640, 480), (20, 120, 200))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())
    page.get_by_label("Profile photo").set_input_files(str(photo))
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_text("Photo updated.")).to_be_visible()
    portrait = page.get_by_role("img", name="Photo of Petra Profile").first
    expect(portrait).to_be_visible()
    # The image has its size before it loads (width and height attributes): wait for the pixels.
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=portrait.element_handle()
    )

    page.reload()
    expect(page.get_by_label("Allergies")).to_have_value("Penicillin")
    expect(page.get_by_label("Emergency contact name")).to_have_value("Sam Profile")


def test_a_text_file_named_png_is_refused_in_the_browser_too(page: Page, e2e_user, tmp_path):
    patient = e2e_user(Role.PATIENT)
    log_in(page, patient)
    page.goto("/profile")
    fake = tmp_path / "x.png"
    fake.write_text("this is not an image")
    page.get_by_label("Profile photo").set_input_files(str(fake))
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Photo updated.")).to_have_count(0)


def test_a_doctor_sets_a_fee_that_patients_see_before_booking(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Fiona Feeset")
    add_schedule(live_app, doctor, timezone="UTC", start=time(9), end=time(17))
    page = new_page(browser, live_server, "UTC")
    log_in(page, doctor)
    page.goto("/profile")
    # Yen have no decimals: 1500.5 is refused before anything is sent.
    page.get_by_label("Currency").select_option("JPY")
    page.get_by_label("Consultation fee").fill("1500.5")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Enter a whole amount: JPY has no decimals.")).to_be_visible()
    # A decimal in euros is sent in cents.
    page.get_by_label("Currency").select_option("EUR")
    page.get_by_label("Consultation fee").fill("45.5")
    expect(page.get_by_text(re.compile(r"Shown as (€\s?45\.50|45[.,]50\s?€)"))).to_be_visible()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()
    with live_app.app_context():
        assert db.session.get(DoctorProfile, doctor["id"]).fee == {
            "amount": 4550,
            "currency": "EUR",
        }
    page.reload()
    expect(page.get_by_label("Consultation fee")).to_have_value("45.50")

    patient = live_user(Role.PATIENT, full_name="Pat Payer")
    visitor = new_page(browser, live_server, "UTC")
    log_in(visitor, patient)
    visitor.goto(f"/doctors/{doctor['id']}")
    price = re.compile(r"€\s?45\.50|45[.,]50\s?€")
    expect(visitor.get_by_text(price).first).to_be_visible()
    choose_day(visitor, now_utc().date() + timedelta(days=7))
    visitor.get_by_role("button", name=re.compile(r"^Book ")).first.click()
    dialog = visitor.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Confirm your booking")).to_be_visible()
    expect(dialog.get_by_text(re.compile(r"^Price: "))).to_contain_text(price)

    # A fee of nothing: the dialog says the visit is free.
    with live_app.app_context():
        db.session.get(DoctorProfile, doctor["id"]).fee = {"amount": 0, "currency": "EUR"}
        db.session.commit()
    visitor.reload()
    choose_day(visitor, now_utc().date() + timedelta(days=7))
    visitor.get_by_role("button", name=re.compile(r"^Book ")).first.click()
    expect(visitor.get_by_role("dialog").get_by_text(re.compile(r"^Price: "))).to_have_text(
        "Price: Free"
    )
