"""Reviews of completed visits: only the visit's patient, once (also when two submits race);
the author shown as first name and initial; the doctor's one reply; admin moderation, audited;
the doctor's rating and count always what the visible reviews say; bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, AuditEvent, Review, Role
from tests.live import race


def move_back(app, appointment_id: int, hours: int) -> None:
    """Move an appointment to have started `hours` ago (distinct for each of a doctor's)."""
    with app.app_context():
        appointment = db.session.get(Appointment, appointment_id)
        length = appointment.end_at - appointment.start_at
        appointment.start_at = now_utc() - timedelta(hours=hours)
        appointment.end_at = appointment.start_at + length
        db.session.commit()


def visits(app, booked, logged_in):
    """visit(doctor, n=0, patient=None, complete=True) -> (patient client, id): a visit booked,
    confirmed and (unless complete=False) completed by the doctor, started 2 + n hours ago."""

    def factory(doctor, n: int = 0, patient=None, complete: bool = True):
        client, appointment = booked(doctor, index=n, patient=patient)
        doc = logged_in(doctor)
        assert (
            doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"}).status_code
            == 200
        )
        if complete:
            move_back(app, appointment["id"], hours=2 + n)
            done = doc.put(f"/api/appointments/{appointment['id']}", {"status": "completed"})
            assert done.status_code == 200, done.get_json()
        return client, appointment["id"]

    return factory


@pytest.fixture
def visit(app, booked, logged_in):
    return visits(app, booked, logged_in)


def review(client, appointment_id, rating=5, **extra):
    return client.post(f"/api/appointments/{appointment_id}/review", {"rating": rating, **extra})


def card(client, doctor_id):
    body = client.get(f"/api/doctors/{doctor_id}").get_json()
    return body["rating"], body["ratingCount"]


def test_only_the_patient_of_a_completed_visit_reviews_it_once(
    scheduled_doctor, make_user, visit, logged_in, client
):
    doctor = scheduled_doctor()
    patient_user = make_user(full_name="Maria Garcia")
    patient, appointment_id = visit(doctor, patient=patient_user)
    stranger = logged_in(make_user())
    assert review(stranger, appointment_id).status_code == 404
    assert review(logged_in(doctor), appointment_id).status_code == 403
    assert review(client, appointment_id).status_code == 401
    assert review(patient, 999_999).status_code == 404
    assert review(patient, appointment_id, rating=6).status_code == 422
    assert review(patient, appointment_id, rating=0).status_code == 422
    assert review(patient, appointment_id, rating=3.5).status_code == 422
    assert review(patient, appointment_id, rating="4").status_code == 422
    assert review(patient, appointment_id, comment="x" * 2001).status_code == 422

    created = review(patient, appointment_id, rating=4, comment="  Kind and clear.  ")
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["rating"] == 4 and body["comment"] == "Kind and clear."
    assert body["authorName"] == "Maria G."
    assert body["reply"] is None and body["createdAt"].endswith("Z")
    again = review(patient, appointment_id, rating=1)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_reviewed"
    assert card(client, doctor.id) == (4.0, 1)


def test_a_visit_not_completed_cannot_be_reviewed(scheduled_doctor, visit):
    patient, appointment_id = visit(scheduled_doctor(), complete=False)
    refused = review(patient, appointment_id)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "not_completed"


def test_the_list_is_public_newest_first_with_author_initials(
    scheduled_doctor, make_user, visit, client
):
    doctor = scheduled_doctor()
    names = ["Ann Lee", "Bo", "Carla Maria Diaz"]
    for n, name in enumerate(names):
        patient, appointment_id = visit(doctor, n, patient=make_user(full_name=name))
        assert (
            review(patient, appointment_id, rating=n + 3, comment=f"Visit {n}").status_code == 201
        )
    body = client.get(f"/api/doctors/{doctor.id}/reviews").get_json()
    assert [item["comment"] for item in body["items"]] == ["Visit 2", "Visit 1", "Visit 0"]
    assert [item["authorName"] for item in body["items"]] == ["Carla D.", "Bo", "Ann L."]
    assert body["total"] == 3 and body["page"] == 1 and body["pageSize"] == 20
    assert body["rating"] == 4.0 and body["ratingCount"] == 3
    assert "patientId" not in str(body) and "Diaz" not in str(body)
    paged = client.get(f"/api/doctors/{doctor.id}/reviews?page=2&pageSize=2").get_json()
    assert [item["comment"] for item in paged["items"]] == ["Visit 0"]


def test_unknown_or_unlisted_doctors_have_no_review_list(client, make_user, make_doctor):
    patient = make_user()
    unverified = make_doctor(verified=False)
    for user_id in (999_999, patient.id, unverified.id):
        assert client.get(f"/api/doctors/{user_id}/reviews").status_code == 404


def test_the_reviewed_doctor_replies_once(scheduled_doctor, visit, logged_in, client):
    doctor = scheduled_doctor()
    patient, appointment_id = visit(doctor)
    review_id = review(patient, appointment_id).get_json()["id"]
    path = f"/api/reviews/{review_id}/reply"
    assert logged_in(scheduled_doctor()).post(path, {"body": "Thanks"}).status_code == 404
    assert patient.post(path, {"body": "Me"}).status_code == 403
    doc = logged_in(doctor)
    assert doc.post(path, {"body": "   "}).status_code == 422
    assert doc.post("/api/reviews/999999/reply", {"body": "Hi"}).status_code == 404
    replied = doc.post(path, {"body": "Thank you, get well soon."})
    assert replied.status_code == 201, replied.get_json()
    assert replied.get_json()["reply"]["body"] == "Thank you, get well soon."
    second = doc.post(path, {"body": "Again"})
    assert second.status_code == 409
    listed = client.get(f"/api/doctors/{doctor.id}/reviews").get_json()["items"][0]
    assert listed["reply"]["body"] == "Thank you, get well soon."
    assert listed["reply"]["createdAt"].endswith("Z")


def test_a_hidden_review_takes_no_reply(scheduled_doctor, visit, logged_in, make_user):
    """Its words are no longer public: the doctor cannot reply to it, nor read it back."""
    doctor = scheduled_doctor()
    patient, appointment_id = visit(doctor)
    review_id = review(patient, appointment_id, comment="hidden words").get_json()["id"]
    admin = logged_in(make_user(Role.ADMIN))
    hidden = admin.put(f"/api/admin/reviews/{review_id}", {"hidden": True, "reason": "Abuse"})
    assert hidden.status_code == 200
    answer = logged_in(doctor).post(f"/api/reviews/{review_id}/reply", {"body": "But..."})
    assert answer.status_code == 404
    assert "hidden words" not in answer.get_data(as_text=True)


def test_moderation_is_admin_only_audited_and_moves_the_rating(
    app, scheduled_doctor, visit, logged_in, make_user, client
):
    doctor = scheduled_doctor()
    ids = []
    for n, rating in enumerate((5, 2)):
        patient, appointment_id = visit(doctor, n)
        ids.append(review(patient, appointment_id, rating=rating).get_json()["id"])
    assert card(client, doctor.id) == (3.5, 2)
    path = f"/api/admin/reviews/{ids[1]}"
    for outsider in (logged_in(doctor), logged_in(make_user())):
        assert outsider.put(path, {"hidden": True, "reason": "Abuse"}).status_code == 403
    admin_user = make_user(Role.ADMIN)
    admin = logged_in(admin_user)
    assert admin.put("/api/admin/reviews/999999", {"hidden": False}).status_code == 404
    no_reason = admin.put(path, {"hidden": True})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["error"]["fields"]

    hidden = admin.put(path, {"hidden": True, "reason": "Insults staff"})
    assert hidden.status_code == 200, hidden.get_json()
    assert hidden.get_json()["hidden"] is True
    assert hidden.get_json()["hiddenReason"] == "Insults staff"
    assert card(client, doctor.id) == (5.0, 1)
    listed = client.get(f"/api/doctors/{doctor.id}/reviews").get_json()
    assert [item["id"] for item in listed["items"]] == [ids[0]]
    assert (listed["total"], listed["rating"], listed["ratingCount"]) == (1, 5.0, 1)
    search = client.get("/api/doctors?sort=rating&pageSize=100").get_json()["items"]
    assert [(d["rating"], d["ratingCount"]) for d in search if d["id"] == doctor.id] == [(5.0, 1)]

    hide_other = admin.put(f"/api/admin/reviews/{ids[0]}", {"hidden": True, "reason": "Spam"})
    assert hide_other.status_code == 200
    assert card(client, doctor.id) == (None, 0)
    assert client.get(f"/api/doctors/{doctor.id}/reviews").get_json()["rating"] is None
    shown = admin.put(path, {"hidden": False})
    assert shown.status_code == 200 and shown.get_json()["hidden"] is False
    assert card(client, doctor.id) == (2.0, 1)

    with app.app_context():
        trail = db.session.scalars(
            select(AuditEvent).where(AuditEvent.target_type == "review").order_by(AuditEvent.id)
        ).all()
        assert [(e.action, e.target_id, e.actor_id) for e in trail] == [
            ("review.hide", ids[1], admin_user.id),
            ("review.hide", ids[0], admin_user.id),
            ("review.show", ids[1], admin_user.id),
        ]


def test_the_review_list_costs_the_same_queries_whatever_the_page_size(
    app, scheduled_doctor, make_user, client, count_queries
):
    doctor = scheduled_doctor()
    now = now_utc()
    with app.app_context():
        for n in range(12):
            start = now - timedelta(days=n + 1)
            appointment = Appointment(
                doctor_id=doctor.id,
                patient_id=make_user(full_name=f"Pat Number{n}").id,
                start_at=start,
                end_at=start + timedelta(minutes=30),
                status="completed",
                consultation_type="video",
            )
            db.session.add(appointment)
            db.session.flush()
            db.session.add(
                Review(
                    appointment_id=appointment.id,
                    doctor_id=doctor.id,
                    patient_id=appointment.patient_id,
                    rating=4,
                    reply_body="Thanks" if n % 2 else None,
                    replied_at=now if n % 2 else None,
                    created_at=start,
                    updated_at=start,
                )
            )
        db.session.commit()
    counts = []
    for size in (1, 12):
        with count_queries() as counter:
            body = client.get(f"/api/doctors/{doctor.id}/reviews?pageSize={size}").get_json()
        assert len(body["items"]) == size
        assert all(item["authorName"].startswith("Pat N") for item in body["items"])
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 4, counts


def test_two_submits_at_once_give_one_review(live_app, live_user, http_client):
    patient, doctor = live_user(Role.PATIENT), live_user(Role.DOCTOR)
    with live_app.app_context():
        start = now_utc() - timedelta(hours=3)
        appointment = Appointment(
            doctor_id=doctor["id"],
            patient_id=patient["id"],
            start_at=start,
            end_at=start + timedelta(minutes=30),
            status="completed",
            consultation_type="video",
        )
        db.session.add(appointment)
        db.session.commit()
        appointment_id = appointment.id
    first, second = http_client(), http_client()
    for one in (first, second):
        one.login(patient)
    path = f"/api/appointments/{appointment_id}/review"
    answers = race(
        lambda: first.request("POST", path, {"rating": 5}),
        lambda: second.request("POST", path, {"rating": 1}),
    )
    assert sorted(status for status, _ in answers) == [201, 409], answers
    with live_app.app_context():
        reviews = db.session.scalars(
            select(Review).where(Review.appointment_id == appointment_id)
        ).all()
        assert len(reviews) == 1


def test_erasing_the_author_removes_their_reviews_and_the_rating_follows(
    scheduled_doctor, make_user, visit, logged_in, client
):
    doctor = scheduled_doctor()
    staying, leaving = make_user(full_name="Stay Here"), make_user(full_name="Leave Now")
    stay_client, stay_visit = visit(doctor, 0, patient=staying)
    leave_client, leave_visit = visit(doctor, 1, patient=leaving)
    assert review(stay_client, stay_visit, rating=4).status_code == 201
    assert review(leave_client, leave_visit, rating=1, comment="My own words").status_code == 201
    assert card(client, doctor.id) == (2.5, 2)

    request_id = leave_client.post("/api/account/deletion-request", {}).get_json()["id"]
    admin = logged_in(make_user(Role.ADMIN))
    done = admin.post(f"/api/admin/deletion-requests/{request_id}/complete")
    assert done.status_code == 200, done.get_json()

    listed = client.get(f"/api/doctors/{doctor.id}/reviews").get_json()
    assert [item["rating"] for item in listed["items"]] == [4]
    assert (listed["rating"], listed["ratingCount"]) == (4.0, 1)
    assert card(client, doctor.id) == (4.0, 1)
