"""A clinic admin manages the schedules of the clinic's doctors (a platform admin any
doctor's): the doctor's own settings, rules and exceptions, each change audited; another
clinic's doctors are not found, and the front desk and everyone else are refused."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import AuditEvent, Role, StaffRole
from tests.factories import slots_for

WEEK = {
    "timezone": "Europe/Lisbon",
    "slotMinutes": 20,
    "minNoticeMinutes": 0,
    "horizonDays": 30,
    "bufferMinutes": 0,
    "rules": [{"dayOfWeek": d, "startTime": "09:00", "endTime": "11:00"} for d in range(7)],
}


def _path(doctor) -> str:
    return f"/api/clinic/doctors/{doctor.id}/schedule"


def test_a_clinic_admin_sets_a_doctors_week_and_patients_book_from_it(
    app, scheduled_doctor, make_clinic, make_staff, logged_in, make_user
):
    doctor = scheduled_doctor()
    clinic = make_clinic(doctors=[doctor])
    manager = logged_in(make_staff(clinic, StaffRole.CLINIC_ADMIN))

    saved = manager.put(_path(doctor), WEEK)
    assert saved.status_code == 200, saved.get_json()
    assert manager.get(_path(doctor)).get_json()["timezone"] == "Europe/Lisbon"
    # The doctor sees what was set for them, and patients book from it.
    own = logged_in(doctor).get("/api/schedule").get_json()
    assert own["slotMinutes"] == 20 and len(own["rules"]) == 7
    patient = logged_in(make_user())
    assert len(slots_for(patient, doctor.id, 4)) == 6  # 09:00-11:00 in 20-minute slots

    day = (now_utc() + timedelta(days=4)).date().isoformat()
    added = manager.post(f"{_path(doctor)}/exceptions", {"date": day, "isAvailable": False})
    assert added.status_code == 201
    assert slots_for(patient, doctor.id, 4) == []
    listed = manager.get(f"{_path(doctor)}/exceptions").get_json()
    assert [item["id"] for item in listed["items"]] == [added.get_json()["id"]]
    removed = manager.delete(f"{_path(doctor)}/exceptions/{added.get_json()['id']}")
    assert removed.status_code == 204
    assert len(slots_for(patient, doctor.id, 4)) == 6

    with app.app_context():
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.target_id == doctor.id).order_by(AuditEvent.id)
        ).all()
        assert [(row.action, row.target_type) for row in rows] == [
            ("doctor.schedule_update", "user"),
            ("doctor.schedule_exception_add", "user"),
            ("doctor.schedule_exception_remove", "user"),
        ]


def test_other_clinics_doctors_are_not_found_and_others_are_refused(
    scheduled_doctor, make_doctor, make_clinic, make_staff, logged_in, make_user
):
    ours, theirs = scheduled_doctor(), scheduled_doctor()
    clinic = make_clinic(doctors=[ours])
    make_clinic(doctors=[theirs])
    manager = logged_in(make_staff(clinic, StaffRole.CLINIC_ADMIN))
    assert manager.get(_path(theirs)).status_code == 404
    assert manager.put(_path(theirs), WEEK).status_code == 404
    day = (now_utc() + timedelta(days=4)).date().isoformat()
    body = {"date": day, "isAvailable": False}
    assert manager.post(f"{_path(theirs)}/exceptions", body).status_code == 404
    assert manager.get(f"{_path(make_doctor())}").status_code == 404

    # Their own doctor's exception is not removable through another doctor's path.
    exception = logged_in(theirs).post("/api/schedule/exceptions", body).get_json()
    path = f"{_path(ours)}/exceptions/{exception['id']}"
    assert manager.delete(path).status_code == 404

    for caller in (make_staff(clinic), make_user(), ours):  # receptionist, patient, doctor
        assert logged_in(caller).get(_path(ours)).status_code == 403
        assert logged_in(caller).put(_path(ours), WEEK).status_code == 403


def test_a_platform_admin_manages_any_doctors_schedule(scheduled_doctor, make_user, logged_in):
    doctor = scheduled_doctor()
    admin = logged_in(make_user(Role.ADMIN))
    assert admin.put(_path(doctor), WEEK).status_code == 200
    assert admin.get(_path(doctor)).get_json()["timezone"] == "Europe/Lisbon"
    patient = make_user()
    assert admin.get(_path(patient)).status_code == 404
    assert admin.put(_path(doctor), {**WEEK, "timezone": "Mars/Olympus"}).status_code == 422
