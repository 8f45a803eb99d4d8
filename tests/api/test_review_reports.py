"""Reports of abusive reviews: any signed-in user, once per review (also when two submits
race), never their own; limited per user; admins see the queue with the review inline,
dismiss a report (audited) or hide the review, which resolves its open reports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, AuditEvent, Review, ReviewReport, Role
from tests.api.test_reviews import card, review, visits
from tests.live import race


@pytest.fixture
def visit(app, booked, logged_in):
    return visits(app, booked, logged_in)


@pytest.fixture
def reviewed(scheduled_doctor, make_user, visit):
    """A doctor's visit reviewed by its patient: (doctor, patient client, patient, review id)."""
    doctor = scheduled_doctor()
    author = make_user(full_name="Rita Author")
    patient, appointment_id = visit(doctor, patient=author)
    created = review(patient, appointment_id, rating=1, comment="The doctor is an idiot")
    return doctor, patient, author, created.get_json()["id"]


def report(client, review_id, reason="offensive", **extra):
    return client.post(f"/api/reviews/{review_id}/reports", {"reason": reason, **extra})


def test_any_signed_in_user_reports_a_review_once_but_not_their_own(
    reviewed, make_user, logged_in, client
):
    doctor, author_client, _, review_id = reviewed
    assert report(client, review_id).status_code == 401
    reader = logged_in(make_user())
    assert report(reader, 999_999).status_code == 404
    assert report(reader, review_id, reason="boring").status_code == 422
    assert report(reader, review_id, details="x" * 1001).status_code == 422
    assert report(reader, review_id, reason=None).status_code == 422

    created = report(reader, review_id, reason="personal_information", details="  Names me. ")
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert set(body) == {"id", "reason", "createdAt"}
    assert body["reason"] == "personal_information" and body["createdAt"].endswith("Z")
    again = report(reader, review_id, reason="spam")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_reported"

    own = report(author_client, review_id)
    assert own.status_code == 409 and own.get_json()["error"]["code"] == "own_review"
    # The reviewed doctor may report it too (it may name them or others).
    assert report(logged_in(doctor), review_id, reason="false").status_code == 201


def test_a_hidden_review_cannot_be_reported(reviewed, make_user, logged_in):
    _, _, _, review_id = reviewed
    admin = logged_in(make_user(Role.ADMIN))
    admin.put(f"/api/admin/reviews/{review_id}", {"hidden": True, "reason": "Insults"})
    assert report(logged_in(make_user()), review_id).status_code == 404


def test_hiding_the_review_resolves_its_open_reports_in_one_audited_change(
    app, reviewed, make_user, logged_in, client
):
    doctor, _, _, review_id = reviewed
    readers = [logged_in(make_user()) for _ in range(3)]
    report_ids = [report(r, review_id).get_json()["id"] for r in readers]
    admin_user = make_user(Role.ADMIN)
    admin = logged_in(admin_user)
    assert readers[0].get("/api/admin/review-reports").status_code == 403

    queue = admin.get("/api/admin/review-reports").get_json()
    assert [item["id"] for item in queue["items"]] == report_ids  # oldest first
    first = queue["items"][0]
    assert first["resolution"] is None and first["resolvedAt"] is None
    assert first["review"]["id"] == review_id
    assert first["review"]["comment"] == "The doctor is an idiot"
    assert first["review"]["authorName"] == "Rita A." and first["review"]["hidden"] is False

    dismissed = admin.put(f"/api/admin/review-reports/{report_ids[0]}", {"action": "dismiss"})
    assert dismissed.status_code == 200, dismissed.get_json()
    assert dismissed.get_json()["resolution"] == "dismissed"
    again = admin.put(f"/api/admin/review-reports/{report_ids[0]}", {"action": "dismiss"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_resolved"
    assert admin.put("/api/admin/review-reports/999999", {"action": "dismiss"}).status_code == 404
    assert (
        admin.put(f"/api/admin/review-reports/{report_ids[1]}", {"action": "hide"}).status_code
        == 422
    )
    assert card(client, doctor.id) == (1.0, 1)

    hidden = admin.put(f"/api/admin/reviews/{review_id}", {"hidden": True, "reason": "Insults"})
    assert hidden.status_code == 200
    assert card(client, doctor.id) == (None, 0)
    assert admin.get("/api/admin/review-reports?status=open").get_json()["items"] == []
    resolved = admin.get("/api/admin/review-reports?status=resolved").get_json()["items"]
    assert {(item["id"], item["resolution"]) for item in resolved} == {
        (report_ids[0], "dismissed"),
        (report_ids[1], "hidden"),
        (report_ids[2], "hidden"),
    }
    assert all(item["review"]["hidden"] for item in resolved)
    assert admin.get("/api/admin/review-reports?status=maybe").status_code == 422

    # Showing the review again leaves the reports resolved.
    admin.put(f"/api/admin/reviews/{review_id}", {"hidden": False})
    assert admin.get("/api/admin/review-reports").get_json()["total"] == 0

    with app.app_context():
        trail = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.target_type.in_(["review", "review_report"]))
            .order_by(AuditEvent.id)
        ).all()
        assert [(e.action, e.target_id, e.actor_id) for e in trail] == [
            ("review_report.dismiss", report_ids[0], admin_user.id),
            ("review.hide", review_id, admin_user.id),
            ("review.show", review_id, admin_user.id),
        ]
        assert trail[1].details["reports_resolved"] == 2
        rows = db.session.scalars(select(ReviewReport).order_by(ReviewReport.id)).all()
        assert [r.resolved_by_id for r in rows] == [admin_user.id] * 3


