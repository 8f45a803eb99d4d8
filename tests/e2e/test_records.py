"""A doctor writes a record with a prescription; the patient sees it and downloads the PDF."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from clinic360.models import Role
from tests.e2e.helpers import confirmed_appointment, log_in, new_page


def test_a_record_with_a_prescription_reaches_the_patient(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR, full_name="Dr. Rx Writer")
    patient = live_user(Role.PATIENT, full_name="Rita Reader")
    confirmed_appointment(live_app, doctor, patient, starts_in=timedelta(hours=-1))

    doctor_page = new_page(browser, live_server)
    log_in(doctor_page, doctor)
    doctor_page.goto(f"/patients/{patient['id']}")
    expect(doctor_page.get_by_role("heading", level=1, name="Rita Reader")).to_be_visible()
    form = doctor_page.get_by_role("region", name="Write a record")
    form.get_by_label("Diagnosis", exact=True).fill("Seasonal allergic rhinitis")
    form.get_by_label("Notes", exact=True).fill("Sneezing every spring")
    form.get_by_role("button", name="Add medication").click()
    form.get_by_label("Medication").fill("Loratadine")
    form.get_by_label("Dose").fill("10 mg")
    form.get_by_label("Frequency").fill("once daily")
    form.get_by_label("Duration").fill("30 days")
    form.get_by_role("button", name="Save record").click()
    expect(doctor_page.get_by_text("Record saved.")).to_be_visible()

    page = new_page(browser, live_server)
    log_in(page, patient)
    page.goto("/records")
    expect(page.get_by_role("heading", name="Your health record")).to_be_visible()
    expect(page.get_by_text("Seasonal allergic rhinitis")).to_be_visible()
    expect(page.get_by_text("Loratadine")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download prescription (PDF)").first.click()
    pdf = download_info.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "Loratadine" in text and "Rita Reader" in text and "Dr. Rx Writer" in text
    expect(
        page.get_by_role("region", name="Who has seen your record")
        .get_by_text("Dr. Rx Writer (Doctor)")
        .first
    ).to_be_visible()
