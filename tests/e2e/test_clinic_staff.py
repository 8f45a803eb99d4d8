"""A clinic's staff in the browser: its admin removes a receptionist after confirming; the
receptionist is shown as "Account closed", is signed out and can no longer log in. Nothing here
depends on the time of day."""

from __future__ import annotations

import secrets

from flask import Flask
from playwright.sync_api import Browser, expect

from clinic360.extensions import db
from clinic360.models import ClinicStaff, Role, User
from tests.e2e.clinic_helpers import live_clinic, live_staff
from tests.e2e.helpers import log_in, new_page


def test_a_clinic_admin_removes_a_receptionist_who_can_no_longer_log_in(
    browser: Browser, live_server: str, live_app: Flask
):
    clinic_name = f"Staffed Clinic {secrets.token_hex(2)}"
    clinic_id = live_clinic(live_app, [], name=clinic_name)
    admin = live_staff(live_app, clinic_id, Role.CLINIC_ADMIN, "Cleo Admin")
    receptionist = live_staff(live_app, clinic_id, Role.RECEPTIONIST, "Ray Fontaine")

    # The receptionist is at the desk in a browser of their own.
    desk = new_page(browser, live_server)
    log_in(desk, receptionist)
    assert desk.request.get("/api/user").status == 200

    page = new_page(browser, live_server)
    log_in(page, admin)
    page.goto("/front-desk")
    staff = page.get_by_role("region", name="Staff")
    members = staff.get_by_role("list", name="Staff")
    ray = members.get_by_role("listitem").filter(has_text="Ray Fontaine")
    cleo = members.get_by_role("listitem").filter(has_text="Cleo Admin")
    expect(ray).to_have_count(1)
    # Only receptionists can be removed by a clinic's admin: not the admin themselves.
    expect(cleo.get_by_role("button", name="Remove Cleo Admin")).to_have_count(0)

    # Cancelling changes nothing and gives the focus back to the button.
    remove = ray.get_by_role("button", name="Remove Ray Fontaine")
    remove.click()
    dialog = page.get_by_role("dialog", name=f"Remove Ray Fontaine from {clinic_name}?")
    expect(dialog).to_contain_text("Their account is closed and they are signed out everywhere.")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(remove).to_be_focused()
    expect(ray.get_by_text("Account closed")).to_have_count(0)

    remove.click()
    dialog.get_by_role("button", name="Remove", exact=True).click()
    expect(dialog).to_be_hidden()
    outcome = staff.get_by_role("status").filter(
        has_text=f"Ray Fontaine no longer works at {clinic_name}"
    )
    expect(outcome).to_be_focused()
    expect(ray.get_by_text("Account closed", exact=True)).to_be_visible()
    expect(remove).to_have_count(0)

    # Still so after reloading: the list comes from the server.
    page.reload()
    expect(ray.get_by_text("Account closed", exact=True)).to_be_visible()
    expect(ray.get_by_role("button", name="Remove Ray Fontaine")).to_have_count(0)

    with live_app.app_context():
        user = db.session.get(User, receptionist["id"])
        assert user is not None and not user.is_active

    # Their session is over, and their password no longer opens the account.
    assert desk.request.get("/api/user").status == 401
    desk.goto("/login")
    desk.get_by_label("Email or phone").fill(receptionist["email"])
    desk.get_by_label("Password", exact=True).fill(receptionist["password"])
    desk.get_by_role("button", name="Log in").click()
    expect(desk.get_by_role("alert")).to_contain_text("The login details are not correct.")
    expect(desk.get_by_role("button", name="Log out")).to_have_count(0)


def test_a_refused_removal_is_told_in_the_dialog_and_the_list_catches_up(
    browser: Browser, live_server: str, live_app: Flask
):
    clinic_name = f"Changing Clinic {secrets.token_hex(2)}"
    clinic_id = live_clinic(live_app, [], name=clinic_name)
    admin = live_staff(live_app, clinic_id, Role.CLINIC_ADMIN, "Cleo Admin")
    colleague = live_staff(live_app, clinic_id, Role.RECEPTIONIST, "Rhea Rising")

    page = new_page(browser, live_server)
    log_in(page, admin)
    page.goto("/front-desk")
    staff = page.get_by_role("region", name="Staff")
    rhea = (
        staff.get_by_role("list", name="Staff")
        .get_by_role("listitem")
        .filter(has_text="Rhea Rising")
    )
    rhea.get_by_role("button", name="Remove Rhea Rising").click()
    dialog = page.get_by_role("dialog", name=f"Remove Rhea Rising from {clinic_name}?")
    expect(dialog).to_be_visible()

    # Meanwhile she is made a clinic admin, whom only an administrator removes.
    with live_app.app_context():
        row = db.session.get(ClinicStaff, colleague["id"])
        user = db.session.get(User, colleague["id"])
        assert row is not None and user is not None
        row.role = user.role = Role.CLINIC_ADMIN
        db.session.commit()

    dialog.get_by_role("button", name="Remove", exact=True).click()
    expect(dialog.get_by_role("alert")).to_contain_text(
        "Only an administrator removes clinic admins."
    )
    expect(rhea.get_by_text("Clinic admin", exact=True)).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(rhea.get_by_role("button", name="Remove Rhea Rising")).to_have_count(0)
    expect(rhea.get_by_text("Account closed")).to_have_count(0)

    with live_app.app_context():
        user = db.session.get(User, colleague["id"])
        assert user is not None and user.is_active
