"""The author reads and edits their review within REVIEW_EDIT_DAYS (not once hidden), and the
doctor's rating, count and Bayesian rating score follow every change."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from clinic360.blueprints.reviews import service
from clinic360.config import ConfigError, load_settings
from clinic360.extensions import db
from clinic360.models import Appointment, DoctorProfile, Review, Role
from tests.api.test_reviews import card, review, visits


@pytest.fixture
def visit(app, booked, logged_in):
    return visits(app, booked, logged_in)


def path(appointment_id: int) -> str:
    return f"/api/appointments/{appointment_id}/review"


def score(app, doctor_id: int) -> Decimal:
    with app.app_context():
        return db.session.get(DoctorProfile, doctor_id).rating_score


def parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def age(app, review_id: int, days: float) -> None:
    """Make the review `days` old."""
    with app.app_context():
        row = db.session.get(Review, review_id)
        row.created_at = row.created_at - timedelta(days=days)
        db.session.commit()


def test_the_author_reads_their_review_and_nobody_else_does(
    scheduled_doctor, make_user, visit, logged_in
):
    doctor = scheduled_doctor()
    patient, appointment_id = visit(doctor)
    assert patient.get(path(appointment_id)).status_code == 404  # no review yet
    assert patient.get(path(999_999)).status_code == 404
    created = review(patient, appointment_id, rating=4, comment="Good").get_json()
    assert created["editedAt"] is None
    assert parse(created["editableUntil"]) == parse(created["createdAt"]) + timedelta(days=30)

    own = patient.get(path(appointment_id))
    assert own.status_code == 200
    body = own.get_json()
    assert (body["id"], body["rating"], body["comment"]) == (created["id"], 4, "Good")
    assert (body["hidden"], body["hiddenReason"], body["appointmentId"]) == (
        False,
        None,
        appointment_id,
    )
    assert logged_in(make_user()).get(path(appointment_id)).status_code == 404
    assert logged_in(doctor).get(path(appointment_id)).status_code == 403


def test_the_author_edits_within_the_window_and_the_rating_follows(
    app, scheduled_doctor, make_user, visit, logged_in, client
):
    doctor = scheduled_doctor()
    patient, appointment_id = visit(doctor)
    review_id = review(patient, appointment_id, rating=5, comment="Great").get_json()["id"]
    assert card(client, doctor.id) == (5.0, 1)
    assert score(app, doctor.id) == Decimal("3.750")

    for bad in ({"rating": 6}, {"rating": 0}, {"rating": 3.5}, {"rating": "4"}, {"comment": "x"}):
        assert patient.put(path(appointment_id), bad).status_code == 422, bad
    too_long = patient.put(path(appointment_id), {"rating": 3, "comment": "x" * 2001})
    assert too_long.status_code == 422
    stranger = logged_in(make_user())
    assert stranger.put(path(appointment_id), {"rating": 1}).status_code == 404
    assert logged_in(doctor).put(path(appointment_id), {"rating": 1}).status_code == 403

    age(app, review_id, days=29)
    edited = patient.put(
        path(appointment_id), {"rating": 2, "comment": "  On reflection, rushed. "}
    )
    assert edited.status_code == 200, edited.get_json()
    body = edited.get_json()
    assert (body["rating"], body["comment"]) == (2, "On reflection, rushed.")
    assert body["editedAt"] is not None and body["editedAt"].endswith("Z")
    assert parse(body["editableUntil"]) == parse(body["createdAt"]) + timedelta(days=30)
    assert card(client, doctor.id) == (2.0, 1)
    assert score(app, doctor.id) == Decimal("3.250")  # (17.5 + 2) / 6
    public = client.get(f"/api/doctors/{doctor.id}/reviews").get_json()["items"][0]
    assert (public["rating"], public["comment"], public["editedAt"]) == (
        2,
        "On reflection, rushed.",
        body["editedAt"],
    )

    # Leaving the comment out removes it: the review is replaced as a whole.
    cleared = patient.put(path(appointment_id), {"rating": 3}).get_json()
    assert (cleared["rating"], cleared["comment"]) == (3, None)

    age(app, review_id, days=1.01)  # now just over 30 days old
    closed = patient.put(path(appointment_id), {"rating": 5})
    assert closed.status_code == 409
    assert closed.get_json()["error"]["code"] == "edit_window_closed"
    assert card(client, doctor.id) == (3.0, 1)


def test_the_window_is_the_configured_number_of_days(app, scheduled_doctor, visit, monkeypatch):
    monkeypatch.setitem(app.config, "REVIEW_EDIT_DAYS", 2)
    patient, appointment_id = visit(scheduled_doctor())
    created = review(patient, appointment_id, rating=4).get_json()
    assert parse(created["editableUntil"]) == parse(created["createdAt"]) + timedelta(days=2)
    age(app, created["id"], days=2.01)
    refused = patient.put(path(appointment_id), {"rating": 5})
    assert refused.get_json()["error"]["code"] == "edit_window_closed"


def test_an_unchanged_review_is_not_marked_edited(scheduled_doctor, visit):
    patient, appointment_id = visit(scheduled_doctor())
    review(patient, appointment_id, rating=4, comment="Fine")
    same = patient.put(path(appointment_id), {"rating": 4, "comment": " Fine "})
    assert same.status_code == 200 and same.get_json()["editedAt"] is None


def test_a_hidden_review_cannot_be_edited_and_its_author_sees_why(
    app, scheduled_doctor, make_user, visit, logged_in, client
):
    doctor = scheduled_doctor()
    patient, appointment_id = visit(doctor)
    review_id = review(patient, appointment_id, rating=1, comment="Rude words").get_json()["id"]
    admin = logged_in(make_user(Role.ADMIN))
    hidden = admin.put(f"/api/admin/reviews/{review_id}", {"hidden": True, "reason": "Insults"})
    assert hidden.status_code == 200
    refused = patient.put(path(appointment_id), {"rating": 5, "comment": "Nice now"})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "review_hidden"
    own = patient.get(path(appointment_id)).get_json()
    assert (own["hidden"], own["hiddenReason"], own["rating"]) == (True, "Insults", 1)
    assert card(client, doctor.id) == (None, 0)
    assert score(app, doctor.id) == Decimal("3.500")


def test_the_rating_score_is_a_bayesian_average(app, scheduled_doctor, make_user):
    """One 5-star review scores below fifty reviews averaging 4.8; no review scores 3.5."""
    one, fifty, none = scheduled_doctor(), scheduled_doctor(), scheduled_doctor()
    patient = make_user()
    start = datetime(2026, 1, 5, 9, 0).astimezone()
    with app.app_context():
        ratings = {one.id: [5], fifty.id: [5] * 40 + [4] * 10}
        for doctor_id, stars in ratings.items():
            for n, rating in enumerate(stars):
                visit_start = start + timedelta(hours=n)
                appointment = Appointment(
                    doctor_id=doctor_id,
                    patient_id=patient.id,
                    start_at=visit_start,
                    end_at=visit_start + timedelta(minutes=30),
                    status="completed",
                    consultation_type="video",
                )
                db.session.add(appointment)
                db.session.flush()
                db.session.add(
                    Review(
                        appointment_id=appointment.id,
                        doctor_id=doctor_id,
                        patient_id=patient.id,
                        rating=rating,
                    )
                )
            service.refresh_rating(doctor_id)
        service.refresh_rating(none.id)
        db.session.commit()
        profiles = {p.user_id: p for p in db.session.query(DoctorProfile)}
        assert (profiles[one.id].rating, profiles[one.id].rating_score) == (
            Decimal("5.00"),
            Decimal("3.750"),
        )
        assert (profiles[fifty.id].rating, profiles[fifty.id].rating_count) == (Decimal("4.80"), 50)
        assert profiles[fifty.id].rating_score == Decimal("4.682")  # (17.5 + 240) / 55
        assert profiles[none.id].rating_score == Decimal("3.500")
        assert profiles[fifty.id].rating_score > profiles[one.id].rating_score
    assert service.rating_score(0, 0) == Decimal("3.500")
    assert service.rating_score(7, 2) == Decimal("3.500")  # (17.5 + 7) / 7
    assert service.rating_score(14, 3) == Decimal("3.938")  # 31.5 / 8 = 3.9375, rounded up


def test_the_review_settings_are_checked_at_start_up(tmp_path):
    config = load_settings(tmp_path, environ={}).flask_config()
    assert (
        config["REVIEW_EDIT_DAYS"],
        config["REVIEW_REPORTS_PER_HOUR"],
        config["REVIEW_REPORTS_OPEN"],
    ) == (30, 10, 20)
    chosen = load_settings(tmp_path, environ={"REVIEW_EDIT_DAYS": "0"}).flask_config()
    assert chosen["REVIEW_EDIT_DAYS"] == 0  # no edits at all
    for name, value in (
        ("REVIEW_EDIT_DAYS", "-1"),
        ("REVIEW_EDIT_DAYS", "two weeks"),
        ("REVIEW_EDIT_DAYS", "1.5"),
        ("REVIEW_EDIT_DAYS", "99999999"),  # past any date's range
        ("REVIEW_REPORTS_PER_HOUR", "0"),
        ("REVIEW_REPORTS_OPEN", "0"),
    ):
        with pytest.raises(ConfigError, match=name):
            load_settings(tmp_path, environ={name: value})
