"""User journeys of the foundation, in real Chromium against the built app."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from clinic360.models import Role


def test_a_patient_registers_and_lands_on_their_dashboard(page: Page):
    page.goto("/register")
    page.get_by_label("Full name").fill("Rita Register")
    page.get_by_label("Email").fill("rita.register@example.test")
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/patient$"))
    expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()
    expect(page.get_by_text("Rita Register").first).to_be_visible()

    page.reload()
    expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()


def test_registration_errors_from_the_server_show_under_the_field(page: Page, e2e_user):
    # A taken phone number cannot be told by mail, so the server says so (409 with the field).
    phone = f"+1555{secrets.randbelow(10**7):07d}"
    e2e_user(phone=phone)
    page.goto("/register")
    page.get_by_label("Full name").fill("Second Person")
    page.get_by_label("Phone").fill(phone)
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("An account with this phone number already exists.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/register$"))


def test_registering_with_a_taken_email_says_no_more_than_check_your_email(page: Page, e2e_user):
    taken = e2e_user()
    page.goto("/register")
    page.get_by_label("Full name").fill("Second Person")
    page.get_by_label("Email").fill(taken["email"])
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text(taken["email"])).to_be_visible()
    expect(page.get_by_text("already exists")).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_a_doctor_logs_in_with_employee_id_and_lands_on_their_dashboard(page: Page, e2e_user):
    doctor = e2e_user(Role.DOCTOR, specialty="Cardiology")
    page.goto("/login")
    page.get_by_role("radio", name="Doctor").check()
    page.get_by_label("Email or phone").fill(doctor["email"])
    page.get_by_label("Password").fill(doctor["password"])
    page.get_by_label("Employee ID").fill(doctor["employee_id"])
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/doctor$"))
    expect(page.get_by_role("heading", name="Doctor dashboard")).to_be_visible()
    expect(page.get_by_text(doctor["employee_id"]).first).to_be_visible()


def test_a_doctor_without_the_employee_id_is_refused(page: Page, e2e_user):
    doctor = e2e_user(Role.DOCTOR)
    page.goto("/login")
    page.get_by_label("Email or phone").fill(doctor["email"])
    page.get_by_label("Password").fill(doctor["password"])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("The login details are not correct.")


def test_a_patient_typing_a_doctor_url_is_turned_away(page: Page, e2e_user):
    patient = e2e_user()
    page.goto("/login")
    page.get_by_label("Email or phone").fill(patient["email"])
    page.get_by_label("Password").fill(patient["password"])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()

    page.goto("/doctor")
    expect(page.get_by_role("heading", name="Access denied")).to_be_visible()
    expect(page.get_by_role("heading", name="Doctor dashboard")).to_have_count(0)


def test_anonymous_visitors_are_sent_to_log_in_and_come_back(page: Page, e2e_user):
    patient = e2e_user()
    page.goto("/patient")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fpatient|/login\?next=/patient"))
    page.get_by_label("Email or phone").fill(patient["email"])
    page.get_by_label("Password").fill(patient["password"])
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/patient$"))


def test_a_wrong_password_shows_a_message(page: Page, e2e_user):
    patient = e2e_user()
    page.goto("/login")
    page.get_by_label("Email or phone").fill(patient["email"])
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("The login details are not correct.")
    expect(page).to_have_url(re.compile(r"/login"))


def test_logging_out_ends_the_session(page: Page, e2e_user):
    patient = e2e_user()
    page.goto("/login")
    page.get_by_label("Email or phone").fill(patient["email"])
    page.get_by_label("Password").fill(patient["password"])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/patient")
    expect(page).to_have_url(re.compile(r"/login"))


def test_an_admin_logs_in_and_opens_the_console(page: Page, e2e_user):
    admin = e2e_user(Role.ADMIN)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("Email or phone").fill(admin["email"])
    page.get_by_label("Password").fill(admin["password"])
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/"))
    expect(page.get_by_role("heading", name="Clinic360 console")).to_be_visible()
    page.get_by_role("link", name="Users").first.click()
    expect(page.get_by_text(admin["email"])).to_be_visible()


def test_a_doctor_who_applies_is_told_the_application_is_under_review(page: Page):
    page.goto("/register")
    page.get_by_role("radio", name="Doctor").check()
    page.get_by_label("Full name").fill("Dr. Ursula Review")
    page.get_by_label("Email").fill(f"ursula-{secrets.token_hex(3)}@example.test")
    page.get_by_label("Password").fill("Violet-harbour-lantern-42")
    page.get_by_label("Specialization").fill("Cardiology")
    page.get_by_role("button", name="Create account").click()
    heading = page.get_by_role("heading", name="Your application is under review")
    expect(heading).to_be_visible()
    expect(heading).to_be_focused()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)

    page.get_by_role("link", name="Go to the login page").click()
    page.get_by_role("radio", name="Doctor").check()
    hint = page.get_by_text("Your application is under review until an administrator")
    expect(hint).to_be_visible()


def test_a_locked_account_is_told_how_long_to_wait(page: Page, e2e_user):
    user = e2e_user()
    page.goto("/login")
    token = page.request.get("/api/csrf").json()["csrfToken"]
    for _ in range(10):
        answer = page.request.post(
            "/api/login",
            data={"identifier": user["email"], "password": "not-the-password"},
            headers={"X-CSRFToken": token},
        )
        assert answer.status == 401, answer.text()
    page.get_by_label("Email or phone").fill(user["email"])
    page.get_by_label("Password", exact=True).fill(user["password"])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"try again in \d+ minutes"))
