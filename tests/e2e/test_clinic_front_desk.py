"""The front desk in the browser: a receptionist books for a patient who phones in (a new
patient, with a name and a phone), sees them in today's queue and checks them in; times read in
the clinic's zone whatever the browser's. Each test runs in a zone where the local day has hours
left (see `early_zone`), so none depends on the time of day."""

from __future__ import annotations

import re
import secrets
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect
from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, ClinicDoctor, DoctorSchedule, Role, User
from tests.e2e.clinic_helpers import (
    early_zone,
    live_clinic,
    live_staff,
    local_today,
    today_at,
)
from tests.e2e.helpers import log_in, new_page
from tests.live import add_schedule


def test_a_receptionist_books_for_a_phoning_patient_and_checks_them_in(
    browser: Browser, live_server, live_app, live_user
):
    zone = early_zone()
    doctor = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Desk Doctor")
    add_schedule(live_app, doctor, timezone=zone, start=time(0), end=time(23, 30))
    clinic_name = f"Harbour Clinic {secrets.token_hex(2)}"
    clinic_id = live_clinic(live_app, [doctor], name=clinic_name, timezone=zone, in_person=True)
    receptionist = live_staff(live_app, clinic_id, Role.RECEPTIONIST, "Rita Reception")
    patient_name = f"Pat Phoning {secrets.token_hex(2)}"
    phone = f"+1555{secrets.randbelow(10**7):07d}"

    page = new_page(browser, live_server, zone)
    log_in(page, receptionist)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Front desk").click()
    expect(page.get_by_role("heading", name="Front desk", level=1)).to_be_visible()
    expect(page.get_by_text(clinic_name).first).to_be_visible()

    form = page.get_by_role("form", name="Book for a patient")
    form.get_by_role("radio", name="New patient").check()
    form.get_by_label("Full name").fill(patient_name)
    form.get_by_label("Phone").fill(phone)
    form.get_by_label("Doctor").select_option(label="Dr. Desk Doctor")
    # The doctor's first free time: today in this zone (the doctor's, clinic's and browser's).
    first_slot = form.get_by_role("button", name=re.compile(r"^Choose ")).first
    expect(first_slot).to_be_visible()
    first_slot.click()
    expect(first_slot).to_have_attribute("aria-pressed", "true")
    form.get_by_label("Consultation type").select_option(label=f"In person at {clinic_name}")
    form.get_by_label("Reason for visit").fill("Phoned in with a cough")
    form.get_by_role("button", name="Book appointment").click()
    booked = form.get_by_text(re.compile(rf"^Booked {patient_name} with Dr. Desk Doctor"))
    expect(booked).to_be_visible()

    queue = page.get_by_role("list", name="Queue")
    row = queue.get_by_role("listitem").filter(has_text=patient_name)
    expect(row).to_have_count(1)
    expect(row.get_by_text("Expected", exact=True)).to_be_visible()
    expect(row.get_by_text(f"In person at {clinic_name}")).to_be_visible()
    row.get_by_role("button", name=re.compile(r"^Check in")).click()
    expect(row.get_by_text("Arrived", exact=True)).to_be_visible()
    # The desk hears what it did, and is left on the row's next step.
    expect(page.get_by_role("status").filter(has_text=f"{patient_name} (")).to_contain_text(
        "checked in"
    )
    expect(row.get_by_role("button", name=re.compile(r"^Call in"))).to_be_focused()

    with live_app.app_context():
        patient = db.session.scalars(select(User).where(User.full_name == patient_name)).one()
        assert patient.role == Role.PATIENT and patient.phone == phone
        visit = db.session.scalars(
            select(Appointment).where(Appointment.patient_id == patient.id)
        ).one()
        assert visit.doctor_id == doctor["id"] and visit.clinic_id == clinic_id
        assert visit.consultation_type == "in_person"
        assert visit.checked_in_at is not None and visit.checked_in_by_id == receptionist["id"]
        assert visit.start_at.astimezone(ZoneInfo(zone)).date() == local_today(zone)


