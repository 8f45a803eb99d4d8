"""The demo's ratings are earned: seed-demo adds completed visits with reviews (one answered)
and each doctor's rating, count and score are what those reviews say."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from clinic360.blueprints.reviews import service
from clinic360.cli import DEMO_DOCTORS, DEMO_REVIEWS
from clinic360.extensions import db
from clinic360.models import Appointment, DoctorProfile, Review, User
from tests.api.test_cli import run


def test_the_demo_doctors_ratings_come_from_reviewed_visits(app, client):
    assert run(app, "seed-demo").exit_code == 0
    stars = defaultdict(list)
    for employee_id, _email, _days, rating, _comment in DEMO_REVIEWS:
        stars[employee_id].append(rating)
    with app.app_context():
        ids = dict(db.session.execute(select(User.email, User.id)).all())
        scores = dict(
            db.session.execute(select(DoctorProfile.user_id, DoctorProfile.rating_score)).all()
        )
    rated = 0
    for doctor in DEMO_DOCTORS:
        doctor_id, given = ids[doctor["email"]], stars.get(doctor["employee_id"], [])
        listed = client.get(f"/api/doctors/{doctor_id}/reviews").get_json()
        expected = round(sum(given) / len(given), 2) if given else None
        assert (listed["rating"], listed["ratingCount"], listed["total"]) == (
            expected,
            len(given),
            len(given),
        ), doctor["name"]
        assert scores[doctor_id] == service.rating_score(sum(given), len(given))
        rated += bool(given)
    assert rated >= 4
    with app.app_context():
        replies = select(func.count()).select_from(Review).where(Review.reply_body.is_not(None))
        assert db.session.scalar(replies) == 1
        assert db.session.scalar(select(func.count()).select_from(Review)) == len(DEMO_REVIEWS)
        reviewed = select(Appointment.status).join(Review, Review.appointment_id == Appointment.id)
        assert db.session.scalars(reviewed.distinct()).all() == ["completed"]
    assert "nothing seeded" in run(app, "seed-demo").output
