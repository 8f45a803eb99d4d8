"""Shared steps of the browser tests."""

from __future__ import annotations

from datetime import time, timedelta

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, DoctorSchedule, Role, ScheduleRule


def log_in(page: Page, user: dict) -> None:
    page.goto("/login")
    if user["role"] == Role.DOCTOR:
        page.get_by_role("radio", name="Doctor").check()
    page.get_by_label("Email or phone").fill(user["email"])
    page.get_by_label("Password", exact=True).fill(user["password"])
    if user["role"] == Role.DOCTOR:
        page.get_by_label("Employee ID").fill(user["employee_id"])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def new_page(browser: Browser, base_url: str, timezone_id: str = "UTC") -> Page:
    context = browser.new_context(
        base_url=base_url,
        timezone_id=timezone_id,
        locale="en-GB",
        viewport={"width": 390, "height": 844},
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def confirmed_appointment(
    live_app: Flask,
    doctor: dict,
    patient: dict,
    *,
    kind: str = "video",
    starts_in: timedelta = timedelta(minutes=5),
) -> int:
    """A confirmed appointment between the two, starting `starts_in` from now."""
    with live_app.app_context():
        if db.session.get(DoctorSchedule, doctor["id"]) is None:
            db.session.add(
                DoctorSchedule(
                    doctor_id=doctor["id"],
                    timezone="UTC",
                    slot_minutes=30,
                    min_notice_minutes=0,
                    horizon_days=30,
                    requires_approval=True,
                    late_change_hours=0,
                    rules=[
                        ScheduleRule(day_of_week=d, start_time=time(0), end_time=time(23, 30))
                        for d in range(7)
                    ],
                )
            )
        start = now_utc().replace(microsecond=0) + starts_in
        appointment = Appointment(
            doctor_id=doctor["id"],
            patient_id=patient["id"],
            start_at=start,
            end_at=start + timedelta(minutes=30),
            status="confirmed",
            consultation_type=kind,
            created_at=now_utc(),
            updated_at=now_utc(),
            proposals=[],
        )
        db.session.add(appointment)
        db.session.commit()
        return appointment.id
