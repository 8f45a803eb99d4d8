"""Security settings in real Chromium against the built app: changing the password signs the
other devices out, and a role that must use two-step verification is kept on the security
page until it is on (a second live server with REQUIRE_MFA_ROLES=admin)."""

from __future__ import annotations

import re

import pyotp
from playwright.sync_api import Browser, Page, expect

from clinic360.models import Role
from tests.e2e.helpers import log_in, new_page
from tests.live import run_server

NEW_PASSWORD = "Quartz-meadow-kettle-97"


def test_changing_the_password_signs_the_other_devices_out(
    page: Page, browser: Browser, live_server, e2e_user
):
    user = e2e_user()
    other = new_page(browser, live_server)
    try:
        log_in(other, user)
        log_in(page, user)
        page.goto("/security")
        panel = page.get_by_role("region", name="Password")
        panel.get_by_label("Current password").fill("not-my-password")
        panel.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        panel.get_by_label("New password again").fill(NEW_PASSWORD + "x")
        panel.get_by_role("button", name="Change password").click()
        expect(panel.get_by_text("The two passwords are not the same.")).to_be_visible()

        panel.get_by_label("New password again").fill(NEW_PASSWORD)
        panel.get_by_role("button", name="Change password").click()
        current = panel.get_by_label("Current password")
        expect(current).to_have_attribute("aria-invalid", "true")

        current.fill(user["password"])
        panel.get_by_role("button", name="Change password").click()
        expect(panel.get_by_role("status")).to_contain_text("Your password has been changed.")
        expect(current).to_have_value("")

        # This browser stays signed in; the other one is out.
        page.goto("/appointments")
        expect(page.get_by_role("heading", name="Appointments", level=1)).to_be_visible()
        other.goto("/appointments")
        expect(other).to_have_url(re.compile(r"/login\?next="))
        log_in(other, {**user, "password": NEW_PASSWORD})
    finally:
        other.context.close()


def test_an_admin_must_turn_on_two_step_verification_before_anything_else(
    browser: Browser, live_env, e2e_user
):
    admin = e2e_user(Role.ADMIN)
    with run_server({**live_env, "REQUIRE_MFA_ROLES": "admin"}, workers=1, threads=4) as base:
        page = new_page(browser, base)
        try:
            page.goto("/login")
            page.get_by_label("Email or phone").fill(admin["email"])
            page.get_by_label("Password", exact=True).fill(admin["password"])
            page.get_by_role("button", name="Log in").click()
            expect(page).to_have_url(re.compile(r"/security$"))
            expect(page.get_by_text("Set up two-step verification to continue")).to_be_visible()

            # Every other page (and the console) leads back here.
            for path in ("/doctors", "/profile", "/admin/"):
                page.goto(path)
                expect(page).to_have_url(re.compile(r"/security$"))
                expect(page.get_by_role("heading", name="Sign-in and security")).to_be_visible()

            page.get_by_role("button", name="Set up two-step verification").click()
            secret = page.locator("code").inner_text().replace(" ", "")
            page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
            page.get_by_role("button", name="Turn on two-step verification").click()
            expect(page.get_by_role("list", name="Recovery codes")).to_be_visible()
            expect(page.get_by_text("Set up two-step verification to continue")).to_have_count(0)
            page.get_by_role("button", name="I've saved my codes").click()

            page.get_by_role("link", name="Open the admin console").click()
            expect(page).to_have_url(re.compile(r"/admin/$"))
            page.goto("/profile")
            expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
        finally:
            page.context.close()