def test_a_clinic_admin_sets_a_doctors_weekly_hours_from_the_front_desk(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Hours Kept")
    clinic_id = live_clinic(live_app, [doctor], name=f"Hours Clinic {secrets.token_hex(2)}")
    admin = live_staff(live_app, clinic_id, Role.CLINIC_ADMIN, "Cora Admin")

    page = new_page(browser, live_server, "UTC")
    log_in(page, admin)
    page.goto("/front-desk")
    doctors = page.get_by_role("region", name="Doctors")
    doctors.get_by_role("link", name="Edit schedule of Dr. Hours Kept").click()
    expect(page.get_by_role("heading", name="Schedule of Dr. Hours Kept")).to_be_visible()
    page.get_by_role("button", name="Add hours on Monday").click()
    monday = page.get_by_role("group", name="Monday")
    monday.get_by_label("From").last.fill("09:00")
    monday.get_by_label("To").last.fill("12:00")
    page.get_by_role("button", name="Save schedule").click()
    expect(page.get_by_text("Schedule saved.")).to_be_visible()

    with live_app.app_context():
        schedule = db.session.get(DoctorSchedule, doctor["id"])
        assert schedule is not None
        assert [(r.day_of_week, r.start_time, r.end_time) for r in schedule.rules] == [
            (0, time(9), time(12))
        ]


def test_a_clinic_admin_adds_a_doctor_and_a_receptionist(
    browser: Browser, live_server, live_app, live_user
):
    tag = secrets.token_hex(3)
    doctor = live_user(Role.DOCTOR, specialty="Cardiology", full_name=f"Dr. Joiner {tag}")
    clinic_id = live_clinic(live_app, [], name=f"Growing Clinic {tag}")
    admin = live_staff(live_app, clinic_id, Role.CLINIC_ADMIN, "Gail Admin")
    email = f"desk-{tag}@example.test"

    page = new_page(browser, live_server, "UTC")
    log_in(page, admin)
    page.goto("/front-desk")
    doctors = page.get_by_role("region", name="Doctors")
    doctors.get_by_label("Add a doctor").fill(f"Joiner {tag}")
    doctors.get_by_role("button", name=f"Add Dr. Joiner {tag}").click()
    expect(doctors.get_by_text(f"Dr. Joiner {tag} now practises at Growing Clinic")).to_be_visible()
    clinic_doctors = doctors.get_by_role("list", name="Doctors of the clinic")
    expect(clinic_doctors.get_by_role("link", name=f"Dr. Joiner {tag}", exact=True)).to_be_visible()

    staff = page.get_by_role("region", name="Staff")
    form = staff.get_by_role("form", name="Add a receptionist")
    form.get_by_label("Full name").fill("Ravi Desk")
    form.get_by_label("Email").fill(email)
    form.get_by_role("button", name="Add receptionist").click()
    expect(form.get_by_text("Ravi Desk was added and mailed a link")).to_be_visible()
    # The row, not only the name: its Remove button names the member too.
    ravi = (
        staff.get_by_role("list", name="Staff").get_by_role("listitem").filter(has_text="Ravi Desk")
    )
    expect(ravi.get_by_text("Receptionist", exact=True)).to_be_visible()

    with live_app.app_context():
        assert db.session.get(ClinicDoctor, (clinic_id, doctor["id"])) is not None
        member = db.session.scalars(select(User).where(User.email == email)).one()
        assert member.role == Role.RECEPTIONIST

    # Removing the doctor again: the outcome takes focus, their Remove button being gone.
    clinic_doctors.get_by_role("button", name=f"Remove Dr. Joiner {tag}").click()
    page.get_by_role("dialog").get_by_role("button", name="Remove").click()
    outcome = doctors.get_by_text(f"Dr. Joiner {tag} no longer practises at Growing Clinic")
    expect(outcome).to_be_visible()
    expect(doctors.get_by_text("No doctors practise here yet.")).to_be_visible()
    expect(page.locator(":focus")).to_contain_text("no longer practises")
    with live_app.app_context():
        assert db.session.get(ClinicDoctor, (clinic_id, doctor["id"])) is None


def test_a_receptionist_moves_one_visit_and_cancels_another(
    browser: Browser, live_server, live_app, live_user
):
    zone = early_zone()
    doctor = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Moves Often")
    add_schedule(live_app, doctor, timezone=zone, start=time(0), end=time(23, 30))
    clinic_id = live_clinic(
        live_app, [doctor], name=f"Busy Clinic {secrets.token_hex(2)}", timezone=zone
    )
    receptionist = live_staff(live_app, clinic_id, Role.RECEPTIONIST, "Rory Reception")
    mover, canceller = live_user(Role.PATIENT), live_user(Role.PATIENT)
    # Two visits this evening at the clinic (its day has 14 hours or more left), one by one.
    now = now_utc()
    first_start = today_at(zone, time(20))
    ids = []
    with live_app.app_context():
        for patient, start in [(mover, first_start), (canceller, first_start + timedelta(hours=1))]:
            visit = Appointment(
                doctor_id=doctor["id"],
                patient_id=patient["id"],
                clinic_id=clinic_id,
                start_at=start,
                end_at=start + timedelta(minutes=30),
                status="confirmed",
                consultation_type="video",
                created_at=now,
                updated_at=now,
                proposals=[],
            )
            db.session.add(visit)
            db.session.flush()
            ids.append(visit.id)
        db.session.commit()

    page = new_page(browser, live_server, zone)
    log_in(page, receptionist)
    page.goto("/front-desk")
    queue = page.get_by_role("list", name="Queue")
    queue.get_by_role("button", name=f"Move {mover['full_name']}'s visit").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name=re.compile(r"^Move to ")).last.click()
    expect(page.get_by_role("status").filter(has_text="visit moved to")).to_be_visible()

    queue.get_by_role("button", name=f"Cancel {canceller['full_name']}'s visit").click()
    page.get_by_role("dialog").get_by_role("button", name="Cancel visit").click()
    row = queue.get_by_role("listitem").filter(has_text=canceller["full_name"])
    expect(row.get_by_text("Cancelled", exact=True)).to_be_visible()
    # Focus is left on the cancelled visit's row, its buttons gone.
    expect(row).to_be_focused()

    with live_app.app_context():
        moved, cancelled = (db.session.get(Appointment, id_) for id_ in ids)
        assert moved is not None and moved.start_at != first_start
        assert cancelled is not None and cancelled.status == "cancelled"


