"""Erasing an account (an admin completing a deletion request): visits not yet started are
cancelled even inside the late-change window, the doctor is told and the time is free again;
an erased account can never be reactivated, edited or given its second factor back; nothing
personal is left in the outbox, the device sessions or earlier requests."""

from __future__ import annotations

from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    AppointmentEvent,
    AuthSession,
    DeletionRequest,
    Notification,
    OutboxMessage,
    Role,
    User,
)
from tests.conftest import run_outbox
from tests.factories import move_into_past, slots_for


def erase(make_client, make_user, patient) -> dict:
    """The patient asks, an admin completes; the completed request."""
    request_id = patient.post("/api/account/deletion-request", {}).get_json()["id"]
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    response = admin.post(f"/api/admin/deletion-requests/{request_id}/complete")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_visits_inside_the_late_change_window_are_cancelled_and_the_doctor_told(
    app, booked, scheduled_doctor, make_client, make_user, logged_in
):
    doctor = scheduled_doctor(late_change_hours=168)  # a week: "too late" for the patient
    patient_user = make_user()
    patient, late = booked(doctor, patient=patient_user, days_ahead=3)
    _, started = booked(doctor, patient=patient_user, days_ahead=4)
    doc = logged_in(doctor)
    for visit in (late, started):
        doc.put(f"/api/appointments/{visit['id']}", {"status": "confirmed"})
    move_into_past(app, started["id"])
    cancel = patient.put(f"/api/appointments/{late['id']}", {"status": "cancelled"})
    assert cancel.status_code == 409  # the patient could not cancel it any more

    done = erase(make_client, make_user, patient)
    assert done["status"] == "completed"
    with app.app_context():
        assert db.session.get(Appointment, late["id"]).status == "cancelled"
        assert db.session.get(Appointment, started["id"]).status == "confirmed"  # under way
        (event,) = db.session.scalars(
            select(AppointmentEvent).where(
                AppointmentEvent.appointment_id == late["id"],
                AppointmentEvent.action == "cancelled",
            )
        ).all()
        assert event.actor_id is None and event.to_status == "cancelled"
        told = db.session.scalars(
            select(Notification.title).where(Notification.user_id == doctor.id)
        ).all()
        assert any("is cancelled" in title for title in told)
    free = [slot["startTime"] for slot in slots_for(make_client(), doctor.id, 3)]
    assert late["startTime"] in free


def test_an_erased_account_cannot_be_reactivated_edited_or_reset(
    app, client, make_client, make_user, logged_in
):
    patient_user = make_user(full_name="Gone Patient")
    erase(make_client, make_user, logged_in(patient_user))
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))
    url = f"/api/admin/users/{patient_user.id}"
    for response in (
        admin.put(f"{url}/active", {"isActive": True}),
        admin.delete(f"{url}/mfa"),
    ):
        assert response.status_code == 409, response.get_json()
        assert response.get_json()["error"]["code"] == "account_erased"

    client.login_as(make_user(Role.ADMIN))
    edit = f"/admin/users/edit/?id={patient_user.id}"
    token = client.get(edit).data.split(b'name="csrf_token" type="hidden" value="')[1]
    token = token.split(b'"')[0].decode()
    fields = {"full_name": "Back Again", "email": "back@example.test", "phone": ""}
    client.raw.post(edit, data={**fields, "csrf_token": token})
    client.raw.post(
        "/admin/users/action/",
        data={"action": "activate", "rowid": [str(patient_user.id)], "csrf_token": token},
    )
    with app.app_context():
        user = db.session.get(User, patient_user.id)
        assert user.full_name == "Deleted user" and user.email.endswith("@erased.invalid")
        assert user.is_active is False
    assert make_client().login("back@example.test").status_code == 401


def test_no_personal_data_is_left_in_mail_sessions_or_earlier_requests(
    app, smtp, booked, scheduled_doctor, make_client, make_user
):
    doctor = scheduled_doctor()
    patient_user = make_user(email="leaving@example.test", full_name="Lena Leaving")
    patient, _ = booked(doctor, patient=patient_user)
    run_outbox(app, now_utc())  # the booking receipt is sent, its context kept
    with app.app_context():
        sent = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.user_id == patient_user.id)
        ).all()
        assert sent and all(row.status == "sent" and row.context for row in sent)
        sent[0].last_error = "SMTPRecipientsRefused: {'leaving@example.test': (450, b'busy')}"
        db.session.commit()
    assert patient.post("/api/account/deletion-request", {"reason": "Lena, moving"}).status_code
    assert patient.delete("/api/account/deletion-request").status_code == 204
    erase(make_client, make_user, patient)

    with app.app_context():
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.user_id == patient_user.id)
        ).all()
        (farewell,) = [row for row in rows if row.kind == "account_deletion"]
        assert set(farewell.context) <= {"to", "requested", "date", "title"}
        assert "Lena" not in str(farewell.context) and "leaving@" not in str(farewell.context)
        for row in rows:
            if row is not farewell:
                assert row.context == {} and row.last_error in (None, "the account was erased")
        sessions = db.session.scalars(
            select(AuthSession).where(AuthSession.user_id == patient_user.id)
        ).all()
        assert sessions and all(
            (s.ip_address, s.user_agent, s.device_hash) == (None, None, None) for s in sessions
        )
        requests = db.session.scalars(
            select(DeletionRequest).where(DeletionRequest.user_id == patient_user.id)
        ).all()
        assert len(requests) == 2 and all(r.reason is None for r in requests)
