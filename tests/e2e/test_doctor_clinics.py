"""A doctor's clinics on their profile: a clinic that lists them is shown there, and they leave
it after confirming; the clinic no longer links them."""

from __future__ import annotations

import secrets

from flask import Flask
from playwright.sync_api import Browser, expect

from clinic360.extensions import db
from clinic360.models import ClinicDoctor, Role
from tests.e2e.clinic_helpers import live_clinic
from tests.e2e.helpers import log_in, new_page


def test_a_doctor_leaves_a_clinic_from_their_profile(
    browser: Browser, live_server: str, live_app: Flask, live_user
):
    doctor = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Lena Leaving")
    clinic_name = f"Harbour Clinic {secrets.token_hex(2)}"
    clinic_id = live_clinic(live_app, [doctor], name=clinic_name)

    page = new_page(browser, live_server)
    log_in(page, doctor)
    page.goto("/profile")
    panel = page.get_by_role("region", name="Your clinics")
    clinic_link = panel.get_by_role("link", name=clinic_name)
    expect(clinic_link).to_have_attribute("href", f"/clinics/{clinic_id}")
    expect(panel.get_by_text("12 Marina Road, Lagos")).to_be_visible()

    # Cancelling changes nothing and gives the focus back to the button.
    leave = panel.get_by_role("button", name=f"Leave {clinic_name}")
    leave.click()
    dialog = page.get_by_role("dialog", name=f"Leave {clinic_name}?")
    expect(dialog).to_contain_text(
        "Its front desk will no longer book your time and its admin will no longer manage"
        " your schedule."
    )
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(leave).to_be_focused()
    expect(clinic_link).to_be_visible()

    leave.click()
    dialog.get_by_role("button", name="Leave", exact=True).click()
    expect(dialog).to_be_hidden()
    left = f"You no longer practise at {clinic_name}."
    expect(panel.get_by_role("status").filter(has_text=left)).to_be_focused()
    expect(panel.get_by_text("You do not practise at any clinic on Clinic360.")).to_be_visible()
    expect(clinic_link).to_have_count(0)

    with live_app.app_context():
        assert db.session.get(ClinicDoctor, (clinic_id, doctor["id"])) is None

    # Still so after reloading: the list comes from the server.
    page.reload()
    expect(panel.get_by_text("You do not practise at any clinic on Clinic360.")).to_be_visible()
