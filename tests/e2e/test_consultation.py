"""The consultation page: Jitsi gets the right domain, room and token only inside the window,
and messages are shown as text, never as HTML."""

from __future__ import annotations

import re
from datetime import timedelta

import jwt
from flask import Flask
from playwright.sync_api import Browser, expect

from clinic360.extensions import db
from clinic360.models import Appointment, Role
from tests.e2e.helpers import confirmed_appointment, log_in, new_page
from tests.live import JITSI_SECRET


def _room(live_app: Flask, appointment_id: int) -> str:
    with live_app.app_context():
        return db.session.get(Appointment, appointment_id).room_name


def test_the_page_passes_domain_room_and_token_inside_the_window(
    browser: Browser, live_server, live_app, live_user, fake_jitsi
):
    doctor = live_user(Role.DOCTOR, full_name="Dr. Vida Video")
    patient = live_user(Role.PATIENT, full_name="Paz Patient")
    appointment_id = confirmed_appointment(live_app, doctor, patient)
    page = new_page(browser, live_server)
    log_in(page, patient)
    page.goto(f"/appointments/{appointment_id}/consultation")
    expect(page.get_by_role("heading", name="Consultation with Dr. Vida Video")).to_be_visible()
    join = page.get_by_role("button", name="Join consultation")
    expect(join).to_be_enabled()
    join.click()
    expect(page.get_by_test_id("fake-jitsi")).to_be_visible()

    calls = page.evaluate("() => window.__jitsiCalls")
    (call,) = [c for c in calls if "domain" in c]
    assert call["domain"] == fake_jitsi
    assert call["roomName"] == _room(live_app, appointment_id)
    claims = jwt.decode(call["jwt"], JITSI_SECRET, algorithms=["HS256"], audience="jitsi")
    assert claims["room"] == call["roomName"]
    assert claims["context"]["user"]["name"] == "Paz Patient"
    assert claims["context"]["user"]["moderator"] == "false"


def test_the_doctor_is_moderator_and_opens_the_lobby(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR, full_name="Dr. Lobby")
    patient = live_user(Role.PATIENT)
    appointment_id = confirmed_appointment(live_app, doctor, patient, kind="audio")
    page = new_page(browser, live_server)
    log_in(page, doctor)
    page.goto(f"/appointments/{appointment_id}/consultation")
    page.get_by_role("button", name="Join consultation").click()
    expect(page.get_by_test_id("fake-jitsi")).to_be_visible()
    (call,) = [c for c in page.evaluate("() => window.__jitsiCalls") if "domain" in c]
    claims = jwt.decode(call["jwt"], JITSI_SECRET, algorithms=["HS256"], audience="jitsi")
    assert claims["context"]["user"]["moderator"] == "true"
    assert call["startWithVideoMuted"] is True  # an audio consultation starts with no camera


def test_the_button_is_disabled_outside_the_window(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR)
    patient = live_user(Role.PATIENT)
    later = confirmed_appointment(live_app, doctor, patient, starts_in=timedelta(hours=3))
    over = confirmed_appointment(live_app, doctor, patient, starts_in=timedelta(hours=-2))
    page = new_page(browser, live_server)
    log_in(page, patient)
    page.goto(f"/appointments/{later}/consultation")
    expect(page.get_by_role("button", name="Join consultation")).to_be_disabled()
    expect(page.get_by_text(re.compile(r"^Opens in "))).to_be_visible()
    page.goto(f"/appointments/{over}/consultation")
    expect(page.get_by_role("button", name="Join consultation")).to_be_disabled()
    expect(page.get_by_text("This consultation has ended.")).to_be_visible()
    assert page.evaluate("() => window.__jitsiCalls === undefined")


def test_a_script_in_a_message_is_shown_as_text(browser: Browser, live_server, live_app, live_user):
    doctor = live_user(Role.DOCTOR, full_name="Dr. Text")
    patient = live_user(Role.PATIENT, full_name="Sam Script")
    appointment_id = confirmed_appointment(
        live_app, doctor, patient, kind="chat", starts_in=timedelta(days=1)
    )
    payload = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">hi'
    patient_page = new_page(browser, live_server)
    log_in(patient_page, patient)
    patient_page.goto(f"/appointments/{appointment_id}/consultation")
    patient_page.get_by_role("textbox", name="Message").fill(payload)
    patient_page.get_by_role("button", name="Send").click()
    conversation = patient_page.get_by_role("log", name="Conversation")
    expect(conversation.get_by_text(payload)).to_be_visible()

    doctor_page = new_page(browser, live_server)
    log_in(doctor_page, doctor)
    doctor_page.goto(f"/appointments/{appointment_id}/consultation")
    expect(doctor_page.get_by_role("log", name="Conversation").get_by_text(payload)).to_be_visible()
    assert doctor_page.evaluate("() => window.__pwned") is None
    assert patient_page.evaluate("() => window.__pwned") is None
    assert doctor_page.locator("[role=log] script, [role=log] img").count() == 0
