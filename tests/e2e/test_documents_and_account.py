"""Removing a document one uploaded, and asking for one's account to be deleted, in real
Chromium against the built app."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from clinic360.models import Role
from tests.e2e.helpers import confirmed_appointment, log_in, new_page
from tests.health_data import make_pdf


def _upload(page: Page, name: str) -> None:
    page.get_by_label("Add a document").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": make_pdf()}
    )
    page.get_by_role("button", name="Upload document").click()
    expect(page.get_by_text("Document uploaded.")).to_be_visible()


def _row(page: Page, name: str):
    documents = page.get_by_role("region", name="Documents")
    return documents.get_by_role("listitem").filter(has_text=name)


def test_each_side_deletes_only_the_documents_it_uploaded(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR, full_name="Dr. Doc Keeper")
    patient = live_user(Role.PATIENT, full_name="Pat Uploader")
    confirmed_appointment(live_app, doctor, patient, starts_in=timedelta(hours=-1))

    doctor_page = new_page(browser, live_server)
    log_in(doctor_page, doctor)
    doctor_page.goto(f"/patients/{patient['id']}")
    _upload(doctor_page, "scan-from-doctor.pdf")

    page = new_page(browser, live_server)
    log_in(page, patient)
    page.goto("/records")
    _upload(page, "my-lab-result.pdf")
    expect(_row(page, "scan-from-doctor.pdf")).to_be_visible()
    expect(_row(page, "scan-from-doctor.pdf").get_by_role("button", name="Delete")).to_have_count(0)

    delete = _row(page, "my-lab-result.pdf").get_by_role("button", name="Delete")
    delete.click()
    dialog = page.get_by_role("dialog", name="Delete this document?")
    expect(dialog).to_contain_text("my-lab-result.pdf")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(delete).to_be_focused()

    delete.click()
    dialog.get_by_role("button", name="Delete document").click()
    expect(page.get_by_text("my-lab-result.pdf has been deleted.")).to_be_visible()
    expect(_row(page, "my-lab-result.pdf")).to_have_count(0)

    doctor_page.reload()
    expect(_row(doctor_page, "scan-from-doctor.pdf")).to_be_visible()
    expect(_row(doctor_page, "my-lab-result.pdf")).to_have_count(0)
    _row(doctor_page, "scan-from-doctor.pdf").get_by_role("button", name="Delete").click()
    doctor_page.get_by_role("dialog").get_by_role("button", name="Delete document").click()
    expect(doctor_page.get_by_text("scan-from-doctor.pdf has been deleted.")).to_be_visible()
    doctor_page.context.close()
    page.context.close()


def test_a_patient_asks_for_their_account_to_be_deleted_and_withdraws(page: Page, e2e_user):
    log_in(page, e2e_user())
    page.goto("/profile")
    panel = page.get_by_role("region", name="Delete your account")
    panel.get_by_role("button", name="Delete my account").click()
    dialog = page.get_by_role("dialog", name="Delete your account?")
    expect(dialog).to_contain_text("the law requires clinics to keep them")
    dialog.get_by_label("Why are you leaving? (optional)").fill("Moving abroad")
    dialog.get_by_role("button", name="Request deletion").click()
    expect(panel.get_by_role("status")).to_contain_text("We have received your request.")
    expect(panel.get_by_text("You asked for your account to be deleted on")).to_be_visible()

    page.reload()
    panel.get_by_role("button", name="Withdraw my request").click()
    expect(panel.get_by_role("status")).to_contain_text("Your request is withdrawn.")
    expect(panel.get_by_role("button", name="Delete my account")).to_be_visible()
