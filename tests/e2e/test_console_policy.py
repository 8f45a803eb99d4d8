"""The admin console in a real browser under its Content Security Policy: nothing it needs is
blocked (scripts, the delete confirmation, list actions), and it signs out cleanly."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from clinic360.models import Role


def test_the_console_works_under_its_policy_and_signs_out(page: Page, e2e_user):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    admin = e2e_user(Role.ADMIN)
    page.goto("/admin/")
    page.get_by_label("Email or phone").fill(admin["email"])
    page.get_by_label("Password", exact=True).fill(admin["password"])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Clinic360 console")).to_be_visible()

    for path in ("/admin/", "/admin/users/", "/admin/specialties/", "/admin/doctors/"):
        page.goto(path)
        expect(page.get_by_role("link", name="Back to the site")).to_be_visible()

    # A script-driven control: the row delete button asks first (its inline handler runs).
    page.goto("/admin/specialties/")
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    page.locator("form.icon button[title='Delete Record']").first.click()
    for _ in range(50):
        if asked:
            break
        page.wait_for_timeout(100)
    assert asked and "delete this record" in asked[0], asked
    expect(page).to_have_url(re.compile(r"/admin/specialties/"))
    assert page.locator("table tbody tr").count() > 0, "nothing was deleted"

    assert violations == [], violations

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
