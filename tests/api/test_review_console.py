"""The console's reviews and review reports: admins only, CSRF on every form; hiding (with a
reason), showing and dismissing go through the reviews service, so the rating, the reports and
the audit trail follow."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import AuditEvent, Review, ReviewReport, Role
from tests.api.test_admin_console import form_token
from tests.api.test_reviews import card, review, visits


@pytest.fixture
def visit(app, booked, logged_in):
    return visits(app, booked, logged_in)


@pytest.fixture
def reported(scheduled_doctor, make_user, visit, logged_in):
    """A doctor with two reviews, the second reported twice: (doctor, [review ids], [report
    ids])."""
    doctor = scheduled_doctor(full_name="Dr. Console Reviewed")
    ids = []
    for n, (rating, comment) in enumerate(((5, "Lovely doctor"), (1, "Rude, call 555-0101"))):
        patient, appointment_id = visit(doctor, n, patient=make_user(full_name=f"Author{n} Lee"))
        ids.append(review(patient, appointment_id, rating=rating, comment=comment).get_json()["id"])
    reports = []
    for reason in ("personal_information", "offensive"):
        reader = logged_in(make_user(full_name=f"Reader {reason}"))
        answer = reader.post(f"/api/reviews/{ids[1]}/reports", {"reason": reason})
        reports.append(answer.get_json()["id"])
    return doctor, ids, reports


def trail(app) -> list[tuple[str, int]]:
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.target_type.in_(["review", "review_report"]))
            .order_by(AuditEvent.id)
        ).all()
        return [(e.action, e.target_id) for e in events]


def test_only_admins_reach_the_review_pages(make_client, make_user, reported):
    _, ids, _ = reported
    for role in (Role.PATIENT, Role.DOCTOR):
        client = make_client()
        client.login_as(make_user(role))
        for path in ("/admin/reviews/", "/admin/review-reports/", f"/admin/reviews/hide/{ids[0]}"):
            assert client.get(path).status_code == 403, (role, path)
    anonymous = make_client()
    assert anonymous.get("/admin/reviews/").status_code == 302


def test_the_console_lists_reviews_and_hides_one_with_a_reason(
    app, make_client, make_user, reported
):
    doctor, ids, _ = reported
    console = make_client()
    console.login_as(make_user(Role.ADMIN))
    listing = console.get("/admin/reviews/")
    assert listing.status_code == 200
    page = listing.data.decode()
    assert "Dr. Console Reviewed" in page and "Author1 Lee" in page
    assert "Lovely doctor" in page and "Rude, call 555-0101" in page
    assert page.count(">Hide</a>") == 2

    hide = f"/admin/reviews/hide/{ids[1]}"
    form = console.get(hide)
    assert form.status_code == 200 and b"Rude, call 555-0101" in form.data
    refused = console.raw.post(hide, data={"reason": "Phone number"})
    assert refused.status_code == 400  # no CSRF token
    blank = console.raw.post(hide, data={"reason": " ", "csrf_token": form_token(form)})
    assert blank.status_code == 200 and card(console, doctor.id) == (3.0, 2)
    for hostile in ("bad\x00reason", "Phone \u202enumber"):  # NUL, a direction override
        refused = console.raw.post(hide, data={"reason": hostile, "csrf_token": form_token(form)})
        assert refused.status_code == 200 and b"control characters" in refused.data
        assert card(console, doctor.id) == (3.0, 2)
    done = console.raw.post(hide, data={"reason": "Phone number", "csrf_token": form_token(form)})
    assert done.status_code == 302, done.data[:500]
    assert card(console, doctor.id) == (5.0, 1)
    with app.app_context():
        hidden = db.session.get(Review, ids[1])
        assert (hidden.hidden_reason, hidden.hidden_at is not None) == ("Phone number", True)
        resolutions = db.session.scalars(select(ReviewReport.resolution)).all()
        assert resolutions == ["hidden", "hidden"]
    assert trail(app) == [("review.hide", ids[1])]
    listing = console.get("/admin/reviews/").data.decode()
    assert listing.count(">Hide</a>") == 1 and "Phone number" in listing
    assert "Hiding it takes it off" not in console.get(hide).data.decode()  # hidden already
    assert console.get("/admin/reviews/hide/999999").status_code == 404

    shown = console.raw.post(
        "/admin/reviews/action/",
        data={"action": "show", "rowid": [str(ids[1])], "csrf_token": form_token(form)},
    )
    assert shown.status_code == 302
    assert card(console, doctor.id) == (3.0, 2)
    assert trail(app) == [("review.hide", ids[1]), ("review.show", ids[1])]


def test_the_console_dismisses_reports_or_hides_the_review(app, make_client, make_user, reported):
    doctor, ids, reports = reported
    console = make_client()
    console.login_as(make_user(Role.ADMIN))
    queue = console.get("/admin/review-reports/")
    assert queue.status_code == 200
    page = queue.data.decode()
    assert "personal_information" in page and "Reader offensive" in page
    assert "Rude, call 555-0101" in page and "Dr. Console Reviewed" in page
    links = set(re.findall(r'href="(/admin/reviews/hide/\d+)[?"]', page))
    assert links == {f"/admin/reviews/hide/{ids[1]}"}

    token = form_token(queue)
    refused = console.raw.post(
        "/admin/review-reports/action/", data={"action": "dismiss", "rowid": [str(reports[0])]}
    )
    assert refused.status_code == 400
    dismissed = console.raw.post(
        "/admin/review-reports/action/",
        data={"action": "dismiss", "rowid": [str(reports[0])], "csrf_token": token},
    )
    assert dismissed.status_code == 302
    assert trail(app) == [("review_report.dismiss", reports[0])]
    page = console.get("/admin/review-reports/").data.decode()
    assert "Reader offensive" in page and "Reader personal_information" not in page
    assert card(console, doctor.id) == (3.0, 2)

    # Hiding the review from the queue resolves the report left, and the queue is empty.
    hide = console.get(f"/admin/reviews/hide/{ids[1]}?next=/admin/review-reports/")
    done = console.raw.post(
        f"/admin/reviews/hide/{ids[1]}?next=/admin/review-reports/",
        data={"reason": "Personal data", "csrf_token": form_token(hide)},
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/review-reports/")
    assert "Reader offensive" not in console.get("/admin/review-reports/").data.decode()
    with app.app_context():
        rows = db.session.scalars(select(ReviewReport).order_by(ReviewReport.id)).all()
        assert [r.resolution for r in rows] == ["dismissed", "hidden"]
    assert card(console, doctor.id) == (5.0, 1)


def test_the_hide_page_sends_back_only_to_the_console(make_client, make_user, reported):
    _, ids, _ = reported
    console = make_client()
    console.login_as(make_user(Role.ADMIN))
    path = f"/admin/reviews/hide/{ids[0]}?next=https://evil.example/"
    form = console.get(path)
    done = console.raw.post(path, data={"reason": "Test", "csrf_token": form_token(form)})
    assert done.status_code == 302
    assert done.headers["Location"].endswith("/admin/reviews/")
