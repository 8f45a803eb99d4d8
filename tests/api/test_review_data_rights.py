"""A patient's reviews and reports of reviews are theirs: the export holds them (in a fixed
number of queries), and erasing the account deletes them, reports of their reviews with them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from clinic360.extensions import db
from clinic360.models import Review, ReviewReport, Role
from tests.api.test_reviews import card, review, visits


@pytest.fixture
def visit(app, booked, logged_in):
    return visits(app, booked, logged_in)


def report(client, review_id, reason="spam", **extra):
    return client.post(f"/api/reviews/{review_id}/reports", {"reason": reason, **extra})


def test_the_export_holds_the_patients_reviews_and_reports(
    scheduled_doctor, make_user, visit, logged_in, count_queries
):
    doctor = scheduled_doctor(full_name="Dr. Export")
    writer = make_user(full_name="Wanda Writer")
    patient, first_visit = visit(doctor, 0, patient=writer)
    other, other_visit = visit(doctor, 1)
    mine = review(patient, first_visit, rating=4, comment="Kind").get_json()["id"]
    theirs = review(other, other_visit, rating=1, comment="Awful").get_json()["id"]
    doc = logged_in(doctor)
    assert doc.post(f"/api/reviews/{mine}/reply", {"body": "Thank you"}).status_code == 201
    assert report(patient, theirs, reason="false", details="Not what happened").status_code == 201
    elsewhere, elsewhere_visit = visit(scheduled_doctor(), 2, patient=writer)
    assert review(elsewhere, elsewhere_visit, rating=5).status_code == 201

    assert patient.get("/api/export").status_code == 200  # an export is in the access log
    with count_queries() as counter:
        export = patient.get("/api/export").get_json()
    written = export["reviews"][0]
    assert written["id"] == mine and written["appointmentId"] == first_visit
    assert (written["doctorId"], written["doctorName"]) == (doctor.id, "Dr. Export")
    assert (written["rating"], written["comment"], written["editedAt"]) == (4, "Kind", None)
    assert written["hiddenAt"] is None and written["reply"]["body"] == "Thank you"
    (sent,) = export["reviewReports"]
    assert (sent["reviewId"], sent["reason"], sent["details"]) == (
        theirs,
        "false",
        "Not what happened",
    )
    assert sent["resolution"] is None and sent["createdAt"].endswith("Z")
    other_export = other.get("/api/export").get_json()
    assert [r["id"] for r in other_export["reviews"]] == [theirs]
    assert other_export["reviewReports"] == []

    # More reviews and reports cost no more queries.
    for n in range(3, 5):
        more, more_visit = visit(scheduled_doctor(), n, patient=writer)
        assert review(more, more_visit, rating=5).status_code == 201
    extra = review(*visit(doctor, 5), rating=3).get_json()["id"]  # by someone else
    assert report(patient, extra).status_code == 201
    with count_queries() as again:
        bigger = patient.get("/api/export").get_json()
    assert len(bigger["reviews"]) == 4 and len(bigger["reviewReports"]) == 2
    assert again.count == counter.count, (counter.count, again.count)


def test_erasure_deletes_the_patients_reviews_their_reports_and_reports_of_them(
    app, scheduled_doctor, make_user, visit, logged_in, client
):
    doctor = scheduled_doctor()
    leaving_user = make_user(full_name="Leo Leaving")
    leaving, leaving_visit = visit(doctor, 0, patient=leaving_user)
    staying, staying_visit = visit(doctor, 1)
    theirs = review(leaving, leaving_visit, rating=1, comment="Mine").get_json()["id"]
    kept = review(staying, staying_visit, rating=5).get_json()["id"]
    assert report(leaving, kept).status_code == 201
    reader_user = make_user()
    reader = logged_in(reader_user)
    assert report(reader, theirs).status_code == 201
    assert report(reader, kept).status_code == 201
    admin = logged_in(make_user(Role.ADMIN))
    assert admin.get("/api/admin/review-reports").get_json()["total"] == 3

    request_id = leaving.post("/api/account/deletion-request", {}).get_json()["id"]
    done = admin.post(f"/api/admin/deletion-requests/{request_id}/complete")
    assert done.status_code == 200, done.get_json()

    queue = admin.get("/api/admin/review-reports").get_json()["items"]
    assert [(item["review"]["id"], item["reporterId"]) for item in queue] == [
        (kept, reader_user.id)
    ]
    assert card(client, doctor.id) == (5.0, 1)
    with app.app_context():
        assert db.session.get(Review, theirs) is None
        left = db.session.scalar(
            select(func.count())
            .select_from(ReviewReport)
            .where(ReviewReport.reporter_id == leaving_user.id)
        )
        assert left == 0
