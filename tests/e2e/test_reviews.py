"""Reviews in the browser: a patient reviews a completed visit from the appointment page (the
link of the review request) and edits it, the doctor's profile shows it with the rating, the
doctor replies, and another patient reports it once."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, Role
from tests.e2e.helpers import log_in, new_page


def _completed_visit(live_app: Flask, doctor: dict, patient: dict) -> int:
    with live_app.app_context():
        start = now_utc().replace(microsecond=0) - timedelta(days=1)
        appointment = Appointment(
            doctor_id=doctor["id"],
            patient_id=patient["id"],
            start_at=start,
            end_at=start + timedelta(minutes=30),
            status="completed",
            consultation_type="video",
            created_at=start - timedelta(days=2),
            updated_at=start,
            proposals=[],
        )
        db.session.add(appointment)
        db.session.commit()
        return appointment.id


def _reviews(page: Page):
    return page.get_by_role("region", name="Reviews")


def test_a_patient_reviews_a_visit_it_shows_on_the_profile_and_the_doctor_replies(
    browser: Browser, live_server, live_app, live_user
):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology", full_name="Dr. Rhea Viewed")
    patient = live_user(Role.PATIENT, full_name="Bea Reviewer")
    visit = _completed_visit(live_app, doctor, patient)

    page = new_page(browser, live_server)
    log_in(page, patient)
    # The review request's link brings the form into view with the first star focused.
    page.goto(f"/appointments/{visit}?review=1")
    form = page.get_by_role("region", name="How was your visit?")
    expect(form).to_be_visible()
    expect(form.get_by_role("radio", name="1 star, poor")).to_be_focused()
    form.get_by_role("button", name="Post review").click()
    expect(form.get_by_text("Choose from 1 to 5 stars.")).to_be_visible()
    # The stars are a radio group: arrow keys choose.
    expect(form.get_by_role("radio", name="1 star, poor")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(form.get_by_role("radio", name="4 stars, very good")).to_be_checked()
    form.get_by_label("Comment").fill("Listened carefully and explained the treatment.")
    expect(form.get_by_text("47 of 2000 characters.")).to_be_visible()
    form.get_by_role("button", name="Post review").click()

    mine = page.get_by_role("region", name="Your review")
    expect(mine.get_by_text("Your review is on Dr. Rhea Viewed's profile.")).to_be_visible()
    expect(mine.get_by_text("4 out of 5 stars")).to_be_attached()
    # Inside the edit window: change it to five stars.
    mine.get_by_role("button", name="Edit your review").click()
    edit = page.get_by_role("region", name="How was your visit?")
    expect(edit.get_by_role("radio", name="4 stars, very good")).to_be_checked()
    edit.locator("label", has_text="5 stars, excellent").click()
    edit.get_by_role("button", name="Save changes").click()
    expect(mine.get_by_text("Your review is updated.")).to_be_visible()
    expect(mine.get_by_text("5 out of 5 stars")).to_be_attached()

    page.get_by_role("link", name="View the doctor's profile").click()
    reviews = _reviews(page)
    summary = reviews.get_by_role("group", name="Average rating")
    expect(summary).to_contain_text("5.0")
    expect(summary).to_contain_text("from 1 review")
    review = reviews.get_by_role("article", name="Review by Bea R.")
    expect(review).to_contain_text("Listened carefully and explained the treatment.")
    expect(review.get_by_text("Edited")).to_be_visible()
    # The header's rating follows too.
    expect(page.get_by_text(re.compile(r"5\.0\s*out of 5 \(1 rating\)"))).to_be_visible()
    # A patient can report, not reply.
    expect(review.get_by_role("button", name=re.compile("^Reply"))).to_have_count(0)
    expect(review.get_by_role("button", name="Report the review by Bea R.")).to_be_visible()

    doctor_page = new_page(browser, live_server)
    log_in(doctor_page, doctor)
    doctor_page.goto(f"/doctors/{doctor['id']}")
    review = _reviews(doctor_page).get_by_role("article", name="Review by Bea R.")
    review.get_by_role("button", name="Reply to Bea R.").click()
    reply = review.get_by_label("Your reply to Bea R.")
    expect(reply).to_be_focused()
    reply.fill("Thank you, glad it helped.")
    review.get_by_role("button", name="Post reply").click()
    expect(review.get_by_text("Reply from Dr. Rhea Viewed")).to_be_visible()
    expect(review.get_by_text("Thank you, glad it helped.")).to_be_visible()
    expect(review.get_by_role("button", name=re.compile("^Reply"))).to_have_count(0)

    page.reload()
    expect(_reviews(page).get_by_text("Thank you, glad it helped.")).to_be_visible()
    doctor_page.context.close()
    page.context.close()


def test_a_review_is_reported_once_and_a_second_report_is_answered_kindly(
    browser: Browser, live_server, live_app, live_user, http_client
):
    doctor = live_user(Role.DOCTOR, full_name="Dr. Tom Reported")
    author = live_user(Role.PATIENT, full_name="Ann Author")
    visit = _completed_visit(live_app, doctor, author)
    client = http_client()
    client.login(author)
    status, _ = client.request(
        "POST", f"/api/appointments/{visit}/review", {"rating": 1, "comment": "Buy cheap pills"}
    )
    assert status == 201

    page = new_page(browser, live_server)
    page.goto(f"/doctors/{doctor['id']}")
    review = _reviews(page).get_by_role("article", name="Review by Ann A.")
    expect(review).to_contain_text("Buy cheap pills")
    # Anonymous visitors can't report.
    expect(review.get_by_role("button", name=re.compile("^Report"))).to_have_count(0)

    log_in(page, live_user(Role.PATIENT))
    for attempt in range(2):
        page.goto(f"/doctors/{doctor['id']}")
        review = _reviews(page).get_by_role("article", name="Review by Ann A.")
        review.get_by_role("button", name="Report the review by Ann A.").click()
        dialog = page.get_by_role("dialog", name="Report this review")
        dialog.get_by_label("Why are you reporting it?").select_option(label="Spam or advertising")
        dialog.get_by_label("Details").fill("An advert")
        dialog.get_by_role("button", name="Send report").click()
        expected = (
            "A moderator will look at this review."
            if attempt == 0
            else "You have reported this review already."
        )
        expect(dialog.get_by_role("status")).to_contain_text(expected)
        expect(dialog.get_by_role("alert")).to_have_count(0)
        dialog.get_by_role("button", name="Close").click()
        expect(review.get_by_text("You reported this review.")).to_be_visible()
    page.context.close()