def test_reports_are_limited_per_user(app, make_user, logged_in, scheduled_doctor, monkeypatch):
    monkeypatch.setitem(app.config, "REVIEW_REPORTS_OPEN", 2)
    monkeypatch.setitem(app.config, "REVIEW_REPORTS_PER_HOUR", 4)
    doctor = scheduled_doctor()
    review_ids = []
    with app.app_context():
        for n in range(5):
            start = now_utc() - timedelta(days=n + 1)
            appointment = Appointment(
                doctor_id=doctor.id,
                patient_id=make_user().id,
                start_at=start,
                end_at=start + timedelta(minutes=30),
                status="completed",
                consultation_type="video",
            )
            db.session.add(appointment)
            db.session.flush()
            row = Review(
                appointment_id=appointment.id,
                doctor_id=doctor.id,
                patient_id=appointment.patient_id,
                rating=3,
            )
            db.session.add(row)
            db.session.flush()
            review_ids.append(row.id)
        db.session.commit()
    reader = logged_in(make_user())
    assert report(reader, review_ids[0]).status_code == 201
    assert report(reader, review_ids[1]).status_code == 201
    capped = report(reader, review_ids[2])
    assert capped.status_code == 409 and capped.get_json()["error"]["code"] == "report_limit"
    admin = logged_in(make_user(Role.ADMIN))
    queue = admin.get("/api/admin/review-reports").get_json()["items"]
    admin.put(f"/api/admin/review-reports/{queue[0]['id']}", {"action": "dismiss"})
    assert report(reader, review_ids[2]).status_code == 201  # one of theirs was looked at
    throttled = report(reader, review_ids[3])  # the fifth request within the hour
    assert throttled.status_code == 429
    assert throttled.get_json()["error"]["code"] == "rate_limited"
    assert int(throttled.headers["Retry-After"]) > 0
    # Another user is not held back by this one's limits.
    assert report(logged_in(make_user()), review_ids[3]).status_code == 201


def test_the_report_queue_costs_the_same_queries_whatever_the_page_size(
    reviewed, make_user, logged_in, count_queries
):
    _, _, _, review_id = reviewed
    for _ in range(6):
        assert report(logged_in(make_user()), review_id).status_code == 201
    admin = logged_in(make_user(Role.ADMIN))
    counts = []
    for size in (1, 6):
        with count_queries() as counter:
            body = admin.get(f"/api/admin/review-reports?pageSize={size}").get_json()
        assert len(body["items"]) == size and body["total"] == 6
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def live_review(live_app, live_user, doctor) -> int:
    """A review of a completed visit with `doctor`, by a new patient, on the live database."""
    author = live_user(Role.PATIENT)
    with live_app.app_context():
        start = now_utc() - timedelta(hours=3)
        appointment = Appointment(
            doctor_id=doctor["id"],
            patient_id=author["id"],
            start_at=start,
            end_at=start + timedelta(minutes=30),
            status="completed",
            consultation_type="video",
        )
        db.session.add(appointment)
        db.session.flush()
        row = Review(
            appointment_id=appointment.id,
            doctor_id=doctor["id"],
            patient_id=author["id"],
            rating=2,
            comment="Spam spam",
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def test_two_reports_at_once_by_one_user_give_one(live_app, live_user, http_client):
    reader, doctor = live_user(Role.PATIENT), live_user(Role.DOCTOR)
    review_id = live_review(live_app, live_user, doctor)
    first, second = http_client(), http_client()
    for one in (first, second):
        one.login(reader)
    path = f"/api/reviews/{review_id}/reports"
    answers = race(
        lambda: first.request("POST", path, {"reason": "spam"}),
        lambda: second.request("POST", path, {"reason": "offensive"}),
    )
    assert sorted(status for status, _ in answers) == [201, 409], answers
    refused = next(body for status, body in answers if status == 409)
    assert refused["error"]["code"] == "already_reported"
    with live_app.app_context():
        reports = db.session.scalars(
            select(ReviewReport).where(ReviewReport.review_id == review_id)
        ).all()
        assert len(reports) == 1 and reports[0].reporter_id == reader["id"]


def test_a_report_sent_while_the_review_is_hidden_leaves_no_open_report(
    live_app, live_user, http_client
):
    doctor, admin_user, reader_user = (
        live_user(Role.DOCTOR),
        live_user(Role.ADMIN),
        live_user(Role.PATIENT),
    )
    admin, reader = http_client(), http_client()
    admin.login(admin_user)
    reader.login(reader_user)
    for _ in range(4):
        review_id = live_review(live_app, live_user, doctor)
        hiding = ("PUT", f"/api/admin/reviews/{review_id}", {"hidden": True, "reason": "Spam"})
        reporting = ("POST", f"/api/reviews/{review_id}/reports", {"reason": "spam"})
        hide, sent = race(
            lambda hiding=hiding: admin.request(*hiding),
            lambda reporting=reporting: reader.request(*reporting),
        )
        assert hide[0] == 200 and sent[0] in (201, 404), (hide, sent)
        with live_app.app_context():
            waiting = db.session.scalars(
                select(ReviewReport).where(
                    ReviewReport.review_id == review_id, ReviewReport.resolved_at.is_(None)
                )
            ).all()
            assert waiting == [], sent
