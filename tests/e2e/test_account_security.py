"""Account recovery and protection in real Chromium against the built app: resetting a
forgotten password and verifying an email address through the links of real mail (SMTP on
loopback, sent by a real worker), turning on two-step verification with an authenticator app
(codes computed with pyotp from the key the page shows) and signing in with it or with a
recovery code, and the idle sign-out (the page's clock moved forward by Playwright)."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

import pyotp
from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in
from tests.smtp import Mailbox, parts

NEW_PASSWORD = "Violet-harbour-lantern-42"
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def _link_token(mailbox: Mailbox, address: str, path: str, count: int = 1) -> str:
    """The token of the `count`-th mail to `address` that links to `path` (waits for it)."""

    def links(messages) -> list[str]:
        found = []
        for message in messages:
            if address not in str(message["To"]):
                continue
            text = " ".join(parts(message).values())
            # The text and the HTML part carry the same link: one token per message.
            tokens = re.findall(rf"{re.escape(path)}\?token=([A-Za-z0-9_.~%-]+)", text)
            found += list(dict.fromkeys(tokens))
        return found

    mailbox.wait_for(lambda messages: len(links(messages)) >= count, timeout=20)
    return links(mailbox.messages)[count - 1]


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Log in")).to_be_visible()


def _password_step(page: Page, user: dict, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email or phone").fill(user["email"])
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_forgotten_password_is_reset_through_the_mailed_link(
    page: Page, e2e_user, mailbox, start_worker
):
    start_worker()
    user = e2e_user()
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email or phone").fill(user["email"])
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("Check your email")).to_be_visible()
    expect(page.get_by_text(f"If there is an account for {user['email']}")).to_be_visible()

    # An address without an account gets the very same answer.
    page.goto("/forgot-password")
    page.get_by_label("Email or phone").fill(f"nobody-{secrets.token_hex(3)}@example.test")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("Check your email")).to_be_visible()

    token = _link_token(mailbox, user["email"], "/reset-password")
    page.goto(f"/reset-password?token={token}")
    new_password = page.get_by_label("New password", exact=True)
    # The server's policy refuses a password built from the account's own email address.
    weak = user["email"].split("@")[0] * 2
    new_password.fill(weak)
    page.get_by_label("New password again").fill(weak)
    page.get_by_role("button", name="Set new password").click()
    expect(new_password).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_url(re.compile(r"/reset-password\?token="))

    new_password.fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page).to_have_url(re.compile(r"/login\?notice=password-reset"))
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()

    # The link worked once.
    page.goto(f"/reset-password?token={token}")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD + "!")
    page.get_by_label("New password again").fill(NEW_PASSWORD + "!")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("alert")).to_be_visible()

    _password_step(page, user, user["password"])
    expect(page.get_by_role("alert")).to_contain_text("not correct")
    log_in(page, {**user, "password": NEW_PASSWORD})
    expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()


def test_a_new_patient_verifies_their_email_from_the_mail(page: Page, mailbox, start_worker):
    start_worker()
    email = f"vera-{secrets.token_hex(3)}@example.test"
    page.goto("/register")
    page.get_by_label("Full name").fill("Vera Verify")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()

    banner = page.get_by_role("region", name="Verify your email")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(email)
    _link_token(mailbox, email, "/verify-email")

    banner.get_by_role("button", name="Send a new link").click()
    expect(banner.get_by_role("status")).to_contain_text(f"new verification link to {email}")
    token = _link_token(mailbox, email, "/verify-email", count=2)

    page.goto(f"/verify-email?token={token}")
    expect(page.get_by_text("your email address is verified")).to_be_visible()
    page.get_by_role("link", name="Continue to Clinic360").click()
    expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()
    expect(page.get_by_role("region", name="Verify your email")).to_have_count(0)

    page.reload()
    expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()
    expect(page.get_by_role("region", name="Verify your email")).to_have_count(0)

    # The link works once; opened again it says there is nothing left to do.
    page.goto(f"/verify-email?token={token}")
    expect(page.get_by_role("alert")).to_contain_text("expired or has already been used")
    expect(page.get_by_text("Your email address is already verified")).to_be_visible()


def _turn_on_two_step(page: Page, tmp_path: Path) -> tuple[pyotp.TOTP, list[str]]:
    """On the security page: scan (read the key), confirm with a code, save the recovery codes."""
    page.get_by_role("link", name="Security").click()
    expect(page.get_by_role("heading", name="Sign-in and security")).to_be_visible()
    page.get_by_role("button", name="Set up two-step verification").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    secret = page.locator("code").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)

    page.get_by_label("Code from the app").fill("000000" if totp.now() != "000000" else "111111")
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.get_by_text("The code is not correct")).to_be_visible()

    page.get_by_label("Code from the app").fill(totp.now())
    page.get_by_role("button", name="Turn on two-step verification").click()
    codes_list = page.get_by_role("list", name="Recovery codes")
    expect(codes_list.get_by_role("listitem")).to_have_count(10)
    codes = codes_list.get_by_role("listitem").all_inner_texts()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as a text file").click()
    download = download_info.value
    assert download.suggested_filename == "clinic360-recovery-codes.txt"
    saved = tmp_path / "codes.txt"
    download.save_as(saved)
    assert all(code in saved.read_text() for code in codes)

    page.get_by_role("button", name="I've saved my codes").click()
    expect(page.get_by_text("Two-step verification is on.")).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes")).to_have_count(0)
    return totp, codes


def test_two_step_verification_is_turned_on_and_asked_at_login(page: Page, e2e_user, tmp_path):
    user = e2e_user()
    log_in(page, user)
    totp, codes = _turn_on_two_step(page, tmp_path)
    _log_out(page)

    _password_step(page, user, user["password"])
    expect(page.get_by_role("heading", name="Two-step verification")).to_be_visible()
    # Starting over keeps the account but not the password.
    page.get_by_role("button", name="Start over").click()
    expect(page.get_by_label("Email or phone")).to_have_value(user["email"])
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    page.get_by_label("Password", exact=True).fill(user["password"])
    page.get_by_role("button", name="Log in").click()
    code = page.get_by_label("Authentication code")
    expect(code).to_be_focused()
    code.fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Enter the 6 digits the app shows.")).to_be_visible()
    # The code of the next 30-second step: the one used to turn it on never works again.
    code.fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()

    # The device list shows this browser.
    page.goto("/security")
    sessions = page.get_by_role("region", name="Where you're signed in")
    expect(sessions.get_by_text("This device")).to_be_visible()
    expect(sessions.get_by_text("Chrome on Linux")).to_be_visible()
    _log_out(page)

    # A recovery code instead of the app, once.
    for attempt in range(2):
        _password_step(page, user, user["password"])
        page.get_by_role("button", name="Use a recovery code").click()
        page.get_by_label("Recovery code").fill(codes[0].upper())
        page.get_by_role("button", name="Continue").click()
        if attempt == 0:
            expect(page.get_by_role("heading", name="Patient dashboard")).to_be_visible()
            _log_out(page)
    expect(page.get_by_role("alert")).to_contain_text("used already")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_other_devices_are_listed_and_signed_out(page: Page, browser, live_server, e2e_user):
    user = e2e_user()
    other = browser.new_context(base_url=live_server, user_agent=IPHONE_SAFARI)
    try:
        other_page = other.new_page()
        log_in(other_page, user)
        log_in(page, user)
        page.goto("/security")
        sessions = page.get_by_role("region", name="Where you're signed in")
        phone = sessions.get_by_role("listitem").filter(has_text="Safari on iPhone")
        expect(phone).to_be_visible()
        phone.get_by_role("button", name="Sign out").click()
        expect(page.get_by_text("Safari on iPhone has been signed out.")).to_be_visible()
        expect(phone).to_have_count(0)

        other_page.goto("/appointments")
        expect(other_page).to_have_url(re.compile(r"/login\?next="))
    finally:
        other.close()


def _quiet_network(page: Page):
    """A function that waits until the page has had no request in flight for half a second."""
    in_flight: set = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))

    def settle() -> None:
        quiet_since = time.monotonic()
        deadline = quiet_since + 10
        while time.monotonic() - quiet_since < 0.5:
            assert time.monotonic() < deadline, [request.url for request in in_flight]
            page.wait_for_timeout(50)
            if in_flight:
                quiet_since = time.monotonic()

    return settle


def test_an_idle_session_warns_a_minute_before_and_signs_out(page: Page, e2e_user):
    settle = _quiet_network(page)
    page.clock.install()
    user = e2e_user()
    log_in(page, user)
    limit_ms = page.request.get("/api/user").json()["idleTimeoutMinutes"] * 60_000
    dialog = page.get_by_role("dialog", name="Are you still there?")
    # Every answer to a request the dashboard made counts as activity: let them all arrive.
    settle()

    page.clock.fast_forward(limit_ms - 59_000)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("You will be signed out in")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    settle()

    # The request made for "Stay signed in" started the time again. (The page counts the limit
    # from up to 30 s earlier, as the server writes a session's last use every 30 s.)
    page.clock.fast_forward(limit_ms - 150_000)
    expect(dialog).to_be_hidden()
    page.clock.fast_forward(70_000)
    expect(dialog).to_be_visible()
    page.clock.fast_forward(61_000)
    expect(page).to_have_url(re.compile(r"/login\?notice=idle"))
    expect(page.get_by_text("You were signed out because you were inactive")).to_be_visible()
    assert page.request.get("/api/user").status == 401