def test_the_desk_books_in_the_clinics_time_zone_not_the_browsers(
    browser: Browser, live_server, live_app, live_user
):
    zone = early_zone()
    # The doctor sees patients at 20:00 only (in the clinic's zone, still ahead today).
    doctor = live_user(Role.DOCTOR, specialty="Cardiology", full_name="Dr. Evening Only")
    add_schedule(live_app, doctor, timezone=zone, start=time(20), end=time(20, 30))
    clinic_name = f"Zone Clinic {secrets.token_hex(2)}"
    clinic_id = live_clinic(live_app, [doctor], name=clinic_name, timezone=zone, in_person=True)
    receptionist = live_staff(live_app, clinic_id, Role.RECEPTIONIST, "Zoe Reception")
    patient_name = f"Pat Faraway {secrets.token_hex(2)}"

    # UTC+14: a whole number of hours from every zone the clinic may be in, never 0.
    page = new_page(browser, live_server, "Pacific/Kiritimati")
    log_in(page, receptionist)
    page.goto("/front-desk")
    form = page.get_by_role("form", name="Book for a patient")
    form.get_by_role("radio", name="New patient").check()
    form.get_by_label("Full name").fill(patient_name)
    form.get_by_label("Phone").fill(f"+1555{secrets.randbelow(10**7):07d}")
    form.get_by_label("Doctor").select_option(label="Dr. Evening Only")
    expect(form.get_by_text(f"Times are shown in the clinic's time zone ({zone})")).to_be_visible()
    first_slot = form.get_by_role("button", name=re.compile(r"^Choose 20:00"))
    expect(first_slot.first).to_be_visible()
    first_slot.first.click()
    # The clinic's 20:00, its zone named as it is not the browser's.
    chosen = form.get_by_text(re.compile(rf"20:00 \({re.escape(zone)}\) with Dr\. Evening Only"))
    expect(chosen).to_be_visible()
    form.get_by_role("button", name="Book appointment").click()
    booked = form.get_by_text(
        re.compile(rf"^Booked {patient_name} with Dr\. Evening Only, .*20:00 \({re.escape(zone)}\)")
    )
    expect(booked).to_be_visible()

    queue = page.get_by_role("list", name="Queue")
    row = queue.get_by_role("listitem").filter(has_text=patient_name)
    expect(row).to_contain_text("20:00")

    with live_app.app_context():
        patient = db.session.scalars(select(User).where(User.full_name == patient_name)).one()
        visit = db.session.scalars(
            select(Appointment).where(Appointment.patient_id == patient.id)
        ).one()
        assert visit.start_at == today_at(zone, time(20))
